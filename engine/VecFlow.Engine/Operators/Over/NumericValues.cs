using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>The values of one numeric or temporal column over a window region, in managed arrays of its arithmetic kind.</summary>
/// <remarks>Integers, temporals and booleans as long; FLOAT/DOUBLE as double; DECIMAL as unscaled Int128.</remarks>
internal sealed class NumericValues
{
    public NumericValues(SqlType type, int rows)
    {
        Type = type;
        Valid = new bool[rows];
        switch (type.Kind)
        {
            case SqlTypeKind.Float or SqlTypeKind.Double:
                Doubles = new double[rows];
                break;
            case SqlTypeKind.Decimal:
                Decimals = new Int128[rows];
                break;
            case SqlTypeKind.Varchar or SqlTypeKind.Null:
                throw new NotSupportedException($"A {type} column has no numeric value for SUM, AVG or a RANGE frame.");
            default:
                Longs = new long[rows];
                break;
        }
    }

    public SqlType Type { get; }

    public bool[] Valid { get; }

    public long[]? Longs { get; }

    public double[]? Doubles { get; }

    public Int128[]? Decimals { get; }

    /// <summary>Copies rows start..start+count-1 of <paramref name="column"/> to positions at..at+count-1.</summary>
    public void Fill(ColumnVector column, int start, int count, int at)
    {
        for (int i = 0; i < count; i++)
        {
            Valid[at + i] = !column.IsNull(start + i);
        }

        switch (column.Type.Kind)
        {
            case SqlTypeKind.Boolean:
                for (int i = 0; i < count; i++)
                {
                    Longs![at + i] = Bits.Get(column.BooleanWords, start + i) ? 1 : 0;
                }

                break;
            case SqlTypeKind.Float:
                {
                    ReadOnlySpan<float> values = column.Values<float>().Slice(start, count);
                    for (int i = 0; i < count; i++)
                    {
                        Doubles![at + i] = values[i];
                    }

                    break;
                }

            case SqlTypeKind.Double:
                column.Values<double>().Slice(start, count).CopyTo(Doubles.AsSpan(at));
                break;
            case SqlTypeKind.Decimal:
                column.Values<Int128>().Slice(start, count).CopyTo(Decimals.AsSpan(at));
                break;
            default:
                {
                    Span<long> target = Longs.AsSpan(at, count);
                    switch (column.Type.FixedWidth)
                    {
                        case 1:
                            {
                                ReadOnlySpan<sbyte> values = column.Values<sbyte>().Slice(start, count);
                                for (int i = 0; i < count; i++)
                                {
                                    target[i] = values[i];
                                }

                                break;
                            }

                        case 2:
                            {
                                ReadOnlySpan<short> values = column.Values<short>().Slice(start, count);
                                for (int i = 0; i < count; i++)
                                {
                                    target[i] = values[i];
                                }

                                break;
                            }

                        case 4:
                            {
                                ReadOnlySpan<int> values = column.Values<int>().Slice(start, count);
                                for (int i = 0; i < count; i++)
                                {
                                    target[i] = values[i];
                                }

                                break;
                            }

                        default:
                            column.Values<long>().Slice(start, count).CopyTo(target);
                            break;
                    }

                    break;
                }
        }
    }
}
