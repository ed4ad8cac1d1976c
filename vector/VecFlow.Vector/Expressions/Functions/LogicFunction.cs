using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>AND, OR and NOT with SQL three-valued logic.</summary>
public sealed class LogicFunction : ScalarFunction
{
    private readonly Kind _kind;

    private LogicFunction(Kind kind) => _kind = kind;

    private enum Kind
    {
        And,
        Or,
        Not,
    }

    public static LogicFunction And { get; } = new(Kind.And);

    public static LogicFunction Or { get; } = new(Kind.Or);

    public static LogicFunction Not { get; } = new(Kind.Not);

    public override string Name => _kind.ToString().ToUpperInvariant();

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        using ColumnVector a = arguments[0].ToColumn(length, pool);
        if (_kind == Kind.Not)
        {
            return LogicKernels.Not(a, pool);
        }

        using ColumnVector b = arguments[1].ToColumn(length, pool);
        return _kind == Kind.And ? LogicKernels.And(a, b, pool) : LogicKernels.Or(a, b, pool);
    }
}
