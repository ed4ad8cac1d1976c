using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;= on two operands of one type.</summary>
public sealed class ComparisonFunction : ScalarFunction
{
    private ComparisonFunction(ComparisonOp op) => Op = op;

    public static ComparisonFunction Equal { get; } = new(ComparisonOp.Equal);

    public static ComparisonFunction NotEqual { get; } = new(ComparisonOp.NotEqual);

    public static ComparisonFunction Less { get; } = new(ComparisonOp.Less);

    public static ComparisonFunction LessOrEqual { get; } = new(ComparisonOp.LessOrEqual);

    public static ComparisonFunction Greater { get; } = new(ComparisonOp.Greater);

    public static ComparisonFunction GreaterOrEqual { get; } = new(ComparisonOp.GreaterOrEqual);

    public static ComparisonFunction For(ComparisonOp op) => op switch
    {
        ComparisonOp.Equal => Equal,
        ComparisonOp.NotEqual => NotEqual,
        ComparisonOp.Less => Less,
        ComparisonOp.LessOrEqual => LessOrEqual,
        ComparisonOp.Greater => Greater,
        _ => GreaterOrEqual,
    };

    public ComparisonOp Op { get; }

    public override string Name => Op.ToSql();

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        Operand left = arguments[0];
        Operand right = arguments[1];
        if (left.Column is not null && right.Column is not null)
        {
            return ComparisonKernels.Compare(left.Column, Op, right.Column, pool);
        }

        if (left.Column is not null)
        {
            return ComparisonKernels.Compare(left.Column, Op, right.Scalar!, pool);
        }

        if (right.Column is not null)
        {
            return ComparisonKernels.Compare(right.Column, Op.Flip(), left.Scalar!, pool);
        }

        using ColumnVector broadcast = left.ToColumn(length, pool);
        return ComparisonKernels.Compare(broadcast, Op, right.Scalar!, pool);
    }
}
