using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Vector.Expressions.Functions;

/// <summary>The body of a <see cref="BatchFunction"/>: operands in, a new column of <c>length</c> rows out.</summary>
/// <remarks><c>live</c> holds the rows whose errors count; an empty span means every row.</remarks>
public delegate ColumnVector BatchFunctionBody(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool);

/// <summary>A named scalar function whose body dispatches to kernels; the function catalogs hold one instance per name.</summary>
public sealed class BatchFunction(string name, BatchFunctionBody body) : ScalarFunction
{
    public override string Name { get; } = name;

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool) =>
        body(arguments, length, live, pool);
}
