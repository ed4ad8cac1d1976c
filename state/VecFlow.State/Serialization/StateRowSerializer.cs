using VecFlow.Vector.Types;

namespace VecFlow.State.Serialization;

/// <summary>Serializes <see cref="StateRow"/>s of one schema: a null bitmap, then each present field in its physical width.</summary>
/// <remarks>
/// Bytes: ceil(n / 8) bytes of null bits (bit i set = field i is NULL), then per non-null field BOOLEAN / TINYINT one
/// byte, SMALLINT two, INT / DATE / TIME / INTERVAL YEAR TO MONTH / FLOAT four (FLOAT as float bits), BIGINT /
/// TIMESTAMP / INTERVAL DAY TO SECOND / DOUBLE eight, DECIMAL sixteen, all little-endian; VARCHAR a LEB128 length
/// and UTF-8.
/// </remarks>
public sealed class StateRowSerializer : IStateSerializer<StateRow>
{
    private readonly SqlType[] _types;

    public StateRowSerializer(IReadOnlyList<SqlType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types = [.. types];
        Layout = "ROW<" + string.Join(", ", types.Select(t => t.WithNullable(true).ToString())) + ">";
    }

    public string Layout { get; }

    public int FormatVersion => 1;

    public void Write(StateRow value, StateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.FieldCount != _types.Length)
        {
            throw new ArgumentException($"The row has {value.FieldCount} fields but the state's layout is {Layout}.", nameof(value));
        }

        for (int b = 0; b < _types.Length; b += 8)
        {
            byte bits = 0;
            for (int i = b; i < Math.Min(b + 8, _types.Length); i++)
            {
                if (value.IsNull(i))
                {
                    bits |= (byte)(1 << (i - b));
                }
            }

            writer.WriteByte(bits);
        }

        for (int i = 0; i < _types.Length; i++)
        {
            if (value.IsNull(i))
            {
                continue;
            }

            SqlType type = _types[i];
            switch (type.Kind)
            {
                case SqlTypeKind.Varchar: writer.WriteString(value.GetString(i)); break;
                case SqlTypeKind.Boolean: writer.WriteByte((byte)value.GetInt64(i)); break;
                case SqlTypeKind.Float: writer.WriteInt32(BitConverter.SingleToInt32Bits((float)value.GetDouble(i))); break;
                case SqlTypeKind.Double: writer.WriteDouble(value.GetDouble(i)); break;
                case SqlTypeKind.Decimal: writer.WriteInt128(value.GetDecimal(i)); break;
                default:
                    long x = value.GetInt64(i);
                    switch (type.FixedWidth)
                    {
                        case 1: writer.WriteByte((byte)(sbyte)x); break;
                        case 2: writer.WriteInt16((short)x); break;
                        case 4: writer.WriteInt32((int)x); break;
                        case 8: writer.WriteInt64(x); break;
                        default: throw new NotSupportedException($"A state row cannot hold {type}.");
                    }

                    break;
            }
        }
    }

    public StateRow Read(ref StateReader reader)
    {
        var row = new StateRow(_types);
        ReadOnlySpan<byte> nulls = reader.ReadRaw((_types.Length + 7) / 8);
        for (int i = 0; i < _types.Length; i++)
        {
            if ((nulls[i >> 3] & (1 << (i & 7))) != 0)
            {
                continue;
            }

            SqlType type = _types[i];
            switch (type.Kind)
            {
                case SqlTypeKind.Varchar: row.SetString(i, reader.ReadString()); break;
                case SqlTypeKind.Boolean: row.SetInt64(i, reader.ReadByte()); break;
                case SqlTypeKind.Float: row.SetDouble(i, BitConverter.Int32BitsToSingle(reader.ReadInt32())); break;
                case SqlTypeKind.Double: row.SetDouble(i, reader.ReadDouble()); break;
                case SqlTypeKind.Decimal: row.SetDecimal(i, reader.ReadInt128()); break;
                default:
                    row.SetInt64(i, type.FixedWidth switch
                    {
                        1 => (sbyte)reader.ReadByte(),
                        2 => reader.ReadInt16(),
                        4 => reader.ReadInt32(),
                        _ => reader.ReadInt64(),
                    });
                    break;
            }
        }

        return row;
    }
}
