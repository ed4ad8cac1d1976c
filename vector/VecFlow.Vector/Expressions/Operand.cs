using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>An evaluated argument: a column of the batch's length, or one constant for every row.</summary>
/// <remarks>Constants stay scalar so kernels can use their column-scalar shapes instead of broadcasting.</remarks>
public readonly struct Operand : IDisposable
{
    private Operand(ColumnVector? column, ScalarValue? scalar)
    {
        Column = column;
        Scalar = scalar;
    }

    public ColumnVector? Column { get; }

    public ScalarValue? Scalar { get; }

    public bool IsScalar => Scalar is not null;

    public SqlType Type => Column?.Type ?? Scalar!.Type;

    public static Operand Of(ColumnVector column) => new(column, null);

    public static Operand Of(ScalarValue scalar) => new(null, scalar);

    /// <summary>The operand as a column of <paramref name="length"/> rows (a new owner either way).</summary>
    public ColumnVector ToColumn(int length, BufferPool pool) =>
        Column?.Share() ?? ColumnFactory.Constant(Scalar!.Type, Scalar.Value, length, pool);

    public void Dispose() => Column?.Dispose();
}
