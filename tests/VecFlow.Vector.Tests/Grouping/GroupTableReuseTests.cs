using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

/// <summary>
/// The one-pass grouped SUM over keys that share a home bucket (the table grows instead of displacing them, up to a
/// size), and maps and aggregates built on arrays that earlier, disposed ones gave back to the pinned-array cache.
/// </summary>
public sealed class GroupTableReuseTests : PooledTest
{
    // The map's in-map hash multiplier (2^64 / phi); keys j * inverse share the home bucket at every table size.
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15UL;

    public GroupTableReuseTests()
    {
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void One_pass_sum_over_colliding_and_random_keys_matches_a_first_seen_reference_across_growth()
    {
        var random = new Random(17);
        ulong inverse = Inverse(HashMultiplier);
        long[] colliding = [.. Enumerable.Range(0, 300).Select(j => unchecked((long)((ulong)j * inverse)))];
        long[] scattered = [.. Enumerable.Range(0, 6_000).Select(_ => random.NextInt64())];
        using var map = new GroupIdMap([SqlType.BigInt], Pool, initialCapacity: 4);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        var reference = new Reference();

        // Batches of growing size bring new keys of both kinds mid-batch (the table doubles inside the one pass);
        // some have NULL keys, NULL values or a selection (the two-step path), the rest run the one pass.
        for (int b = 0; b < 12; b++)
        {
            int n = 500 + (b * 1_500);
            int keyDomain = 40 + (b * 550);
            bool nullKeys = b % 4 == 1;
            bool nullValues = b % 4 == 2;
            bool masked = b % 4 == 3;
            long?[] keys = [.. Enumerable.Range(0, n).Select(_ => nullKeys && random.Next(10) == 0 ? (long?)null : PickKey(random, colliding, scattered, keyDomain))];
            long?[] values = [.. Enumerable.Range(0, n).Select(_ => nullValues && random.Next(7) == 0 ? (long?)null : random.NextInt64(-1_000_000, 1_000_000))];
            bool[] live = [.. Enumerable.Range(0, n).Select(_ => !masked || random.Next(3) != 0)];
            int[] ids = Fold(map, sum, keys, values, masked ? Mask(live) : []);
            for (int i = 0; i < n; i++)
            {
                int expected = live[i] ? reference.Add(keys[i], values[i]) : -1;
                Assert.True(expected == ids[i], $"batch {b}, row {i}: group {ids[i]}, expected {expected}");
            }
        }

        Assert.Equal(reference.Count, map.GroupCount);
        reference.AssertSums(sum, map.GroupCount, Pool);
    }

    [Fact]
    public void Maps_and_aggregates_built_after_disposed_ones_start_empty()
    {
        var random = new Random(23);

        // Each round gives its table and states back on Dispose; the next round (same or other sizes) rents them
        // with the previous round's keys and sums still in them.
        foreach (int distinct in new[] { 3_000, 3_000, 20, 5_000, 700, 3_000 })
        {
            long[] domain = [.. Enumerable.Range(0, distinct).Select(_ => random.NextInt64(-50, 50) * 1_000_003)];
            using var map = new GroupIdMap([SqlType.BigInt], Pool, initialCapacity: distinct % 2 == 0 ? 1024 : 16);
            using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
            using IGroupedAggregate average = GroupedAggregates.Create(AggregateFunction.Avg, SqlType.BigInt);
            var reference = new Reference();
            for (int b = 0; b < 3; b++)
            {
                long?[] keys = [.. Enumerable.Range(0, 4_000).Select(_ => (long?)domain[random.Next(distinct)])];
                long?[] values = [.. Enumerable.Range(0, 4_000).Select(_ => (long?)random.NextInt64(-1_000, 1_000))];
                int[] ids = Fold(map, sum, keys, values, []);
                using ColumnVector valueColumn = ColumnFactory.FromNullable<long>(SqlType.BigInt, values, Pool);
                average.EnsureGroups(map.GroupCount);
                average.Update(valueColumn, ids, default);
                for (int i = 0; i < keys.Length; i++)
                {
                    Assert.Equal(reference.Add(keys[i], values[i]), ids[i]);
                }
            }

            reference.AssertSums(sum, map.GroupCount, Pool);
            using ColumnVector averages = average.Finish(map.GroupCount, Pool);
            for (int g = 0; g < map.GroupCount; g++)
            {
                Assert.Equal((long)(reference.Sums[g] / reference.Counts[g]), averages.Values<long>()[g]);
            }
        }
    }

    [Fact]
    public void A_sum_past_bigint_on_a_colliding_key_raises_for_its_group_and_others_stay_exact()
    {
        ulong inverse = Inverse(HashMultiplier);
        long[] colliding = [.. Enumerable.Range(0, 40).Select(j => unchecked((long)((ulong)j * inverse)))];
        using var map = new GroupIdMap([SqlType.BigInt], Pool, initialCapacity: 2);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);

        // 3,000 rows over the 40 keys; group 25 (a key displaced from its full home bucket) passes BIGINT in a later
        // piece of the batch, group 30 passes it and comes back.
        long?[] keys = [.. Enumerable.Range(0, 3_000).Select(i => (long?)colliding[i % 40])];
        long?[] values = [.. Enumerable.Range(0, 3_000).Select(i => (long?)(i % 7))];
        values[2_825] = long.MaxValue;
        values[2_865] = long.MaxValue;
        values[2_830] = long.MaxValue;
        values[2_870] = long.MinValue;
        Fold(map, sum, keys, values, []);

        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => sum.Finish(map.GroupCount, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(25, error.Row);
    }

    private int[] Fold(GroupIdMap map, IGroupedAggregate sum, long?[] keys, long?[] values, ulong[] mask)
    {
        using ColumnVector keyColumn = ColumnFactory.FromNullable<long>(SqlType.BigInt, keys, Pool);
        using ColumnVector valueColumn = ColumnFactory.FromNullable<long>(SqlType.BigInt, values, Pool);
        int[] ids = new int[keys.Length];
        map.MapAndUpdate([keyColumn], mask, ids, sum, valueColumn);
        return ids;
    }

    private static long PickKey(Random random, long[] colliding, long[] scattered, int domain) =>
        random.Next(3) == 0 ? colliding[random.Next(Math.Min(domain, colliding.Length))] : scattered[random.Next(Math.Min(domain, scattered.Length))];

    private static ulong Inverse(ulong odd)
    {
        // Newton's iteration for the inverse modulo 2^64: each step doubles the correct low bits.
        ulong x = odd;
        for (int i = 0; i < 6; i++)
        {
            x = unchecked(x * (2 - (odd * x)));
        }

        return x;
    }

    /// <summary>First-seen group numbering and exact sums and counts of non-NULL values, per key (NULL its own group).</summary>
    private sealed class Reference
    {
        private readonly Dictionary<(bool Null, long Value), int> _ids = [];

        public List<Int128> Sums { get; } = [];

        public List<long> Counts { get; } = [];

        public int Count => _ids.Count;

        public int Add(long? key, long? value)
        {
            if (!_ids.TryGetValue((key is null, key ?? 0), out int id))
            {
                id = _ids.Count;
                _ids.Add((key is null, key ?? 0), id);
                Sums.Add(0);
                Counts.Add(0);
            }

            if (value is { } v)
            {
                Sums[id] += v;
                Counts[id]++;
            }

            return id;
        }

        public void AssertSums(IGroupedAggregate sum, int groups, BufferPool pool)
        {
            using ColumnVector result = sum.Finish(groups, pool);
            object?[] actual = ColumnFactory.ToObjects(result);
            for (int g = 0; g < groups; g++)
            {
                Assert.Equal(Counts[g] == 0 ? null : (object)(long)Sums[g], actual[g]);
            }
        }
    }
}
