using System.Buffers.Binary;
using System.Text;
using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Encodes SQL values as bytes whose ordinal order is the SQL order MIN/MAX use, and back.</summary>
/// <remarks>
/// Map state keeps its entries ordered by user-key bytes, so with these bytes the first entry of a group's value map
/// is its minimum and the last its maximum: a retracted extreme is replaced by one ordered scan. Every key starts with
/// a tag byte (never an empty key). Integer-backed types are 8 bytes big-endian with the sign bit flipped; FLOAT /
/// DOUBLE the IEEE bits made order-preserving (-0.0 as 0.0, every NaN as one NaN above +infinity, the order of
/// <c>AggregateKernels</c>); DECIMAL 16 bytes big-endian sign-flipped (one scale per column); BOOLEAN one byte
/// (FALSE first); VARCHAR its UTF-8 bytes (ordinal, as the batch kernels compare).
/// </remarks>
internal static class OrderedValueCodec
{
    private const byte Tag = 1;
    private const long CanonicalNaNBits = 0x7FF8_0000_0000_0000;

    /// <summary>The bytes of row <paramref name="row"/> of <paramref name="column"/> (which must not be NULL there).</summary>
    public static byte[] Encode(ColumnVector column, int row)
    {
        SqlType type = column.Type;
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                {
                    ReadOnlySpan<byte> s = column.StringAt(row);
                    byte[] bytes = new byte[s.Length + 1];
                    bytes[0] = Tag;
                    s.CopyTo(bytes.AsSpan(1));
                    return bytes;
                }

            case SqlTypeKind.Boolean:
                return [Tag, (byte)((column.BooleanWords[row >> 6] >> row) & 1)];
            case SqlTypeKind.Float:
                return OfDouble(column.Values<float>()[row]);
            case SqlTypeKind.Double:
                return OfDouble(column.Values<double>()[row]);
            case SqlTypeKind.Decimal:
                return OfDecimal(column.Values<Int128>()[row]);
            default:
                return OfInteger(type.FixedWidth switch
                {
                    1 => column.Values<sbyte>()[row],
                    2 => column.Values<short>()[row],
                    4 => column.Values<int>()[row],
                    8 => column.Values<long>()[row],
                    _ => throw new NotSupportedException($"MIN/MAX/DISTINCT over {type} are not supported in streaming mode."),
                });
        }
    }

    /// <summary>The bytes of field <paramref name="field"/> of <paramref name="row"/> (of SQL type <paramref name="type"/>, not NULL).</summary>
    public static byte[] Encode(StateRow row, int field, SqlType type) => type.Kind switch
    {
        SqlTypeKind.Varchar => [Tag, .. Encoding.UTF8.GetBytes(row.GetString(field))],
        SqlTypeKind.Boolean => [Tag, (byte)row.GetInt64(field)],
        SqlTypeKind.Float or SqlTypeKind.Double => OfDouble(row.GetDouble(field)),
        SqlTypeKind.Decimal => OfDecimal(row.GetDecimal(field)),
        _ => OfInteger(row.GetInt64(field)),
    };

    /// <summary>Sets field <paramref name="field"/> of <paramref name="row"/> to the value <paramref name="bytes"/> encode.</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, StateRow row, int field, SqlType type)
    {
        ReadOnlySpan<byte> value = bytes[1..];
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                row.SetString(field, Encoding.UTF8.GetString(value));
                break;
            case SqlTypeKind.Boolean:
                row.SetInt64(field, value[0]);
                break;
            case SqlTypeKind.Float or SqlTypeKind.Double:
                {
                    long bits = BinaryPrimitives.ReadInt64BigEndian(value);
                    bits = bits < 0 ? bits ^ long.MinValue : ~bits;
                    row.SetDouble(field, BitConverter.Int64BitsToDouble(bits));
                    break;
                }

            case SqlTypeKind.Decimal:
                row.SetDecimal(field, BinaryPrimitives.ReadInt128BigEndian(value) ^ Int128.MinValue);
                break;
            default:
                row.SetInt64(field, BinaryPrimitives.ReadInt64BigEndian(value) ^ long.MinValue);
                break;
        }
    }

    private static byte[] OfInteger(long value)
    {
        byte[] bytes = new byte[9];
        bytes[0] = Tag;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), value ^ long.MinValue);
        return bytes;
    }

    private static byte[] OfDecimal(Int128 value)
    {
        byte[] bytes = new byte[17];
        bytes[0] = Tag;
        BinaryPrimitives.WriteInt128BigEndian(bytes.AsSpan(1), value ^ Int128.MinValue);
        return bytes;
    }

    private static byte[] OfDouble(double value)
    {
        long bits = double.IsNaN(value) ? CanonicalNaNBits : value == 0d ? 0L : BitConverter.DoubleToInt64Bits(value);

        // Non-negative doubles order like their bits with the sign set; negative ones in reverse, so all bits flip.
        bits = bits < 0 ? ~bits : bits ^ long.MinValue;
        byte[] bytes = new byte[9];
        bytes[0] = Tag;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), bits);
        return bytes;
    }
}
