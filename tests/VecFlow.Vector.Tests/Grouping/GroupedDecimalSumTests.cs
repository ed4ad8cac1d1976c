using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Grouping;
using VecFlow.Vector.Tests.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

/// <summary>SUM / AVG of DECIMAL with at most 18 digits, whose batches add into 64-bit partial totals when they provably fit.</summary>
public sealed class GroupedDecimalSumTests : PooledTest
{
    private static readonly Int128 Max18 = 999_999_999_999_999_999;

    [Theory]
    [InlineData(12, 2, 0)]
    [InlineData(15, 4, 1)]
    [InlineData(18, 0, 2)]
    [InlineData(18, 6, 3)]
    [InlineData(1, 0, 4)]
    public void Sums_and_averages_match_exact_reference_totals_over_many_batches(int precision, int scale, int seed)
    {
        var random = new Random(seed);
        SqlType type = SqlType.Decimal(precision, scale);
        Int128 max = Int128.Parse(new string('9', precision), System.Globalization.CultureInfo.InvariantCulture);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, type);
        using IGroupedAggregate avg = GroupedAggregates.Create(AggregateFunction.Avg, type);
        const int Groups = 6;
        var totals = new Int128[Groups];
        var counts = new long[Groups];
        sum.EnsureGroups(Groups);
        avg.EnsureGroups(Groups);
        foreach (int n in new[] { 0, 1, 3, 24, 64, 100, 1000, 4096, 4096, 8192, 333 })
        {
            // Extremes of the precision (both signs), small values and NULLs; some batches with a mask.
            var values = new Int128?[n];
            var ids = new int[n];
            for (int i = 0; i < n; i++)
            {
                int pick = random.Next(10);
                values[i] = pick switch
                {
                    0 => null,
                    1 => max,
                    2 => -max,
                    _ => random.NextInt64(-1000, 1000) % (max + 1),
                };
                ids[i] = random.Next(Groups);
            }

            (ulong[] words, bool[] live) = n % 3 == 0 ? ([], Enumerable.Repeat(true, n).ToArray()) : TestColumns.PartialMask(n, random);
            for (int i = 0; i < n; i++)
            {
                if (live[i] && values[i] is { } v)
                {
                    totals[ids[i]] += v;
                    counts[ids[i]]++;
                }
            }

            using ColumnVector column = ColumnFactory.FromNullable(type, values, Pool);
            sum.Update(column, ids, words);
            avg.Update(column, ids, words);
        }

        using ColumnVector sums = sum.Finish(Groups, Pool);
        using ColumnVector averages = avg.Finish(Groups, Pool);
        object?[] actualSums = ColumnFactory.ToObjects(sums);
        object?[] actualAverages = ColumnFactory.ToObjects(averages);
        int resultScale = Math.Max(scale, 6);
        for (int g = 0; g < Groups; g++)
        {
            Assert.Equal(counts[g] == 0 ? null : totals[g], actualSums[g]);
            Assert.Equal(counts[g] == 0 ? null : AverageHalfUp(totals[g], counts[g], resultScale - scale), actualAverages[g]);
        }
    }

    [Fact]
    public void Full_batches_of_the_largest_18_digit_values_are_exact_in_both_signs()
    {
        // 4,096 rows of 10^18 - 1 need more than 63 bits together: the batch must not take the 64-bit path.
        SqlType type = SqlType.Decimal(18, 0);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, type);
        sum.EnsureGroups(2);
        int n = 4096;
        Int128?[] values = [.. Enumerable.Range(0, n).Select(i => (Int128?)(i % 2 == 0 ? Max18 : -Max18 + 1))];
        int[] ids = [.. Enumerable.Range(0, n).Select(i => i % 2)];
        using ColumnVector column = ColumnFactory.FromNullable(type, values, Pool);
        for (int k = 0; k < 3; k++)
        {
            sum.Update(column, ids, default);
        }

        using ColumnVector result = sum.Finish(2, Pool);
        Assert.Equal(new object?[] { Max18 * n / 2 * 3, (-Max18 + 1) * n / 2 * 3 }, ColumnFactory.ToObjects(result));
        Assert.False(GroupedDecimalSum.FitsInt64Total(values.Select(v => v!.Value).ToArray()));
        Assert.True(GroupedDecimalSum.FitsInt64Total([.. Enumerable.Repeat((Int128)(1L << 48), 8192)]));
        Assert.False(GroupedDecimalSum.FitsInt64Total([.. Enumerable.Repeat((Int128)(1L << 50), 8192)]));
        Assert.True(GroupedDecimalSum.FitsInt64Total([.. Enumerable.Repeat(-(Int128)(1L << 50), 4096)]));
        Assert.False(GroupedDecimalSum.FitsInt64Total([1, (Int128)long.MaxValue + 1]));
        Assert.False(GroupedDecimalSum.FitsInt64Total([1, (Int128)long.MinValue - 1]));
    }

    [Fact]
    public void Values_wider_than_the_declared_precision_still_sum_exactly_and_overflow_as_before()
    {
        // A column may carry values past its declared digits; the 64-bit path checks the values, not only the type.
        SqlType type = SqlType.Decimal(18, 0);
        Int128 big = Int128.Parse("60000000000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, type);
        sum.EnsureGroups(1);
        int n = 64;
        using ColumnVector wide = ColumnFactory.FromNullable(type, [.. Enumerable.Range(0, n).Select(i => (Int128?)(i == 5 ? (Int128)1 << 70 : 1))], Pool);
        sum.Update(wide, new int[n], default);
        using (ColumnVector result = sum.Finish(1, Pool))
        {
            Assert.Equal(new object?[] { ((Int128)1 << 70) + n - 1 }, ColumnFactory.ToObjects(result));
        }

        using ColumnVector huge = ColumnFactory.FromNullable(type, [.. Enumerable.Range(0, n).Select(i => (Int128?)(i < 2 ? big : 1))], Pool);
        sum.Update(huge, new int[n], default);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => sum.Finish(1, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
    }

    [Fact]
    public void Many_groups_for_few_rows_and_merges_agree_with_the_reference()
    {
        SqlType type = SqlType.Decimal(12, 2);
        var random = new Random(7);
        using IGroupedAggregate a = GroupedAggregates.Create(AggregateFunction.Sum, type);
        using IGroupedAggregate b = GroupedAggregates.Create(AggregateFunction.Sum, type);
        int groups = 500;
        var totals = new Int128[groups];
        var seen = new bool[groups];
        a.EnsureGroups(groups);
        b.EnsureGroups(groups);
        foreach (int n in new[] { 100, 4096, 2048 })
        {
            foreach (IGroupedAggregate target in new[] { a, b })
            {
                Int128?[] values = [.. Enumerable.Range(0, n).Select(_ => (Int128?)random.NextInt64(-99_999_999_999, 99_999_999_999))];
                int[] ids = [.. Enumerable.Range(0, n).Select(_ => random.Next(n < 1000 ? groups : 3))];
                for (int i = 0; i < n; i++)
                {
                    totals[ids[i]] += values[i]!.Value;
                    seen[ids[i]] = true;
                }

                using ColumnVector column = ColumnFactory.FromNullable(type, values, Pool);
                target.Update(column, ids, default);
            }
        }

        a.Merge(b, [.. Enumerable.Range(0, groups)]);
        using ColumnVector result = a.Finish(groups, Pool);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int g = 0; g < groups; g++)
        {
            Assert.Equal(seen[g] ? totals[g] : null, actual[g]);
        }
    }

    private static Int128 AverageHalfUp(Int128 total, long count, int extraScale)
    {
        Int128 scaled = total;
        for (int k = 0; k < extraScale; k++)
        {
            scaled *= 10;
        }

        Int128 quotient = scaled / count;
        Int128 rest = Int128.Abs(scaled % count);
        return rest * 2 >= count ? quotient + Int128.Sign(scaled) : quotient;
    }
}
