using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Tests.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

public sealed class GroupedAggregatesTests : PooledTest
{
    private static readonly AggregateFunction[] Functions =
        [AggregateFunction.Count, AggregateFunction.CountStar, AggregateFunction.Sum, AggregateFunction.Min, AggregateFunction.Max, AggregateFunction.Avg];

    public GroupedAggregatesTests()
    {
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void Every_function_and_type_matches_a_dictionary_reference_over_batches_of_every_length()
    {
        var random = new Random(31);
        foreach (AggregateFunction function in Functions)
        {
            foreach (SqlType type in TestColumns.AllTypes)
            {
                if (!Supports(function, type))
                {
                    Assert.ThrowsAny<Exception>(() => GroupedAggregates.Create(function, type));
                    continue;
                }

                using IGroupedAggregate aggregate = GroupedAggregates.Create(function, type);
                var reference = new Dictionary<int, List<object?>>();
                int groups = 1 + random.Next(40);
                aggregate.EnsureGroups(groups);
                for (int n = 0; n <= 257; n++)
                {
                    Batch(aggregate, function, type, n, groups, random, reference);
                }

                // Groups that never received a row exist too (ensured, empty).
                aggregate.EnsureGroups(groups + 2);
                using ColumnVector result = aggregate.Finish(groups + 2, Pool);
                AssertGroups(function, type, aggregate.ResultType, reference, groups + 2, result);
            }
        }
    }

    [Fact]
    public void Merge_combines_partial_states_through_a_group_mapping()
    {
        var random = new Random(32);
        foreach (AggregateFunction function in Functions)
        {
            foreach (SqlType type in TestColumns.AllTypes)
            {
                if (!Supports(function, type))
                {
                    continue;
                }

                using IGroupedAggregate total = GroupedAggregates.Create(function, type);
                using IGroupedAggregate partial = GroupedAggregates.Create(function, type);
                var totalReference = new Dictionary<int, List<object?>>();
                var partialReference = new Dictionary<int, List<object?>>();
                total.EnsureGroups(10);
                partial.EnsureGroups(15);
                for (int b = 0; b < 6; b++)
                {
                    Batch(total, function, type, 100 + b, 10, random, totalReference);
                    Batch(partial, function, type, 70 + b, 15, random, partialReference);
                }

                // Partial group j lands in total group map[j]: some onto existing groups, some onto new ones, one skipped.
                int[] map = Enumerable.Range(0, 15).Select(j => j < 8 ? (j * 3) % 10 : 10 + (j - 8)).ToArray();
                map[5] = -1;
                total.Merge(partial, map);
                for (int j = 0; j < map.Length; j++)
                {
                    if (map[j] >= 0 && partialReference.TryGetValue(j, out List<object?>? rows))
                    {
                        Rows(totalReference, map[j]).AddRange(rows);
                    }
                }

                using ColumnVector result = total.Finish(17, Pool);
                AssertGroups(function, type, total.ResultType, totalReference, 17, result);
            }
        }
    }

    [Fact]
    public void Bigint_group_sums_raise_only_when_the_exact_total_does_not_fit()
    {
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        using IGroupedAggregate avg = GroupedAggregates.Create(AggregateFunction.Avg, SqlType.BigInt);
        sum.EnsureGroups(3);
        avg.EnsureGroups(3);

        // Group 0 overflows and comes back; group 1 ends past BIGINT; group 2 overflows only in a masked-out row.
        using ColumnVector values = ColumnFactory.FromValues<long>(SqlType.BigInt, [long.MaxValue, long.MaxValue, 10, long.MaxValue, -long.MaxValue, 3, long.MaxValue], Pool);
        int[] ids = [0, 0, 2, 1, 0, 1, 2];
        ulong[] mask = [0b0111111];
        sum.Update(values, ids, mask);
        avg.Update(values, ids, mask);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => sum.Finish(3, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(1, error.Row);
        Assert.Contains("BIGINT", error.Message, StringComparison.Ordinal);

        using ColumnVector averages = avg.Finish(3, Pool);
        Assert.Equal(new object?[] { long.MaxValue / 3, (long)((((Int128)long.MaxValue) + 3) / 2), 10L }, ColumnFactory.ToObjects(averages));

        // The same partial sums merged from two states agree.
        using IGroupedAggregate a = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        using IGroupedAggregate b = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        a.EnsureGroups(1);
        b.EnsureGroups(1);
        using ColumnVector big = ColumnFactory.FromValues<long>(SqlType.BigInt, [long.MaxValue, long.MaxValue], Pool);
        using ColumnVector back = ColumnFactory.FromValues<long>(SqlType.BigInt, [-long.MaxValue, -long.MaxValue, 7], Pool);
        a.Update(big, [0, 0], default);
        b.Update(back, [0, 0, 0], default);
        a.Merge(b, [0]);
        using ColumnVector merged = a.Finish(1, Pool);
        Assert.Equal(new object?[] { 7L }, ColumnFactory.ToObjects(merged));
    }

    [Fact]
    public void Count_is_never_null_and_result_types_follow_the_whole_column_rules()
    {
        using IGroupedAggregate count = GroupedAggregates.Create(AggregateFunction.Count, SqlType.Varchar);
        Assert.Equal(SqlType.BigInt.WithNullable(false), count.ResultType);
        count.EnsureGroups(2);
        using ColumnVector strings = ColumnFactory.FromStrings([null, "x", null], Pool);
        count.Update(strings, [0, 1, 0], default);
        using ColumnVector counts = count.Finish(2, Pool);
        Assert.Equal(new object?[] { 0L, 1L }, ColumnFactory.ToObjects(counts));
        Assert.False(counts.HasNulls);

        Assert.Equal(SqlType.Decimal(38, 6), GroupedAggregates.Create(AggregateFunction.Avg, SqlType.Decimal(10, 2)).ResultType);
        Assert.Equal(SqlType.Int, GroupedAggregates.Create(AggregateFunction.Avg, SqlType.Int).ResultType);
        Assert.Equal(SqlType.BigInt, GroupedAggregates.Create(AggregateFunction.Sum, SqlType.SmallInt).ResultType);
        Assert.Throws<ArgumentNullException>(() => GroupedAggregates.Create(AggregateFunction.Sum, null));
        Assert.Throws<ArgumentException>(() => count.Merge(GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt), [0]));
        using ColumnVector wrongType = ColumnFactory.FromValues<long>(SqlType.BigInt, [1], Pool);
        Assert.Throws<ArgumentException>(() => count.Update(wrongType, [0], default));
        Assert.Throws<ArgumentException>(() => count.Update(strings, [0, 1], default));
    }

    private static bool Supports(AggregateFunction function, SqlType type) => function switch
    {
        AggregateFunction.Sum or AggregateFunction.Avg => type.IsNumeric,
        _ => true,
    };

    /// <summary>Feeds one random batch (random nulls, a random mask, -1 ids under masked-out rows) to both sides.</summary>
    private void Batch(IGroupedAggregate aggregate, AggregateFunction function, SqlType type, int n, int groups, Random random, Dictionary<int, List<object?>> reference)
    {
        bool forSum = function is AggregateFunction.Sum or AggregateFunction.Avg;
        object?[] values = TestColumns.Values(type, n, random, n % 4 == 0 ? 0.0 : 0.3, forSum);
        using ColumnVector column = TestColumns.Build(type, values, Pool);
        (ulong[] words, bool[] live) = n % 3 == 0 ? ([], Enumerable.Repeat(true, n).ToArray()) : TestColumns.PartialMask(n, random);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++)
        {
            // Runs of one group as well as random groups.
            ids[i] = live[i] ? (i % 5 == 0 ? random.Next(groups) : (i / 17) % groups) : -1;
            if (live[i])
            {
                Rows(reference, ids[i]).Add(values[i]);
            }
        }

        aggregate.Update(function == AggregateFunction.CountStar ? null : column, ids, words);
    }

    private static List<object?> Rows(Dictionary<int, List<object?>> reference, int group)
    {
        if (!reference.TryGetValue(group, out List<object?>? rows))
        {
            reference[group] = rows = [];
        }

        return rows;
    }

    private static void AssertGroups(AggregateFunction function, SqlType type, SqlType resultType, Dictionary<int, List<object?>> reference, int groups, ColumnVector result)
    {
        Assert.Equal(groups, result.Length);
        Assert.Equal(resultType.Kind, result.Type.Kind);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int g = 0; g < groups; g++)
        {
            List<object?> rows = reference.TryGetValue(g, out List<object?>? r) ? r : [];
            bool[] live = Enumerable.Repeat(true, rows.Count).ToArray();
            object? expected = function switch
            {
                AggregateFunction.CountStar => (long)rows.Count,
                AggregateFunction.Count => (long)rows.Count(v => v is not null),
                AggregateFunction.Sum => AggregateKernelsTests.ReferenceSumAvg(type, rows, live).Sum,
                AggregateFunction.Avg => AggregateKernelsTests.ReferenceSumAvg(type, rows, live).Avg,
                _ => Extreme(rows, function == AggregateFunction.Max),
            };
            AggregateKernelsTests.AssertNumber(expected, actual[g], $"{function} {type} group {g}");
        }
    }

    private static object? Extreme(List<object?> rows, bool max)
    {
        object? best = null;
        foreach (object? value in rows)
        {
            if (value is not null && (best is null || (max ? TestColumns.Compare(value, best) > 0 : TestColumns.Compare(value, best) < 0)))
            {
                best = value;
            }
        }

        return best;
    }
}
