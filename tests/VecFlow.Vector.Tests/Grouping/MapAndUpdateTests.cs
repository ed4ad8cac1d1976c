using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

/// <summary>GroupIdMap.MapAndUpdate (the one-pass map-and-fold of the hash aggregate) against Map, EnsureGroups and Update.</summary>
public sealed class MapAndUpdateTests : PooledTest
{
    public MapAndUpdateTests()
    {
        Pool.TrackRentSites = false;
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (SqlTypeKind key in new[] { SqlTypeKind.BigInt, SqlTypeKind.Int, SqlTypeKind.SmallInt, SqlTypeKind.TinyInt })
        {
            foreach (AggregateFunction function in new[] { AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Count })
            {
                yield return [key, function];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_pass_gives_the_ids_and_results_of_map_then_update_for_every_length_with_nulls_and_selections(SqlTypeKind keyKind, AggregateFunction function)
    {
        SqlType keyType = keyKind switch
        {
            SqlTypeKind.TinyInt => SqlType.TinyInt,
            SqlTypeKind.SmallInt => SqlType.SmallInt,
            SqlTypeKind.Int => SqlType.Int,
            _ => SqlType.BigInt,
        };
        var random = new Random(((int)keyKind * 31) + (int)function);
        foreach (string nulls in new[] { "none", "keys", "values" })
        {
            foreach (bool masked in new[] { false, true })
            {
                using var fused = new GroupIdMap([keyType], Pool, initialCapacity: 2);
                using var separate = new GroupIdMap([keyType], Pool, initialCapacity: 2);
                using IGroupedAggregate fusedAggregate = GroupedAggregates.Create(function, SqlType.BigInt);
                using IGroupedAggregate separateAggregate = GroupedAggregates.Create(function, SqlType.BigInt);

                // Every length 0..257, then batches longer than the one-pass chunk (with many new groups in them).
                foreach (int n in Enumerable.Range(0, 258).Concat([5_000, 9_000]))
                {
                    long?[] keys = [.. Enumerable.Range(0, n).Select(_ => nulls == "keys" && random.Next(8) == 0 ? (long?)null : Key(keyKind, random, n))];
                    long?[] values = [.. Enumerable.Range(0, n).Select(_ => nulls == "values" && random.Next(6) == 0 ? (long?)null : random.NextInt64(-1_000_000, 1_000_000))];
                    ulong[] mask = masked ? Mask([.. Enumerable.Range(0, n).Select(_ => random.Next(4) != 0)]) : [];
                    using ColumnVector keyColumn = KeyColumn(keyType, keys);
                    using ColumnVector valueColumn = ColumnFactory.FromNullable<long>(SqlType.BigInt, values, Pool);
                    int[] fusedIds = new int[n];
                    int[] separateIds = new int[n];
                    fused.MapAndUpdate([keyColumn], mask, fusedIds, fusedAggregate, valueColumn);
                    separate.Map([keyColumn], mask, separateIds);
                    separateAggregate.EnsureGroups(separate.GroupCount);
                    separateAggregate.Update(valueColumn, separateIds, mask);
                    Assert.True(separateIds.AsSpan().SequenceEqual(fusedIds), $"{keyKind} {function}, nulls {nulls}, masked {masked}, length {n}: ids differ");
                    Assert.Equal(separate.GroupCount, fused.GroupCount);
                }

                using ColumnVector expected = separateAggregate.Finish(separate.GroupCount, Pool);
                using ColumnVector actual = fusedAggregate.Finish(fused.GroupCount, Pool);
                Assert.Equal(ColumnFactory.ToObjects(expected), ColumnFactory.ToObjects(actual));
            }
        }
    }

    [Fact]
    public void Sums_stay_exact_when_batches_that_cannot_overflow_are_followed_by_ones_that_do()
    {
        using var map = new GroupIdMap([SqlType.BigInt], Pool);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        var exact = new Dictionary<long, Int128>();
        var random = new Random(5);

        // Small values first (the flag-free loop), then key 1 passes BIGINT's range both ways and comes back to 3,
        // then small values again (now checked), with keys 2 and 3 throughout.
        long[] small = [.. Enumerable.Range(0, 3_000).Select(_ => random.NextInt64(-1000, 1000))];
        long[] smallKeys = [.. Enumerable.Range(0, 3_000).Select(i => 2L + (i % 2))];
        Fold(map, sum, smallKeys, small, exact);
        Fold(map, sum, [1, 2, 1, 1, 3, 1], [long.MaxValue, 7, long.MaxValue, long.MinValue, -5, long.MinValue + 5], exact);
        Fold(map, sum, smallKeys, small, exact);

        using ColumnVector result = sum.Finish(map.GroupCount, Pool);
        using ColumnVector groupKeys = map.Keys(Pool)[0];
        Assert.Equal(3, map.GroupCount);
        for (int g = 0; g < map.GroupCount; g++)
        {
            Assert.Equal(exact[groupKeys.Values<long>()[g]], (Int128)result.Values<long>()[g]);
        }

        Assert.Equal(3, exact[1]);
    }

    [Fact]
    public void One_batch_whose_later_rows_pass_bigint_and_come_back_stays_exact()
    {
        // 7,000 rows span several of the one pass's 2,048-row pieces: the first pieces take the flag-free add, the
        // wrap-arounds of key 1 sit in a later piece, which must be replayed exactly on top of the earlier ones.
        using var map = new GroupIdMap([SqlType.BigInt], Pool);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        var exact = new Dictionary<long, Int128>();
        var random = new Random(9);
        long[] keys = [.. Enumerable.Range(0, 7_000).Select(_ => random.NextInt64(1, 60))];
        long[] values = [.. Enumerable.Range(0, 7_000).Select(_ => random.NextInt64(-1000, 1000))];
        keys[5_000] = 1;
        values[5_000] = long.MaxValue;
        keys[5_001] = 1;
        values[5_001] = long.MaxValue;
        keys[6_500] = 1;
        values[6_500] = long.MinValue;
        keys[6_501] = 1;
        values[6_501] = long.MinValue + 1;
        Fold(map, sum, keys, values, exact);

        using ColumnVector result = sum.Finish(map.GroupCount, Pool);
        using ColumnVector groupKeys = map.Keys(Pool)[0];
        for (int g = 0; g < map.GroupCount; g++)
        {
            Assert.Equal(exact[groupKeys.Values<long>()[g]], (Int128)result.Values<long>()[g]);
        }
    }

    [Fact]
    public void A_total_past_bigint_raises_after_flag_free_batches()
    {
        using var map = new GroupIdMap([SqlType.BigInt], Pool);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        var exact = new Dictionary<long, Int128>();
        Fold(map, sum, [.. Enumerable.Range(0, 4_000).Select(i => (long)(i % 3))], [.. Enumerable.Range(0, 4_000).Select(i => (long)i)], exact);
        Fold(map, sum, [5, 5, 6], [long.MaxValue / 2, long.MaxValue / 2, 1], exact);
        Fold(map, sum, [5, 6], [long.MaxValue / 2, 1], exact);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => sum.Finish(map.GroupCount, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(3, error.Row);
    }

    private void Fold(GroupIdMap map, IGroupedAggregate sum, long[] keys, long[] values, Dictionary<long, Int128> exact)
    {
        using ColumnVector keyColumn = ColumnFactory.FromValues<long>(SqlType.BigInt, keys, Pool);
        using ColumnVector valueColumn = ColumnFactory.FromValues<long>(SqlType.BigInt, values, Pool);
        map.MapAndUpdate([keyColumn], default, new int[keys.Length], sum, valueColumn);
        for (int i = 0; i < keys.Length; i++)
        {
            exact[keys[i]] = exact.GetValueOrDefault(keys[i]) + values[i];
        }
    }

    private static long Key(SqlTypeKind kind, Random random, int n)
    {
        // Some batches bring many new keys (table growth inside the one pass), most reuse a small domain.
        long domain = n > 1_000 ? n / 2 : 40;
        long key = random.NextInt64(-domain, domain);
        return kind switch
        {
            SqlTypeKind.TinyInt => (sbyte)key,
            SqlTypeKind.SmallInt => (short)key,
            SqlTypeKind.Int => (int)key * 7919,
            _ => key * 0x1_0000_0001L,
        };
    }

    private ColumnVector KeyColumn(SqlType type, long?[] keys) => type.Kind switch
    {
        SqlTypeKind.TinyInt => ColumnFactory.FromNullable<sbyte>(type, [.. keys.Select(k => (sbyte?)k)], Pool),
        SqlTypeKind.SmallInt => ColumnFactory.FromNullable<short>(type, [.. keys.Select(k => (short?)k)], Pool),
        SqlTypeKind.Int => ColumnFactory.FromNullable<int>(type, [.. keys.Select(k => (int?)k)], Pool),
        _ => ColumnFactory.FromNullable<long>(type, keys, Pool),
    };
}
