using System.Numerics;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Aggregation;

public sealed class AggregateKernelsTests : PooledTest
{
    public AggregateKernelsTests()
    {
        // Thousands of small columns: leak checking stays on, but capturing a stack per rent would dominate the run.
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void Count_min_max_match_the_scalar_reference_for_every_type_length_null_pattern_and_mask()
    {
        var random = new Random(11);
        foreach (SqlType type in TestColumns.AllTypes)
        {
            for (int n = 0; n <= 257; n++)
            {
                foreach (double nullRate in new[] { 0.0, 0.3 })
                {
                    object?[] values = TestColumns.Values(type, n, random, nullRate);
                    using ColumnVector column = TestColumns.Build(type, values, Pool);
                    foreach ((string name, ulong[] words, bool[] live) in TestColumns.Masks(n, random))
                    {
                        string at = $"{type} n={n} nulls={nullRate} mask={name}";
                        long count = Enumerable.Range(0, n).Count(i => live[i] && values[i] is not null);
                        Assert.True(count == AggregateKernels.Count(column, words), at);
                        AssertScalar(type, ReferenceExtreme(values, live, max: false), AggregateKernels.Min(column, words), at + " MIN");
                        AssertScalar(type, ReferenceExtreme(values, live, max: true), AggregateKernels.Max(column, words), at + " MAX");
                    }
                }
            }
        }
    }

    [Fact]
    public void Sum_and_avg_match_the_scalar_reference_for_every_numeric_type_length_null_pattern_and_mask()
    {
        var random = new Random(12);
        foreach (SqlType type in TestColumns.NumericTypes)
        {
            for (int n = 0; n <= 257; n++)
            {
                foreach (double nullRate in new[] { 0.0, 0.3 })
                {
                    object?[] values = TestColumns.Values(type, n, random, nullRate, forSum: true);
                    using ColumnVector column = TestColumns.Build(type, values, Pool);
                    foreach ((string name, ulong[] words, bool[] live) in TestColumns.Masks(n, random))
                    {
                        string at = $"{type} n={n} nulls={nullRate} mask={name}";
                        ScalarValue sum = AggregateKernels.Sum(column, words);
                        ScalarValue avg = AggregateKernels.Avg(column, words);
                        Assert.Equal(AggregateKernels.SumType(type), sum.Type);
                        Assert.Equal(AggregateKernels.AvgType(type), avg.Type);
                        (object? expectedSum, object? expectedAvg) = ReferenceSumAvg(type, values, live);
                        AssertNumber(expectedSum, sum.Value, at + " SUM");
                        AssertNumber(expectedAvg, avg.Value, at + " AVG");
                    }
                }
            }
        }
    }

    [Fact]
    public void Result_types_follow_flink()
    {
        Assert.Equal(SqlType.BigInt, AggregateKernels.SumType(SqlType.TinyInt));
        Assert.Equal(SqlType.BigInt, AggregateKernels.SumType(SqlType.Int));
        Assert.Equal(SqlType.Decimal(38, 3), AggregateKernels.SumType(SqlType.Decimal(10, 3)));
        Assert.Equal(SqlType.Double, AggregateKernels.SumType(SqlType.Float));
        Assert.Equal(SqlType.Int, AggregateKernels.AvgType(SqlType.Int.WithNullable(false)));
        Assert.Equal(SqlType.SmallInt, AggregateKernels.AvgType(SqlType.SmallInt));
        Assert.Equal(SqlType.Decimal(38, 6), AggregateKernels.AvgType(SqlType.Decimal(10, 2)));
        Assert.Equal(SqlType.Decimal(38, 8), AggregateKernels.AvgType(SqlType.Decimal(20, 8)));
        Assert.Equal(SqlType.Double, AggregateKernels.AvgType(SqlType.Float));
        Assert.Throws<NotSupportedException>(() => AggregateKernels.SumType(SqlType.Varchar));
        Assert.Throws<NotSupportedException>(() => AggregateKernels.AvgType(SqlType.Date));
    }

    [Fact]
    public void Empty_and_all_null_inputs_give_null_and_count_zero()
    {
        using ColumnVector empty = ColumnFactory.FromValues<long>(SqlType.BigInt, [], Pool);
        using ColumnVector nulls = ColumnFactory.FromNullable<long>(SqlType.BigInt, new long?[] { null, null, null }, Pool);
        foreach (ColumnVector column in new[] { empty, nulls })
        {
            Assert.Equal(0, AggregateKernels.Count(column, default));
            Assert.True(AggregateKernels.Sum(column, default).IsNull);
            Assert.True(AggregateKernels.Min(column, default).IsNull);
            Assert.True(AggregateKernels.Max(column, default).IsNull);
            Assert.True(AggregateKernels.Avg(column, default).IsNull);
        }

        using ColumnVector some = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2, 3], Pool);
        ulong[] none = [0];
        Assert.True(AggregateKernels.Sum(some, none).IsNull);
        Assert.Equal(0, AggregateKernels.Count(some, none));
    }

    [Fact]
    public void Bigint_sum_overflow_raises_and_names_the_row()
    {
        for (int n = 1; n <= 300; n += 37)
        {
            long[] values = new long[n];
            values[n - 1] = long.MaxValue;
            if (n > 1)
            {
                values[n / 2] = 1;
            }
            else
            {
                values[0] = long.MinValue;
            }

            using ColumnVector column = ColumnFactory.FromValues<long>(SqlType.BigInt, values, Pool);
            if (n == 1)
            {
                Assert.Equal(long.MinValue, AggregateKernels.Sum(column, default).Value);
                continue;
            }

            SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => AggregateKernels.Sum(column, default));
            Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
            Assert.Equal(Math.Max(n / 2, n - 1), error.Row);
            Assert.Contains("BIGINT", error.Message, StringComparison.Ordinal);
            Assert.Throws<SqlRuntimeException>(() => AggregateKernels.Sum(values, default));
        }

        long[] negative = [long.MinValue, -1];
        Assert.Throws<SqlRuntimeException>(() => AggregateKernels.Sum(negative, default));
    }

    [Fact]
    public void Bigint_overflow_only_in_masked_out_or_null_rows_does_not_raise()
    {
        for (int n = 2; n <= 257; n++)
        {
            // Even rows hold MaxValue (they would overflow), odd rows hold 1; only odd rows are live / non-null.
            long[] values = new long[n];
            bool[] valid = new bool[n];
            ulong[] odd = new ulong[Bits.WordCount(n)];
            for (int i = 0; i < n; i++)
            {
                values[i] = i % 2 == 0 ? long.MaxValue : 1;
                valid[i] = i % 2 == 1;
                if (valid[i])
                {
                    Bits.Set(odd, i);
                }
            }

            long expected = n / 2;
            Assert.Equal(expected, AggregateKernels.Sum(values, odd));
            using ColumnVector nullsOverMax = ColumnFactory.FromValues<long>(SqlType.BigInt, values, valid, Pool);
            Assert.Equal(expected, AggregateKernels.Sum(nullsOverMax, default).Value);
            using ColumnVector plain = ColumnFactory.FromValues<long>(SqlType.BigInt, values, Pool);
            Assert.Equal(expected, AggregateKernels.Sum(plain, odd).Value);
            Assert.Equal(1L, AggregateKernels.Avg(plain, odd).Value);
        }
    }

    [Fact]
    public void Bigint_intermediate_overflow_that_cancels_is_not_an_error()
    {
        for (int n = 3; n <= 257; n++)
        {
            // Half the rows add up far past BIGINT, the other half bring the total back to 5.
            long[] values = new long[n];
            int half = n / 2;
            for (int i = 0; i < 2 * half; i++)
            {
                values[i] = i < half ? long.MaxValue : -long.MaxValue;
            }

            values[n - 1] += 5;
            Int128 exact = 0;
            foreach (long v in values)
            {
                exact += v;
            }

            Assert.Equal((long)exact, AggregateKernels.Sum(values, default));
        }
    }

    [Fact]
    public void Span_sums_match_the_reference_on_every_length_and_mask()
    {
        var random = new Random(13);
        for (int n = 0; n <= 257; n++)
        {
            long[] longs = Enumerable.Range(0, n).Select(_ => random.NextInt64(-(1L << 52), 1L << 52)).ToArray();
            double[] doubles = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            foreach ((string name, ulong[] words, bool[] live) in TestColumns.Masks(n, random))
            {
                long expectedLong = 0;
                double expectedDouble = 0;
                for (int i = 0; i < n; i++)
                {
                    if (live[i])
                    {
                        expectedLong += longs[i];
                        expectedDouble += doubles[i];
                    }
                }

                Assert.True(expectedLong == AggregateKernels.Sum(longs, words), $"n={n} {name}");
                Assert.Equal(expectedDouble, AggregateKernels.Sum(doubles, words), 9);
            }
        }
    }

    [Fact]
    public void Double_min_max_order_nan_last_and_zero_signs_equal()
    {
        using ColumnVector column = ColumnFactory.FromValues<double>(SqlType.Double, [1.0, double.NaN, -0.0, double.NegativeInfinity], Pool);
        Assert.True(double.IsNaN((double)AggregateKernels.Max(column, default).Value!));
        Assert.Equal(double.NegativeInfinity, AggregateKernels.Min(column, default).Value);
        using ColumnVector zeros = ColumnFactory.FromValues<double>(SqlType.Double, [-0.0, 0.0, -0.0], Pool);
        Assert.Equal(0.0, (double)AggregateKernels.Min(zeros, default).Value!);
        using ColumnVector nans = ColumnFactory.FromValues<float>(SqlType.Float, Enumerable.Repeat(float.NaN, 40).ToArray(), Pool);
        Assert.True(float.IsNaN((float)AggregateKernels.Min(nans, default).Value!));
        using ColumnVector withNan = ColumnFactory.FromValues<double>(SqlType.Double, [double.NaN, 1.0, 2.0], Pool);
        Assert.True(double.IsNaN((double)AggregateKernels.Sum(withNan, default).Value!));
    }

    [Fact]
    public void Decimal_sum_overflow_beyond_38_digits_raises()
    {
        Int128 max = Int128.Parse(new string('9', 38), System.Globalization.CultureInfo.InvariantCulture);
        using ColumnVector column = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 2), [max, 1, 5], Pool);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => AggregateKernels.Sum(column, default));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(1, error.Row);

        // Going past 38 digits and coming back is fine; so is a total that wraps Int128 and comes back.
        using ColumnVector back = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 2), [max, max, 1, -max, -max], Pool);
        Assert.Equal(Int128.One, AggregateKernels.Sum(back, default).Value);
    }

    [Fact]
    public void Avg_rounds_decimals_half_up_and_truncates_integers_toward_zero()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [-7, -8], Pool);
        Assert.Equal(-7, AggregateKernels.Avg(ints, default).Value);
        using ColumnVector positive = ColumnFactory.FromValues<int>(SqlType.Int, [7, 8], Pool);
        Assert.Equal(7, AggregateKernels.Avg(positive, default).Value);

        // DECIMAL(5, 2): 0.01 and 0.02 average to 0.015 -> scale 6: 0.015000 exactly.
        using ColumnVector cents = ColumnFactory.FromValues<Int128>(SqlType.Decimal(5, 2), [1, 2], Pool);
        ScalarValue average = AggregateKernels.Avg(cents, default);
        Assert.Equal(SqlType.Decimal(38, 6), average.Type);
        Assert.Equal((Int128)15000, average.Value);

        // 1/3 at scale 6 is 0.333333; 2/3 rounds up to 0.666667; -2/3 rounds away from zero.
        using ColumnVector thirds = ColumnFactory.FromValues<Int128>(SqlType.Decimal(6, 6), [1, 0, 0], Pool);
        Assert.Equal((Int128)0, AggregateKernels.Avg(thirds, default).Value);
        using ColumnVector units = ColumnFactory.FromValues<Int128>(SqlType.Decimal(5, 0), [2, 0, 0], Pool);
        Assert.Equal((Int128)666667, AggregateKernels.Avg(units, default).Value);
        using ColumnVector negative = ColumnFactory.FromValues<Int128>(SqlType.Decimal(5, 0), [-2, 0, 0], Pool);
        Assert.Equal((Int128)(-666667), AggregateKernels.Avg(negative, default).Value);

        // AVG of BIGINT is exact even when the sum does not fit in BIGINT.
        using ColumnVector big = ColumnFactory.FromValues<long>(SqlType.BigInt, [long.MaxValue, long.MaxValue, long.MaxValue - 2], Pool);
        Assert.Equal(long.MaxValue - 1, AggregateKernels.Avg(big, default).Value);
    }

    private static object? ReferenceExtreme(object?[] values, bool[] live, bool max)
    {
        object? best = null;
        for (int i = 0; i < values.Length; i++)
        {
            if (!live[i] || values[i] is null)
            {
                continue;
            }

            if (best is null || (max ? TestColumns.Compare(values[i]!, best) > 0 : TestColumns.Compare(values[i]!, best) < 0))
            {
                best = values[i];
            }
        }

        return best;
    }

    /// <summary>SUM and AVG computed the obvious way: BigInteger for exact types, doubles for floating ones.</summary>
    internal static (object? Sum, object? Avg) ReferenceSumAvg(SqlType type, IReadOnlyList<object?> values, IReadOnlyList<bool> live)
    {
        var present = values.Where((v, i) => live[i] && v is not null).Select(v => v!).ToList();
        if (present.Count == 0)
        {
            return (null, null);
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Float or SqlTypeKind.Double:
                {
                    double sum = present.Sum(Convert.ToDouble);
                    return (sum, sum / present.Count);
                }

            case SqlTypeKind.Decimal:
                {
                    BigInteger sum = present.Aggregate(BigInteger.Zero, (acc, v) => acc + (BigInteger)(Int128)v);
                    int scaleUp = Math.Max(type.Scale, 6) - type.Scale;
                    BigInteger scaled = sum * BigInteger.Pow(10, scaleUp);
                    BigInteger quotient = BigInteger.DivRem(scaled, present.Count, out BigInteger remainder);
                    if (BigInteger.Abs(remainder) * 2 >= present.Count)
                    {
                        quotient += scaled.Sign;
                    }

                    return ((Int128)sum, (Int128)quotient);
                }

            default:
                {
                    BigInteger sum = present.Aggregate(BigInteger.Zero, (acc, v) => acc + new BigInteger(Convert.ToInt64(v)));
                    BigInteger average = BigInteger.Divide(sum, present.Count);
                    object avg = type.Kind switch
                    {
                        SqlTypeKind.TinyInt => (sbyte)average,
                        SqlTypeKind.SmallInt => (short)average,
                        SqlTypeKind.Int => (int)average,
                        _ => (object)(long)average,
                    };
                    return ((long)sum, avg);
                }
        }
    }

    internal static void AssertNumber(object? expected, object? actual, string at)
    {
        if (expected is double e && actual is double a && !Equals(e, a))
        {
            Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{at}: expected {e}, got {a}");
            return;
        }

        Assert.True(Equals(expected, actual), $"{at}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
    }

    private static void AssertScalar(SqlType type, object? expected, ScalarValue actual, string at)
    {
        Assert.Equal(type.Kind, actual.Type.Kind);
        Assert.True(Equals(expected, actual.Value), $"{at}: expected {expected ?? "NULL"}, got {actual.Value ?? "NULL"}");
    }
}
