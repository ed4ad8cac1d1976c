using System.Buffers.Binary;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.State.Encoding;

/// <summary>Encodes the key columns of a batch's live rows into compact binary keys with their hashes and key groups.</summary>
/// <remarks>
/// Per column, a key holds one flag byte (0 = NULL, 1 = value) and, for a value: BOOLEAN one byte 0/1; integer-backed
/// types (TINYINT..BIGINT, DATE, TIME, TIMESTAMP[_LTZ], INTERVALs) their physical width, little-endian; FLOAT / DOUBLE
/// their IEEE bits after mapping -0.0 to 0.0 and every NaN to the canonical NaN; DECIMAL the 16-byte little-endian
/// unscaled Int128; VARCHAR a LEB128 length and the UTF-8 bytes. So equal SQL keys of one key schema give equal
/// bytes, and a key is self-delimiting. The hash is <see cref="HashKernels"/>' row hash, the one hash exchanges use,
/// so a key's group here is the group the exchange routed it by. Work is column at a time: sizes, then values.
/// </remarks>
public sealed class KeyEncoder
{
    private readonly SqlType[] _keyTypes;
    private ulong[] _hashScratch = new ulong[256];
    private int[] _rowScratch = new int[256];

    /// <summary>This encoder for keys of <paramref name="maxParallelism"/> key groups (itself when it already is one).</summary>
    public KeyEncoder ForMaxParallelism(int maxParallelism) =>
        maxParallelism == MaxParallelism ? this : new KeyEncoder(_keyTypes, maxParallelism);

    public KeyEncoder(IReadOnlyList<SqlType> keyTypes, int maxParallelism = KeyGroupAssignment.DefaultMaxParallelism)
    {
        ArgumentNullException.ThrowIfNull(keyTypes);
        if (keyTypes.Count == 0)
        {
            throw new ArgumentException("A key encoder needs at least one key column.", nameof(keyTypes));
        }

        foreach (SqlType type in keyTypes)
        {
            if (type.Kind != SqlTypeKind.Null && type.Kind != SqlTypeKind.Boolean && type.Kind != SqlTypeKind.Varchar && type.FixedWidth == 0)
            {
                throw new NotSupportedException($"Keys of type {type} are not supported; supported are the SQL types listed on SqlType.");
            }
        }

        KeyGroupAssignment.Validate(maxParallelism, 1);
        _keyTypes = [.. keyTypes];
        MaxParallelism = maxParallelism;
        Layout = string.Join(",", keyTypes.Select(t => t.WithNullable(true).ToString()));
    }

    public int MaxParallelism { get; }

    /// <summary>The key schema as stable text (part of a state's identity on restore).</summary>
    public string Layout { get; }

    /// <summary>Encodes the live rows of <paramref name="batch"/>'s key columns into <paramref name="into"/> (cleared first).</summary>
    public void Encode(ColumnBatch batch, ReadOnlySpan<int> keyColumns, EncodedKeys into)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(into);
        if (keyColumns.Length != _keyTypes.Length)
        {
            throw new ArgumentException($"The encoder was built for {_keyTypes.Length} key columns but got {keyColumns.Length}.", nameof(keyColumns));
        }

        if (into.MaxParallelism != MaxParallelism)
        {
            throw new ArgumentException($"The keys buffer uses max parallelism {into.MaxParallelism} but the encoder {MaxParallelism}.", nameof(into));
        }

        var columns = new ColumnVector[keyColumns.Length];
        for (int c = 0; c < keyColumns.Length; c++)
        {
            columns[c] = batch.Column(keyColumns[c]);
            if (columns[c].Type.Kind != _keyTypes[c].Kind)
            {
                throw new ArgumentException($"Key column {c} ('{batch.Names[keyColumns[c]]}') is {columns[c].Type} but the encoder expects {_keyTypes[c]}.", nameof(keyColumns));
            }
        }

        int length = batch.Length;
        if (_rowScratch.Length < length)
        {
            _rowScratch = new int[Math.Max(length, _rowScratch.Length * 2)];
            _hashScratch = new ulong[_rowScratch.Length];
        }

        Span<int> rows = _rowScratch.AsSpan(0, length);
        int count = LiveRows(batch.Selection, rows);
        rows = rows[..count];
        if (count == 0)
        {
            into.Reset(0, 0);
            return;
        }

        Span<ulong> hashes = _hashScratch.AsSpan(0, length);
        HashKernels.Hash(columns, hashes);

        // Pass 1: each key's size, column by column, then the offsets.
        into.Reset(count, 0);
        Span<int> offsets = into.WritableOffsets;
        offsets[..(count + 1)].Clear();
        foreach (ColumnVector column in columns)
        {
            AddSizes(column, rows, offsets[1..]);
        }

        for (int i = 0; i < count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        into.Reset(count, offsets[count]);

        // Pass 2: the values, column by column, each row's cursor starting at its offset.
        int[] cursors = new int[count];
        offsets[..count].CopyTo(cursors);
        Span<byte> data = into.WritableData;
        foreach (ColumnVector column in columns)
        {
            WriteColumn(column, rows, data, cursors);
        }

        Span<ulong> outHashes = into.WritableHashes;
        Span<int> groups = into.WritableKeyGroups;
        Span<int> outRows = into.WritableRows;
        for (int i = 0; i < count; i++)
        {
            ulong hash = hashes[rows[i]];
            outHashes[i] = hash;
            groups[i] = KeyGroupAssignment.KeyGroupOf(hash, MaxParallelism);
            outRows[i] = rows[i];
        }

        into.SetCount(count);
    }

    /// <summary>Encodes one key from managed values (tests, single lookups); the same bytes and hash a batch row gives.</summary>
    public void EncodeValues(IReadOnlyList<ScalarValue> values, EncodedKeys into, int row = -1)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _keyTypes.Length)
        {
            throw new ArgumentException($"The encoder was built for {_keyTypes.Length} key columns but got {values.Count} values.", nameof(values));
        }

        var writer = new Serialization.StateWriter();
        ulong hash = 0;
        for (int c = 0; c < values.Count; c++)
        {
            ScalarValue value = values[c];
            ulong h = HashKernels.HashValue(value with { Type = _keyTypes[c] });
            hash = c == 0 ? h : (hash * Vector.Kernels.Hashing.HashMixer.CombineMultiplier) + h;
            if (value.IsNull)
            {
                writer.WriteByte(0);
                continue;
            }

            writer.WriteByte(1);
            object v = value.Value!;
            switch (_keyTypes[c].Kind)
            {
                case SqlTypeKind.Boolean: writer.WriteByte((bool)v ? (byte)1 : (byte)0); break;
                case SqlTypeKind.Float: writer.WriteInt32(BitConverter.SingleToInt32Bits(CanonicalFloat(Convert.ToSingle(v, System.Globalization.CultureInfo.InvariantCulture)))); break;
                case SqlTypeKind.Double: writer.WriteInt64(BitConverter.DoubleToInt64Bits(CanonicalDouble(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)))); break;
                case SqlTypeKind.Decimal: writer.WriteInt128((Int128)v); break;
                case SqlTypeKind.Varchar: writer.WriteString((string)v); break;
                default:
                    long x = Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
                    switch (_keyTypes[c].FixedWidth)
                    {
                        case 1: writer.WriteByte((byte)(sbyte)x); break;
                        case 2: writer.WriteInt16((short)x); break;
                        case 4: writer.WriteInt32((int)x); break;
                        default: writer.WriteInt64(x); break;
                    }

                    break;
            }
        }

        into.Add(writer.Written, hash, row);
    }

    private static int LiveRows(Selection? selection, Span<int> rows)
    {
        if (selection is null)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = i;
            }

            return rows.Length;
        }

        return selection.ToIndices(rows);
    }

    private static void AddSizes(ColumnVector column, ReadOnlySpan<int> rows, Span<int> sizes)
    {
        SqlTypeKind kind = column.Type.Kind;
        if (kind == SqlTypeKind.Varchar)
        {
            ReadOnlySpan<int> offsets = column.Offsets;
            for (int i = 0; i < rows.Length; i++)
            {
                int row = rows[i];
                if (column.IsNull(row))
                {
                    sizes[i] += 1;
                }
                else
                {
                    uint len = (uint)(offsets[row + 1] - offsets[row]);
                    sizes[i] += 1 + VarInt.SizeOf(len) + (int)len;
                }
            }

            return;
        }

        int width = kind switch
        {
            SqlTypeKind.Null => 0,
            SqlTypeKind.Boolean => 1,
            _ => column.Type.FixedWidth,
        };
        if (!column.HasNulls)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                sizes[i] += 1 + width;
            }

            return;
        }

        for (int i = 0; i < rows.Length; i++)
        {
            sizes[i] += column.IsNull(rows[i]) ? 1 : 1 + width;
        }
    }

    private static void WriteColumn(ColumnVector column, ReadOnlySpan<int> rows, Span<byte> data, int[] cursors)
    {
        switch (column.Type.Kind)
        {
            case SqlTypeKind.Null:
                for (int i = 0; i < rows.Length; i++)
                {
                    data[cursors[i]++] = 0;
                }

                return;
            case SqlTypeKind.Boolean:
                {
                    ReadOnlySpan<ulong> words = column.BooleanWords;
                    for (int i = 0; i < rows.Length; i++)
                    {
                        int row = rows[i];
                        if (WriteFlag(column, row, data, cursors, i))
                        {
                            data[cursors[i]++] = (byte)((words[row >> 6] >> row) & 1);
                        }
                    }

                    return;
                }

            case SqlTypeKind.Varchar:
                {
                    ReadOnlySpan<int> offsets = column.Offsets;
                    ReadOnlySpan<byte> bytes = column.StringData;
                    for (int i = 0; i < rows.Length; i++)
                    {
                        int row = rows[i];
                        if (WriteFlag(column, row, data, cursors, i))
                        {
                            ReadOnlySpan<byte> s = bytes[offsets[row]..offsets[row + 1]];
                            int at = cursors[i];
                            at += VarInt.Write(data[at..], (uint)s.Length);
                            s.CopyTo(data[at..]);
                            cursors[i] = at + s.Length;
                        }
                    }

                    return;
                }

            case SqlTypeKind.Float:
                {
                    ReadOnlySpan<float> values = column.Values<float>();
                    for (int i = 0; i < rows.Length; i++)
                    {
                        int row = rows[i];
                        if (WriteFlag(column, row, data, cursors, i))
                        {
                            BinaryPrimitives.WriteSingleLittleEndian(data[cursors[i]..], CanonicalFloat(values[row]));
                            cursors[i] += 4;
                        }
                    }

                    return;
                }

            case SqlTypeKind.Double:
                {
                    ReadOnlySpan<double> values = column.Values<double>();
                    for (int i = 0; i < rows.Length; i++)
                    {
                        int row = rows[i];
                        if (WriteFlag(column, row, data, cursors, i))
                        {
                            BinaryPrimitives.WriteDoubleLittleEndian(data[cursors[i]..], CanonicalDouble(values[row]));
                            cursors[i] += 8;
                        }
                    }

                    return;
                }

            default:
                {
                    // Integer-backed and DECIMAL: copy the physical little-endian bytes of each live row.
                    int width = column.Type.FixedWidth;
                    ReadOnlySpan<byte> values = column.Array.Data.Buffers[1].Span[..(column.Length * width)];
                    for (int i = 0; i < rows.Length; i++)
                    {
                        int row = rows[i];
                        if (WriteFlag(column, row, data, cursors, i))
                        {
                            values.Slice(row * width, width).CopyTo(data[cursors[i]..]);
                            cursors[i] += width;
                        }
                    }

                    return;
                }
        }
    }

    private static bool WriteFlag(ColumnVector column, int row, Span<byte> data, int[] cursors, int i)
    {
        bool present = !column.IsNull(row);
        data[cursors[i]++] = present ? (byte)1 : (byte)0;
        return present;
    }

    private static float CanonicalFloat(float value) => float.IsNaN(value) ? float.NaN : value == 0f ? 0f : value;

    private static double CanonicalDouble(double value) => double.IsNaN(value) ? double.NaN : value == 0d ? 0d : value;
}
