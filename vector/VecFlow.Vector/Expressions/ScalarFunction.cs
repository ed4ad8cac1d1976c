using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Expressions;

/// <summary>A scalar SQL function the evaluator can call a batch at a time.</summary>
/// <remarks>
/// Implementations dispatch to kernels. <c>live</c> holds the rows whose errors count (the batch selection narrowed by
/// enclosing CASE branches); an empty span means every row. Rows outside it may hold any value in the result.
/// Functions are singletons compared by reference, so an expression tree names its function by identity.
/// </remarks>
public abstract class ScalarFunction
{
    /// <summary>SQL name, as printed in plans.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// False when two calls with the same arguments in one batch may differ (random values, a clock read per call): such
    /// a call is never shared between equal subexpressions of a projection.
    /// </summary>
    public virtual bool IsDeterministic => true;

    /// <summary>Evaluates on columns and constants; returns a new column of <paramref name="length"/> rows.</summary>
    public abstract ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool);

    /// <summary>Evaluates on constants only (constant folding); the default evaluates a one-row batch.</summary>
    public virtual ScalarValue InvokeScalar(IReadOnlyList<ScalarValue> arguments, BufferPool pool)
    {
        var operands = arguments.Select(Operand.Of).ToList();
        using ColumnVector one = Invoke(operands, 1, default, pool);
        return new ScalarValue(one.Type, ColumnFactory.ToObjects(one)[0]);
    }

    public override string ToString() => Name;
}
