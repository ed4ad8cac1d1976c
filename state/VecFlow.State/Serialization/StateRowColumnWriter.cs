using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.State.Serialization;

/// <summary>
/// Serializes rows straight from columns into the <see cref="StateRowSerializer"/> format, with no object per row: for an
/// operator that keeps many input rows in state and reads few of them back (an interval join's append-only side).
/// </summary>
/// <remarks>
/// The row's fields are the columns' values followed by <c>trailing</c> BIGINT fields (a join's count and match count),
/// so the bytes equal those of a <see cref="StateRow"/> of types <c>columns' types ++ BIGINT...</c> written by
/// <see cref="StateRowSerializer"/>.
/// </remarks>
public static class StateRowColumnWriter
{
    /// <summary>Writes row <paramref name="row"/> of <paramref name="columns"/>, then <paramref name="trailing"/>, to <paramref name="writer"/>.</summary>
    public static void Write(IReadOnlyList<ColumnVector> columns, int row, ReadOnlySpan<long> trailing, StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(writer);
        int fields = columns.Count + trailing.Length;
        for (int b = 0; b < fields; b += 8)
        {
            byte bits = 0;
            for (int i = b; i < Math.Min(b + 8, columns.Count); i++)
            {
                if (columns[i].Type.Kind == SqlTypeKind.Null || columns[i].IsNull(row))
                {
                    bits |= (byte)(1 << (i - b));
                }
            }

            writer.WriteByte(bits);
        }

        foreach (ColumnVector column in columns)
        {
            if (column.Type.Kind != SqlTypeKind.Null && !column.IsNull(row))
            {
                WriteValue(column, row, writer);
            }
        }

        foreach (long value in trailing)
        {
            writer.WriteInt64(value);
        }
    }

    private static void WriteValue(ColumnVector column, int row, StateWriter writer)
    {
        SqlType type = column.Type;
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar: writer.WriteBytes(column.StringAt(row)); break;
            case SqlTypeKind.Boolean: writer.WriteByte(Bits.Get(column.BooleanWords, row) ? (byte)1 : (byte)0); break;
            case SqlTypeKind.Float: writer.WriteInt32(BitConverter.SingleToInt32Bits(column.Values<float>()[row])); break;
            case SqlTypeKind.Double: writer.WriteDouble(column.Values<double>()[row]); break;
            case SqlTypeKind.Decimal: writer.WriteInt128(column.Values<Int128>()[row]); break;
            default:
                switch (type.FixedWidth)
                {
                    case 1: writer.WriteByte((byte)column.Values<sbyte>()[row]); break;
                    case 2: writer.WriteInt16(column.Values<short>()[row]); break;
                    case 4: writer.WriteInt32(column.Values<int>()[row]); break;
                    case 8: writer.WriteInt64(column.Values<long>()[row]); break;
                    default: throw new NotSupportedException($"A state row cannot hold {type}.");
                }

                break;
        }
    }

    /// <summary>An integer-backed value (TINYINT..BIGINT, DATE, TIME, TIMESTAMP, INTERVAL) of row <paramref name="row"/> as a long; the column must not be NULL there.</summary>
    public static long Integer(ColumnVector column, int row)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Type.FixedWidth switch
        {
            1 => column.Values<sbyte>()[row],
            2 => column.Values<short>()[row],
            4 => column.Values<int>()[row],
            8 => column.Values<long>()[row],
            _ => throw new NotSupportedException($"{column.Type} is not an integer-backed type."),
        };
    }
}
