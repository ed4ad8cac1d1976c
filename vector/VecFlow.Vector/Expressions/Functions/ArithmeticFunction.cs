using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>+, -, *, /, % with overflow and division-by-zero errors on live rows (see <see cref="ArithmeticKernels"/>).</summary>
public sealed class ArithmeticFunction : ScalarFunction
{
    private ArithmeticFunction(ArithmeticOp op, string name)
    {
        Op = op;
        Name = name;
    }

    public static ArithmeticFunction Add { get; } = new(ArithmeticOp.Add, "+");

    public static ArithmeticFunction Subtract { get; } = new(ArithmeticOp.Subtract, "-");

    public static ArithmeticFunction Multiply { get; } = new(ArithmeticOp.Multiply, "*");

    public static ArithmeticFunction Divide { get; } = new(ArithmeticOp.Divide, "/");

    public static ArithmeticFunction Modulo { get; } = new(ArithmeticOp.Modulo, "%");

    public static ArithmeticFunction For(ArithmeticOp op) => op switch
    {
        ArithmeticOp.Add => Add,
        ArithmeticOp.Subtract => Subtract,
        ArithmeticOp.Multiply => Multiply,
        ArithmeticOp.Divide => Divide,
        _ => Modulo,
    };

    public ArithmeticOp Op { get; }

    /// <summary>The result type of <c>left op right</c> under SQL's typing rules, or null when the operator does not apply.</summary>
    public SqlType? ResultType(SqlType left, SqlType right) => ArithmeticTyping.TryPlan(left, Op, right)?.Result;

    /// <summary>The operand types the operator accepts, for error messages.</summary>
    public string ValidForms => ArithmeticTyping.ValidForms(Op);

    public override string Name { get; }

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        Operand left = arguments[0];
        Operand right = arguments[1];
        // The kernels narrow `live` to rows whose inputs are non-NULL themselves.
        if (left.Column is not null && right.Column is not null)
        {
            return ArithmeticKernels.Apply(left.Column, Op, right.Column, live, pool);
        }

        if (left.Column is not null)
        {
            return ArithmeticKernels.Apply(left.Column, Op, right.Scalar!, live, pool);
        }

        if (right.Column is not null)
        {
            return ArithmeticKernels.Apply(left.Scalar!, Op, right.Column, live, pool);
        }

        ScalarValue value = ArithmeticKernels.Apply(left.Scalar!, Op, right.Scalar!);
        return ColumnFactory.Constant(value.Type, value.Value, length, pool);
    }

    public override ScalarValue InvokeScalar(IReadOnlyList<ScalarValue> arguments, BufferPool pool) =>
        ArithmeticKernels.Apply(arguments[0], Op, arguments[1]);
}

/// <summary>Unary minus; negating the smallest integer overflows.</summary>
public sealed class NegateFunction : ScalarFunction
{
    private NegateFunction()
    {
    }

    public static NegateFunction Instance { get; } = new();

    public override string Name => "NEGATE";

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        using ColumnVector input = arguments[0].ToColumn(length, pool);
        return ArithmeticKernels.Negate(input, live, pool);
    }
}
