using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>One side of an arithmetic expression: a column or a constant.</summary>
internal readonly struct ArithmeticOperand
{
    private ArithmeticOperand(ColumnVector? column, ScalarValue? scalar)
    {
        Column = column;
        Scalar = scalar;
    }

    public ColumnVector? Column { get; }

    public ScalarValue? Scalar { get; }

    public SqlType Type => Column?.Type ?? Scalar!.Type;

    public bool IsScalar => Scalar is not null;

    /// <summary>Every row of this operand is NULL (a NULL constant or a column of the NULL type).</summary>
    public bool IsAllNull => Scalar is { IsNull: true } || Type.Kind == SqlTypeKind.Null;

    public static ArithmeticOperand Of(ColumnVector column) => new(column ?? throw new ArgumentNullException(nameof(column)), null);

    public static ArithmeticOperand Of(ScalarValue scalar) => new(null, scalar ?? throw new ArgumentNullException(nameof(scalar)));
}
