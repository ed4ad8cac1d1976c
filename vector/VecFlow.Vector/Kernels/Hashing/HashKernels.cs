using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Kernels.Hashing;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Stable 64-bit hashes of SQL values, per column or per row of many columns (partitioning, joins, grouping).</summary>
/// <remarks>
/// The algorithm is fixed and documented because hashes leave the process (hash partitions, key groups, spill files):
/// <list type="bullet">
/// <item>Every integer-backed type (BOOLEAN as 0/1, TINYINT..BIGINT, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, both INTERVALs)
/// widens to a signed 64-bit value v and hashes as MurmurHash3's fmix64((ulong)v) (<see cref="HashMixer.Mix(ulong)"/>).
/// Equal values of different integer widths therefore hash equal.</item>
/// <item>FLOAT widens to DOUBLE exactly; a DOUBLE hashes as fmix64 of its IEEE bits after mapping -0.0 to 0.0 and every
/// NaN to 0x7FF8000000000000, so values that are equal in SQL hash equal.</item>
/// <item>DECIMAL hashes its unscaled Int128 as XXH3-64 (seed 0) of its 16 little-endian bytes; the caller rescales to a
/// common scale first when decimals of different scales must meet (joins).</item>
/// <item>VARCHAR hashes its UTF-8 bytes with XXH3-64, seed 0 (System.IO.Hashing.XxHash3).</item>
/// <item>NULL hashes to <see cref="HashMixer.NullHash"/> in every type.</item>
/// <item>Many columns: the first column's hash, then acc = acc * 31 + h(next column), in column order.</item>
/// </list>
/// Everything is explicit 64-bit arithmetic with no per-process seed, so hashes agree across machines, runs and .NET
/// versions. Fixed-width types hash vectorized through <see cref="UnaryDriver"/>; narrower types widen in stack chunks.
/// </remarks>
[SkipLocalsInit]
public static class HashKernels
{
    // Rows per widening chunk; a multiple of 64 so chunk starts are bitmap-word aligned.
    private const int Chunk = 512;

    /// <summary>Overwrites hashes[0..column.Length) with the hash of each row.</summary>
    public static void Hash(ColumnVector column, Span<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(column);
        CheckLength(column, hashes);
        HashRows(column, 0, hashes[..column.Length]);
    }

    /// <summary>hashes[i] = combine(hashes[i], hash of row i): folds one more key column into running row hashes.</summary>
    public static void HashCombine(ColumnVector column, Span<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(column);
        CheckLength(column, hashes);
        Span<ulong> scratch = stackalloc ulong[Chunk];
        int n = column.Length;
        for (int start = 0; start < n; start += Chunk)
        {
            int count = Math.Min(Chunk, n - start);
            Span<ulong> part = scratch[..count];
            HashRows(column, start, part);
            Span<ulong> target = hashes.Slice(start, count);
            BinaryDriver.Invoke<ulong, HashCombineOperator>(target, part, target);
        }
    }

    /// <summary>The hash of each row over several key columns (all of one length), in column order.</summary>
    public static void Hash(IReadOnlyList<ColumnVector> columns, Span<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("Hashing rows needs at least one key column.", nameof(columns));
        }

        int n = columns[0].Length;
        for (int c = 1; c < columns.Count; c++)
        {
            if (columns[c].Length != n)
            {
                throw new ArgumentException($"Key column {c} has {columns[c].Length} rows but column 0 has {n}.", nameof(columns));
            }
        }

        Hash(columns[0], hashes);
        for (int c = 1; c < columns.Count; c++)
        {
            HashCombine(columns[c], hashes);
        }
    }

    /// <summary>The hash a column holding <paramref name="value"/> would give that row.</summary>
    public static ulong HashValue(ScalarValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsNull)
        {
            return HashMixer.NullHash;
        }

        object v = value.Value!;
        return value.Type.Kind switch
        {
            SqlTypeKind.Null => HashMixer.NullHash,
            SqlTypeKind.Boolean => HashMixer.Mix((bool)v ? 1UL : 0UL),
            SqlTypeKind.Float => HashMixer.Mix(HashMixer.CanonicalBits(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))),
            SqlTypeKind.Double => HashMixer.Mix(HashMixer.CanonicalBits(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))),
            SqlTypeKind.Decimal => HashDecimal(v is Int128 d ? d : throw NotPhysical(value, "Int128")),
            SqlTypeKind.Varchar => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(v as string ?? throw NotPhysical(value, "string"))),
            _ => HashMixer.Mix((ulong)ToInt64(value)),
        };
    }

    /// <summary>Hashes rows start..start+destination.Length of a column; start is a multiple of 64.</summary>
    internal static void HashRows(ColumnVector column, int start, Span<ulong> destination)
    {
        int count = destination.Length;
        switch (column.Type.Kind)
        {
            case SqlTypeKind.Null:
                destination.Fill(HashMixer.NullHash);
                return;
            case SqlTypeKind.Boolean:
                HashBooleans(column.BooleanWords, start, destination);
                break;
            case SqlTypeKind.Float:
                HashFloats(column.Values<float>().Slice(start, count), destination);
                break;
            case SqlTypeKind.Double:
                UnaryDriver.Invoke<double, ulong, DoubleHashOperator>(column.Values<double>().Slice(start, count), destination);
                break;
            case SqlTypeKind.Decimal:
                {
                    ReadOnlySpan<Int128> values = column.Values<Int128>().Slice(start, count);
                    for (int i = 0; i < count; i++)
                    {
                        destination[i] = HashDecimal(values[i]);
                    }

                    break;
                }

            case SqlTypeKind.Varchar:
                {
                    ReadOnlySpan<int> offsets = column.Offsets;
                    ReadOnlySpan<byte> data = column.StringData;
                    for (int i = 0; i < count; i++)
                    {
                        int row = start + i;
                        destination[i] = XxHash3.HashToUInt64(data[offsets[row]..offsets[row + 1]]);
                    }

                    break;
                }

            default:
                switch (column.Type.FixedWidth)
                {
                    case 1: HashWidened(column.Values<sbyte>().Slice(start, count), destination); break;
                    case 2: HashWidened(column.Values<short>().Slice(start, count), destination); break;
                    case 4: HashWidened(column.Values<int>().Slice(start, count), destination); break;
                    case 8:
                        UnaryDriver.Invoke<long, ulong, Int64HashOperator>(column.Values<long>().Slice(start, count), destination);
                        break;
                    default: throw new NotSupportedException($"Hashing is not defined for {column.Type}.");
                }

                break;
        }

        if (column.HasNulls)
        {
            ApplyNulls(column.Validity, start, destination);
        }
    }

    internal static long ToInt64(ScalarValue value) => value.Value switch
    {
        bool b => b ? 1 : 0,
        sbyte x => x,
        byte x => x,
        short x => x,
        ushort x => x,
        int x => x,
        uint x => x,
        long x => x,
        _ => throw NotPhysical(value, "an integer"),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HashDecimal(Int128 unscaled)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt128LittleEndian(bytes, unscaled);
        return XxHash3.HashToUInt64(bytes);
    }

    private static void HashWidened<T>(ReadOnlySpan<T> values, Span<ulong> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<long> wide = stackalloc long[Chunk];
        for (int start = 0; start < values.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, values.Length - start);
            ReadOnlySpan<T> part = values.Slice(start, count);
            for (int i = 0; i < part.Length; i++)
            {
                wide[i] = long.CreateTruncating(part[i]);
            }

            UnaryDriver.Invoke<long, ulong, Int64HashOperator>(wide[..count], destination.Slice(start, count));
        }
    }

    private static void HashFloats(ReadOnlySpan<float> values, Span<ulong> destination)
    {
        Span<double> wide = stackalloc double[Chunk];
        for (int start = 0; start < values.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, values.Length - start);
            ReadOnlySpan<float> part = values.Slice(start, count);
            for (int i = 0; i < part.Length; i++)
            {
                wide[i] = part[i];
            }

            UnaryDriver.Invoke<double, ulong, DoubleHashOperator>(wide[..count], destination.Slice(start, count));
        }
    }

    private static void HashBooleans(ReadOnlySpan<ulong> words, int start, Span<ulong> destination)
    {
        ulong zero = HashMixer.Mix(0);
        ulong one = HashMixer.Mix(1);
        for (int i = 0; i < destination.Length; i++)
        {
            int row = start + i;
            destination[i] = ((words[row >> 6] >> row) & 1) != 0 ? one : zero;
        }
    }

    /// <summary>Overwrites the hash of every NULL row in the range with <see cref="HashMixer.NullHash"/>.</summary>
    private static void ApplyNulls(ReadOnlySpan<ulong> validity, int start, Span<ulong> destination)
    {
        int count = destination.Length;
        int firstWord = start >> 6;
        for (int w = 0; w < Bits.WordCount(count); w++)
        {
            ulong nulls = ~validity[firstWord + w];
            if (w == Bits.WordCount(count) - 1)
            {
                nulls &= Bits.TailMask(count);
            }

            while (nulls != 0)
            {
                destination[(w << 6) + BitOperations.TrailingZeroCount(nulls)] = HashMixer.NullHash;
                nulls &= nulls - 1;
            }
        }
    }

    private static void CheckLength(ColumnVector column, Span<ulong> hashes)
    {
        if (hashes.Length < column.Length)
        {
            throw new ArgumentException($"The hash buffer holds {hashes.Length} values but the {column.Type} column has {column.Length} rows.", nameof(hashes));
        }
    }

    private static InvalidOperationException NotPhysical(ScalarValue value, string expected) =>
        new($"The {value.Type} value {value} is held as {value.Value?.GetType().Name ?? "null"}, not {expected}.");
}
