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
        byte[] bytes = new byte[Length(column, row)];
        Write(column, row, bytes);
        return bytes;
    }

    /// <summary>How many bytes <see cref="Encode(ColumnVector, int)"/> gives for row <paramref name="row"/> of <paramref name="column"/>.</summary>
    public static int Length(ColumnVector column, int row) => column.Type.Kind switch
    {
        SqlTypeKind.Varchar => column.StringAt(row).Length + 1,
        SqlTypeKind.Boolean => 2,
        SqlTypeKind.Decimal => 17,
        _ => 9,
    };

    /// <summary>Writes the bytes of row <paramref name="row"/> of <paramref name="column"/> (not NULL there) to the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(ColumnVector column, int row, Span<byte> destination)
    {
        SqlType type = column.Type;
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                destination[0] = Tag;
                column.StringAt(row).CopyTo(destination[1..]);
                break;
            case SqlTypeKind.Boolean:
                destination[0] = Tag;
                destination[1] = (byte)((column.BooleanWords[row >> 6] >> row) & 1);
                break;
            case SqlTypeKind.Float:
                OfDouble(column.Values<float>()[row], destination);
                break;
            case SqlTypeKind.Double:
                OfDouble(column.Values<double>()[row], destination);
                break;
            case SqlTypeKind.Decimal:
                OfDecimal(column.Values<Int128>()[row], destination);
                break;
            default:
                OfInteger(
                    type.FixedWidth switch
                    {
                        1 => column.Values<sbyte>()[row],
                        2 => column.Values<short>()[row],
                        4 => column.Values<int>()[row],
                        8 => column.Values<long>()[row],
                        _ => throw new NotSupportedException($"MIN/MAX/DISTINCT over {type} are not supported in streaming mode."),
                    },
                    destination);
                break;
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
        OfInteger(value, bytes);
        return bytes;
    }

    private static byte[] OfDecimal(Int128 value)
    {
        byte[] bytes = new byte[17];
        OfDecimal(value, bytes);
        return bytes;
    }

    private static byte[] OfDouble(double value)
    {
        byte[] bytes = new byte[9];
        OfDouble(value, bytes);
        return bytes;
    }

    private static void OfInteger(long value, Span<byte> bytes)
    {
        bytes[0] = Tag;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], value ^ long.MinValue);
    }

    private static void OfDecimal(Int128 value, Span<byte> bytes)
    {
        bytes[0] = Tag;
        BinaryPrimitives.WriteInt128BigEndian(bytes[1..], value ^ Int128.MinValue);
    }

    private static void OfDouble(double value, Span<byte> bytes)
    {
        long bits = double.IsNaN(value) ? CanonicalNaNBits : value == 0d ? 0L : BitConverter.DoubleToInt64Bits(value);

        // Non-negative doubles order like their bits with the sign set; negative ones in reverse, so all bits flip.
        bits = bits < 0 ? ~bits : bits ^ long.MinValue;
        bytes[0] = Tag;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], bits);
    }
}
