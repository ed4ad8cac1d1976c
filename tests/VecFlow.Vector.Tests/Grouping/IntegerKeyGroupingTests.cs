using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

/// <summary>The single integer key path of the group-id map and the grouped SUM scatter, against scalar references.</summary>
public sealed class IntegerKeyGroupingTests : PooledTest
{
    // The map's in-map hash multiplier (2^64 / phi); keys j * inverse land in bucket 0 of every table size.
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15UL;

    public IntegerKeyGroupingTests()
    {
        Pool.TrackRentSites = false;
    }

    public static IEnumerable<object[]> KeyDomains() =>
    [
        ["small"],
        ["many"],
        ["colliding"],
        ["extremes"],
    ];

    [Theory]
    [MemberData(nameof(KeyDomains))]
    public void Bigint_group_ids_match_a_first_seen_reference_for_every_length_with_nulls_and_selections(string domain)
    {
        var random = new Random(domain.Length * 7919);
        long[] distinct = Domain(domain, random);
        foreach (bool nulls in new[] { false, true })
        {
            foreach (bool masked in new[] { false, true })
            {
                using var map = new GroupIdMap([SqlType.BigInt], Pool, initialCapacity: 2);
                var reference = new Dictionary<(bool Null, long Value), int>();
                var firstKeys = new List<long?>();
                for (int n = 0; n <= 257; n++)
                {
                    long?[] keys = [.. Enumerable.Range(0, n).Select(_ => nulls && random.Next(8) == 0 ? (long?)null : distinct[random.Next(distinct.Length)])];
                    bool[] live = [.. Enumerable.Range(0, n).Select(_ => !masked || random.Next(4) != 0)];
                    int[] ids = MapBigInt(map, keys, masked ? live : null);
                    for (int i = 0; i < n; i++)
                    {
                        int expected = -1;
                        (bool, long) key = (keys[i] is null, keys[i] ?? 0);
                        if (live[i] && !reference.TryGetValue(key, out expected))
                        {
                            expected = reference.Count;
                            reference[key] = expected;
                            firstKeys.Add(keys[i]);
                        }

                        Assert.True(expected == ids[i], $"{domain}, nulls {nulls}, masked {masked}, length {n}, row {i}: id {ids[i]}, expected {expected}");
                    }

                    Assert.Equal(reference.Count, map.GroupCount);
                }

                IReadOnlyList<ColumnVector> groupKeys = map.Keys(Pool);
                try
                {
                    Assert.Equal(firstKeys.Count, groupKeys[0].Length);
                    for (int g = 0; g < firstKeys.Count; g++)
                    {
                        long? actual = groupKeys[0].IsNull(g) ? null : groupKeys[0].Values<long>()[g];
                        Assert.Equal(firstKeys[g], actual);
                    }
                }
                finally
                {
                    foreach (ColumnVector column in groupKeys)
                    {
                        column.Dispose();
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(SqlTypeKind.Int)]
    [InlineData(SqlTypeKind.SmallInt)]
    [InlineData(SqlTypeKind.TinyInt)]
    public void Narrow_integer_keys_group_like_their_values(SqlTypeKind kind)
    {
        SqlType type = kind switch
        {
            SqlTypeKind.Int => SqlType.Int,
            SqlTypeKind.SmallInt => SqlType.SmallInt,
            _ => SqlType.TinyInt,
        };
        var random = new Random(5);
        using var map = new GroupIdMap([type], Pool, initialCapacity: 1);
        var reference = new Dictionary<long, int>();
        for (int n = 0; n <= 257; n++)
        {
            // Negative values and zero included: the map widens with sign.
            long[] keys = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(-100, 100))];
            using ColumnVector column = type.FixedWidth switch
            {
                1 => ColumnFactory.FromValues<sbyte>(type, [.. keys.Select(k => (sbyte)k)], Pool),
                2 => ColumnFactory.FromValues<short>(type, [.. keys.Select(k => (short)k)], Pool),
                _ => ColumnFactory.FromValues<int>(type, [.. keys.Select(k => (int)k)], Pool),
            };
            int[] ids = new int[n];
            map.Map([column], default, ids);
            for (int i = 0; i < n; i++)
            {
                if (!reference.TryGetValue(keys[i], out int expected))
                {
                    expected = reference.Count;
                    reference[keys[i]] = expected;
                }

                Assert.Equal(expected, ids[i]);
            }
        }

        IReadOnlyList<ColumnVector> groupKeys = map.Keys(Pool);
        try
        {
            long[] expectedKeys = [.. reference.OrderBy(p => p.Value).Select(p => p.Key)];
            for (int g = 0; g < expectedKeys.Length; g++)
            {
                long actual = type.FixedWidth switch
                {
                    1 => groupKeys[0].Values<sbyte>()[g],
                    2 => groupKeys[0].Values<short>()[g],
                    _ => groupKeys[0].Values<int>()[g],
                };
                Assert.Equal(expectedKeys[g], actual);
            }
        }
        finally
        {
            foreach (ColumnVector c in groupKeys)
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public void Grouped_bigint_sum_matches_a_scalar_reference_for_every_length_with_nulls_and_selections()
    {
        var random = new Random(17);
        foreach (int groups in new[] { 1, 7, 1000 })
        {
            foreach (bool nulls in new[] { false, true })
            {
                foreach (bool masked in new[] { false, true })
                {
                    using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
                    using IGroupedAggregate count = GroupedAggregates.Create(AggregateFunction.Count, SqlType.BigInt);
                    long[] expectedSums = new long[groups];
                    long[] expectedCounts = new long[groups];
                    sum.EnsureGroups(groups);
                    count.EnsureGroups(groups);
                    for (int n = 0; n <= 257; n++)
                    {
                        long?[] values = [.. Enumerable.Range(0, n).Select(_ => nulls && random.Next(5) == 0 ? (long?)null : random.NextInt64(-1_000_000, 1_000_000))];
                        bool[] live = [.. Enumerable.Range(0, n).Select(_ => !masked || random.Next(3) != 0)];
                        int[] ids = [.. Enumerable.Range(0, n).Select(i => live[i] ? random.Next(groups) : -1)];
                        ulong[] mask = masked ? Mask(live) : [];
                        using ColumnVector column = ColumnFactory.FromNullable<long>(SqlType.BigInt, values, Pool);
                        sum.Update(column, ids, mask);
                        count.Update(column, ids, mask);
                        for (int i = 0; i < n; i++)
                        {
                            if (live[i] && values[i] is long v)
                            {
                                expectedSums[ids[i]] += v;
                                expectedCounts[ids[i]]++;
                            }
                        }
                    }

                    using ColumnVector sums = sum.Finish(groups, Pool);
                    using ColumnVector counts = count.Finish(groups, Pool);
                    for (int g = 0; g < groups; g++)
                    {
                        Assert.Equal(expectedCounts[g], counts.Values<long>()[g]);
                        Assert.Equal(expectedCounts[g] == 0, sums.IsNull(g));
                        if (expectedCounts[g] > 0)
                        {
                            Assert.Equal(expectedSums[g], sums.Values<long>()[g]);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void A_group_id_out_of_range_fails_instead_of_writing_past_the_states()
    {
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        sum.EnsureGroups(4);
        using ColumnVector values = ColumnFactory.FromValues<long>(SqlType.BigInt, [.. Enumerable.Range(0, 100).Select(i => (long)i)], Pool);
        int[] ids = [.. Enumerable.Range(0, 100).Select(i => i % 4)];
        ids[70] = 4;
        Assert.Throws<IndexOutOfRangeException>(() => sum.Update(values, ids, default));
        ids[70] = -1;
        Assert.Throws<IndexOutOfRangeException>(() => sum.Update(values, ids, Mask([.. Enumerable.Repeat(true, 100)])));
    }

    private int[] MapBigInt(GroupIdMap map, long?[] keys, bool[]? live)
    {
        int n = keys.Length;
        using ColumnVector column = ColumnFactory.FromNullable<long>(SqlType.BigInt, keys, Pool);
        int[] ids = new int[n + 3];
        map.Map([column], live is null ? default : Mask(live), ids);
        return ids[..n];
    }

    private static long[] Domain(string domain, Random random) => domain switch
    {
        "small" => [.. Enumerable.Range(0, 5).Select(i => (long)i - 2)],
        "many" => [.. Enumerable.Range(0, 20_000).Select(_ => random.NextInt64())],

        // Every key has the same home bucket in every table size, so probes walk long runs of full buckets; 0 is in it.
        "colliding" => [.. Enumerable.Range(0, 300).Select(j => unchecked((long)((ulong)j * Inverse(HashMultiplier))))],
        _ => [0, -1, 1, long.MinValue, long.MaxValue, long.MinValue + 1, long.MaxValue - 1, int.MinValue, int.MaxValue],
    };

    /// <summary>The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits).</summary>
    private static ulong Inverse(ulong odd)
    {
        ulong x = odd;
        for (int i = 0; i < 6; i++)
        {
            x *= 2 - (odd * x);
        }

        return x;
    }
}
