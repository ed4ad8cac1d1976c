using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Kernels.Grouping;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Whole-column SQL aggregates (COUNT, SUM, MIN, MAX, AVG) over the live, non-null rows.</summary>
/// <remarks>
/// <c>mask</c> holds selection words (empty = every row); it is ANDed with the column's validity once, and the
/// vectorized drivers blend the rest. Result types and rules:
/// <list type="bullet">
/// <item>COUNT is BIGINT and never NULL. SUM, MIN, MAX and AVG are NULL when no live row is non-null.</item>
/// <item>SUM of TINYINT..BIGINT is BIGINT and raises <see cref="SqlErrorKind.ArithmeticOverflow"/> when the exact total
/// does not fit (never wraps; an intermediate overflow that the rest of the rows undo is not an error, so the answer
/// does not depend on summation order). SUM of DECIMAL(p, s) is DECIMAL(38, s), exact, and raises when the exact
/// total needs more than 38 digits (same order independence). SUM of FLOAT/DOUBLE is DOUBLE (IEEE, summed in vector
/// lanes, so the last bits may differ from a left-to-right loop). The error names the row after which the exact total
/// last left the range.</item>
/// <item>AVG follows Flink: AVG of an integer type returns that same type, the exact sum divided by the count and
/// truncated toward zero (it cannot overflow); AVG of DECIMAL(p, s) is DECIMAL(38, max(s, 6)) rounded HALF_UP; AVG of
/// FLOAT/DOUBLE is DOUBLE.</item>
/// <item>MIN/MAX keep the input type. Doubles use a total order where NaN is the largest value and -0.0 equals 0.0;
/// VARCHAR compares UTF-8 bytes ordinally; BOOLEAN has FALSE &lt; TRUE; DECIMAL compares unscaled values (one scale per
/// column).</item>
/// </list>
/// </remarks>
[SkipLocalsInit]
public static class AggregateKernels
{
    // Rows per widening chunk; a multiple of 64 so each chunk's mask is a whole-word slice.
    private const int Chunk = 512;

    /// <summary>COUNT(column): the live rows that are not NULL.</summary>
    public static long Count(ColumnVector column, ReadOnlySpan<ulong> mask)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Type.Kind == SqlTypeKind.Null)
        {
            return 0;
        }

        using var live = new LiveRows(mask, column.Validity, column.Length, stackalloc ulong[LiveRows.StackWords]);
        return live.Count;
    }

    /// <summary>SUM(column); see the type rules on <see cref="AggregateKernels"/>.</summary>
    public static ScalarValue Sum(ColumnVector column, ReadOnlySpan<ulong> mask)
    {
        ArgumentNullException.ThrowIfNull(column);
        SqlType type = SumType(column.Type);
        using var live = new LiveRows(mask, column.Validity, column.Length, stackalloc ulong[LiveRows.StackWords]);
        if (live.Count == 0)
        {
            return ScalarValue.Null(type);
        }

        ReadOnlySpan<ulong> words = live.Words;
        return column.Type.Kind switch
        {
            SqlTypeKind.TinyInt => new ScalarValue(type, SumNarrow(column.Values<sbyte>(), words)),
            SqlTypeKind.SmallInt => new ScalarValue(type, SumNarrow(column.Values<short>(), words)),
            SqlTypeKind.Int => new ScalarValue(type, SumNarrow(column.Values<int>(), words)),
            SqlTypeKind.BigInt => new ScalarValue(type, Sum(column.Values<long>(), words)),
            SqlTypeKind.Float => new ScalarValue(type, SumFloats(column.Values<float>(), words)),
            SqlTypeKind.Double => new ScalarValue(type, Sum(column.Values<double>(), words)),
            _ => new ScalarValue(type, SumDecimal(column.Values<Int128>(), words, type.Scale)),
        };
    }

    /// <summary>MIN(column) in the input type; see the ordering rules on <see cref="AggregateKernels"/>.</summary>
    public static ScalarValue Min(ColumnVector column, ReadOnlySpan<ulong> mask) => Extreme(column, mask, max: false);

    /// <summary>MAX(column) in the input type.</summary>
    public static ScalarValue Max(ColumnVector column, ReadOnlySpan<ulong> mask) => Extreme(column, mask, max: true);

    /// <summary>AVG(column); see <see cref="AvgType"/> for the result type.</summary>
    public static ScalarValue Avg(ColumnVector column, ReadOnlySpan<ulong> mask)
    {
        ArgumentNullException.ThrowIfNull(column);
        SqlType type = AvgType(column.Type);
        using var live = new LiveRows(mask, column.Validity, column.Length, stackalloc ulong[LiveRows.StackWords]);
        long count = live.Count;
        if (count == 0)
        {
            return ScalarValue.Null(type);
        }

        ReadOnlySpan<ulong> words = live.Words;
        switch (column.Type.Kind)
        {
            case SqlTypeKind.TinyInt:
                return new ScalarValue(type, (sbyte)(SumNarrow(column.Values<sbyte>(), words) / count));
            case SqlTypeKind.SmallInt:
                return new ScalarValue(type, (short)(SumNarrow(column.Values<short>(), words) / count));
            case SqlTypeKind.Int:
                return new ScalarValue(type, (int)(SumNarrow(column.Values<int>(), words) / count));
            case SqlTypeKind.BigInt:
                {
                    ReadOnlySpan<long> values = column.Values<long>();
                    Int128 total = CheckedAggregationDriver.TryInvoke<long, CheckedInt64SumOperator>(values, words, out long sum)
                        ? sum
                        : ExactSum(values, words, out _);
                    return new ScalarValue(type, (long)(total / count));
                }

            case SqlTypeKind.Float:
                return new ScalarValue(type, SumFloats(column.Values<float>(), words) / count);
            case SqlTypeKind.Double:
                return new ScalarValue(type, Sum(column.Values<double>(), words) / count);
            default:
                {
                    Int128 sum = SumDecimal(column.Values<Int128>(), words, type.Scale, average: true);
                    return new ScalarValue(type, AverageDecimal(sum, count, column.Type.Scale, type.Scale, 0));
                }
        }
    }

    /// <summary>The type SUM returns for <paramref name="input"/>: BIGINT, DECIMAL(38, s) or DOUBLE.</summary>
    public static SqlType SumType(SqlType input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Kind switch
        {
            SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => SqlType.BigInt,
            SqlTypeKind.Decimal => SqlType.Decimal(SqlType.MaxDecimalPrecision, input.Scale),
            SqlTypeKind.Float or SqlTypeKind.Double => SqlType.Double,
            _ => throw new NotSupportedException($"SUM is not defined for {input}; it takes TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT or DOUBLE."),
        };
    }

    /// <summary>The type AVG returns: the same integer type (Flink), DECIMAL(38, max(s, 6)), or DOUBLE.</summary>
    public static SqlType AvgType(SqlType input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Kind switch
        {
            SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => new SqlType(input.Kind),
            SqlTypeKind.Decimal => SqlType.Decimal(SqlType.MaxDecimalPrecision, Math.Max(input.Scale, 6)),
            SqlTypeKind.Float or SqlTypeKind.Double => SqlType.Double,
            _ => throw new NotSupportedException($"AVG is not defined for {input}; it takes TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT or DOUBLE."),
        };
    }

    /// <summary>SUM of the values whose mask bit is set (empty mask = all); raises on BIGINT overflow of the exact total.</summary>
    public static long Sum(ReadOnlySpan<long> values, ReadOnlySpan<ulong> mask)
    {
        if (CheckedAggregationDriver.TryInvoke<long, CheckedInt64SumOperator>(values, mask, out long sum))
        {
            return sum;
        }

        // Some lane overflowed: decide exactly, independent of the order the lanes added in.
        Int128 exact = ExactSum(values, mask, out int row);
        if (exact >= long.MinValue && exact <= long.MaxValue)
        {
            return (long)exact;
        }

        throw Int64Overflow(row, exact);
    }

    /// <summary>SUM of the doubles whose mask bit is set (empty mask = all).</summary>
    public static double Sum(ReadOnlySpan<double> values, ReadOnlySpan<ulong> mask) =>
        AggregationDriver.Invoke<double, SumOperator<double>>(values, mask);

    /// <summary>The error for a BIGINT sum whose exact total <paramref name="total"/> leaves the range at <paramref name="row"/>.</summary>
    internal static SqlRuntimeException Int64Overflow(int row, Int128 total) => new(
        SqlErrorKind.ArithmeticOverflow,
        row,
        $"SUM overflowed BIGINT: the total reaches {total}, outside {long.MinValue}..{long.MaxValue}; SUM(CAST(x AS DECIMAL(38, 0))) holds larger totals");

    internal static SqlRuntimeException DecimalOverflow(int row, int scale, string what) => new(
        SqlErrorKind.ArithmeticOverflow,
        row,
        $"{what} overflowed DECIMAL(38, {scale}): the result needs more than 38 digits");

    /// <summary>AVG of a DECIMAL sum: rescales to <paramref name="resultScale"/> and rounds HALF_UP.</summary>
    internal static Int128 AverageDecimal(Int128 sum, long count, int scale, int resultScale, int row) =>
        DecimalArithmetic.TryDivideHalfUp(sum, count, resultScale - scale, out Int128 average)
            ? average
            : throw DecimalOverflow(row, resultScale, "AVG");

    /// <summary>The exact total of the live values, and the row after which it last left the BIGINT range.</summary>
    private static Int128 ExactSum(ReadOnlySpan<long> values, ReadOnlySpan<ulong> mask, out int exitRow)
    {
        Int128 total = 0;
        bool inside = true;
        exitRow = 0;
        foreach (int row in new SetBitEnumerator(mask, values.Length))
        {
            total += values[row];
            bool fits = total >= long.MinValue && total <= long.MaxValue;
            if (inside && !fits)
            {
                exitRow = row;
            }

            inside = fits;
        }

        return total;
    }

    /// <summary>Sum of a narrow integer column in BIGINT: fewer than 2^31 rows of |v| &lt;= 2^31 cannot overflow.</summary>
    private static long SumNarrow<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> words)
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<long> wide = stackalloc long[Chunk];
        long total = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, values.Length - start);
            ReadOnlySpan<T> part = values.Slice(start, count);
            for (int i = 0; i < part.Length; i++)
            {
                wide[i] = long.CreateTruncating(part[i]);
            }

            total += AggregationDriver.Invoke<long, SumOperator<long>>(wide[..count], ChunkMask(words, start, count));
        }

        return total;
    }

    private static double SumFloats(ReadOnlySpan<float> values, ReadOnlySpan<ulong> words)
    {
        Span<double> wide = stackalloc double[Chunk];
        double total = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, values.Length - start);
            ReadOnlySpan<float> part = values.Slice(start, count);
            for (int i = 0; i < part.Length; i++)
            {
                wide[i] = part[i];
            }

            total += AggregationDriver.Invoke<double, SumOperator<double>>(wide[..count], ChunkMask(words, start, count));
        }

        return total;
    }

    /// <summary>
    /// The exact DECIMAL total of the live values; raises when it needs more than 38 digits (SUM) or, for AVG
    /// (<paramref name="average"/>), more than Int128 holds. Like BIGINT, leaving the range and coming back is fine.
    /// </summary>
    private static Int128 SumDecimal(ReadOnlySpan<Int128> values, ReadOnlySpan<ulong> words, int scale, bool average = false)
    {
        DecimalSumState total = default;
        bool inside = true;
        int exitRow = 0;
        foreach (int row in new SetBitEnumerator(words, values.Length))
        {
            DecimalSumState.Add(ref total, values[row]);
            bool fits = average ? total.Carry == 0 : total.Fits;
            if (inside && !fits)
            {
                exitRow = row;
            }

            inside = fits;
        }

        return inside ? total.Sum : throw DecimalOverflow(exitRow, scale, average ? "AVG" : "SUM");
    }

    private static ScalarValue Extreme(ColumnVector column, ReadOnlySpan<ulong> mask, bool max)
    {
        ArgumentNullException.ThrowIfNull(column);
        SqlType type = column.Type.WithNullable(true);
        if (type.Kind == SqlTypeKind.Null)
        {
            return ScalarValue.Null(type);
        }

        using var live = new LiveRows(mask, column.Validity, column.Length, stackalloc ulong[LiveRows.StackWords]);
        if (live.Count == 0)
        {
            return ScalarValue.Null(type);
        }

        ReadOnlySpan<ulong> words = live.Words;
        object value = type.Kind switch
        {
            SqlTypeKind.Boolean => BooleanExtreme(column.BooleanWords, words, column.Length, max),
            SqlTypeKind.Varchar => StringExtreme(column, words, max),
            SqlTypeKind.Float => (object)(max
                ? AggregationDriver.Invoke<float, FloatingMaxOperator<float>>(column.Values<float>(), words)
                : AggregationDriver.Invoke<float, FloatingMinOperator<float>>(column.Values<float>(), words)),
            SqlTypeKind.Double => (object)(max
                ? AggregationDriver.Invoke<double, FloatingMaxOperator<double>>(column.Values<double>(), words)
                : AggregationDriver.Invoke<double, FloatingMinOperator<double>>(column.Values<double>(), words)),
            SqlTypeKind.Decimal => (object)IntegerExtreme<Int128>(column, words, max),
            _ => type.FixedWidth switch
            {
                // Boxed per arm: a switch over sbyte/short/int/long arms would otherwise widen them all to long.
                1 => (object)IntegerExtreme<sbyte>(column, words, max),
                2 => (object)IntegerExtreme<short>(column, words, max),
                4 => (object)IntegerExtreme<int>(column, words, max),
                8 => (object)IntegerExtreme<long>(column, words, max),
                _ => throw new NotSupportedException($"MIN/MAX is not defined for {type}."),
            },
        };
        return new ScalarValue(type, value);
    }

    private static T IntegerExtreme<T>(ColumnVector column, ReadOnlySpan<ulong> words, bool max)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => max
        ? AggregationDriver.Invoke<T, IntegerMaxOperator<T>>(column.Values<T>(), words)
        : AggregationDriver.Invoke<T, IntegerMinOperator<T>>(column.Values<T>(), words);

    /// <summary>MIN is FALSE when any live row is FALSE; MAX is TRUE when any live row is TRUE (word at a time).</summary>
    private static bool BooleanExtreme(ReadOnlySpan<ulong> values, ReadOnlySpan<ulong> live, int length, bool max)
    {
        int words = Bits.WordCount(length);
        for (int w = 0; w < words; w++)
        {
            ulong liveWord = (live.IsEmpty ? ulong.MaxValue : live[w]) & (w == words - 1 ? Bits.TailMask(length) : ulong.MaxValue);
            ulong hits = max ? liveWord & values[w] : liveWord & ~values[w];
            if (hits != 0)
            {
                return max;
            }
        }

        return !max;
    }

    private static string StringExtreme(ColumnVector column, ReadOnlySpan<ulong> words, bool max)
    {
        ReadOnlySpan<int> offsets = column.Offsets;
        ReadOnlySpan<byte> data = column.StringData;
        int best = -1;
        foreach (int row in new SetBitEnumerator(words, column.Length))
        {
            if (best < 0)
            {
                best = row;
                continue;
            }

            int order = data[offsets[row]..offsets[row + 1]].SequenceCompareTo(data[offsets[best]..offsets[best + 1]]);
            if (max ? order > 0 : order < 0)
            {
                best = row;
            }
        }

        return Encoding.UTF8.GetString(data[offsets[best]..offsets[best + 1]]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<ulong> ChunkMask(ReadOnlySpan<ulong> words, int start, int count) =>
        words.IsEmpty ? default : words.Slice(start >> 6, Bits.WordCount(count));
}
