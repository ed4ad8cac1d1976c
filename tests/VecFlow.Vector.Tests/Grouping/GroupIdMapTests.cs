using System.Globalization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Hashing;
using VecFlow.Vector.Tests.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

public sealed class GroupIdMapTests : PooledTest
{
    private static readonly SqlType[][] KeyShapes =
    [
        [SqlType.BigInt],
        [SqlType.Int],
        [SqlType.TinyInt],
        [SqlType.Varchar],
        [SqlType.Double],
        [SqlType.Boolean],
        [SqlType.Decimal(38, 4)],
        [SqlType.Int, SqlType.Varchar],
        [SqlType.Varchar, SqlType.Double, SqlType.BigInt],
        [SqlType.Boolean, SqlType.Decimal(20, 2), SqlType.Float],
        [SqlType.SmallInt, SqlType.Timestamp],
    ];

    public GroupIdMapTests()
    {
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void Group_ids_match_a_first_seen_dictionary_for_every_key_shape_length_null_pattern_and_mask()
    {
        var random = new Random(41);
        foreach (SqlType[] types in KeyShapes)
        {
            using var map = new GroupIdMap(types, Pool, initialCapacity: 4);
            var reference = new Dictionary<string, int>();
            var firstKeys = new List<object?[]>();
            for (int n = 0; n <= 257; n++)
            {
                // A small value domain so keys repeat within and across batches.
                object?[][] columns = types.Select(t => SmallDomain(t, n, random, n % 5 == 0 ? 0.0 : 0.1)).ToArray();
                (ulong[] words, bool[] live) = n % 2 == 0 ? ([], Enumerable.Repeat(true, n).ToArray()) : TestColumns.PartialMask(n, random);
                int[] ids = Map(map, types, columns, words, n + 2);
                for (int i = 0; i < n; i++)
                {
                    int expected = -1;
                    if (live[i])
                    {
                        object?[] key = columns.Select(c => c[i]).ToArray();
                        string text = KeyText(key);
                        if (!reference.TryGetValue(text, out expected))
                        {
                            expected = reference.Count;
                            reference[text] = expected;
                            firstKeys.Add(key);
                        }
                    }

                    Assert.True(expected == ids[i], $"{string.Join(", ", types.Select(t => t.ToString()))} n={n} row {i}: expected group {expected}, got {ids[i]}");
                }

                Assert.Equal(reference.Count, map.GroupCount);
            }

            AssertKeys(map, types, firstKeys);
        }
    }

    [Fact]
    public void Hundred_thousand_distinct_keys_grow_the_table_across_batches()
    {
        var random = new Random(42);
        foreach ((bool composite, bool text) in new[] { (false, false), (true, false), (false, true) })
        {
            SqlType[] types = composite ? [SqlType.Int, SqlType.Varchar] : text ? [SqlType.Varchar] : [SqlType.BigInt];
            using var map = new GroupIdMap(types, Pool, initialCapacity: 16);
            long initialBytes = map.MemoryBytes;
            var reference = new Dictionary<long, int>();
            long next = 0;
            int[] ids = new int[4096];
            for (int batch = 0; batch < 36; batch++)
            {
                // Mostly new keys, some repeats of earlier ones; scattered big values (hashing must spread them).
                long[] k = new long[ids.Length];
                for (int i = 0; i < k.Length; i++)
                {
                    k[i] = random.Next(4) == 0 && next > 0 ? random.NextInt64(next) : next++;
                }

                var columns = new List<ColumnVector>();
                try
                {
                    if (composite)
                    {
                        columns.Add(ColumnFactory.FromValues<int>(SqlType.Int, k.Select(x => (int)(x % 1000)).ToArray(), Pool));
                        columns.Add(ColumnFactory.FromStrings(k.Select(x => (x / 1000).ToString(CultureInfo.InvariantCulture)).ToList(), Pool));
                    }
                    else if (text)
                    {
                        columns.Add(ColumnFactory.FromStrings(k.Select(x => "key-" + x.ToString(CultureInfo.InvariantCulture)).ToList(), Pool));
                    }
                    else
                    {
                        columns.Add(ColumnFactory.FromValues<long>(SqlType.BigInt, k.Select(x => x * 0x9E3779B1L).ToArray(), Pool));
                    }

                    map.Map(columns, default, ids);
                }
                finally
                {
                    foreach (ColumnVector column in columns)
                    {
                        column.Dispose();
                    }
                }

                for (int i = 0; i < k.Length; i++)
                {
                    if (!reference.TryGetValue(k[i], out int expected))
                    {
                        reference[k[i]] = expected = reference.Count;
                    }

                    Assert.True(expected == ids[i], $"batch {batch} row {i}: expected {expected}, got {ids[i]}");
                }
            }

            Assert.True(map.GroupCount > 100_000, $"only {map.GroupCount} groups");
            Assert.Equal(reference.Count, map.GroupCount);
            Assert.True(map.MemoryBytes > initialBytes + (map.GroupCount * 8L), "MemoryBytes does not follow growth");
        }
    }

    [Fact]
    public void Ids_follow_first_seen_order_and_unselected_rows_get_minus_one()
    {
        using var map = new GroupIdMap([SqlType.BigInt], Pool);
        int[] ids = Map(map, [SqlType.BigInt], [[30L, 10L, 30L, 20L, 10L]], [], 5);
        Assert.Equal([0, 1, 0, 2, 1], ids);

        // Row 1 (key 99) is not selected: it gets -1 and creates no group; 40 becomes group 3.
        ids = Map(map, [SqlType.BigInt], [[20L, 99L, 40L, 30L]], [0b1101], 4);
        Assert.Equal([2, -1, 3, 0], ids);
        Assert.Equal(4, map.GroupCount);
        ids = Map(map, [SqlType.BigInt], [[99L]], [], 1);
        Assert.Equal([4], ids);
    }

    [Fact]
    public void Null_keys_form_their_own_group_and_equal_doubles_group_together()
    {
        using var single = new GroupIdMap([SqlType.Int], Pool);
        int[] ids = Map(single, [SqlType.Int], [[null, 0, null, 7, 0]], [], 5);
        Assert.Equal([0, 1, 0, 2, 1], ids);

        using var pair = new GroupIdMap([SqlType.Varchar, SqlType.Int], Pool);
        ids = Map(pair, [SqlType.Varchar, SqlType.Int], [[null, "", null, "", null], [1, 1, null, 1, 1]], [], 5);
        Assert.Equal([0, 1, 2, 1, 0], ids);

        double otherNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000005UL));
        using var doubles = new GroupIdMap([SqlType.Double], Pool);
        ids = Map(doubles, [SqlType.Double], [[-0.0, 0.0, double.NaN, otherNaN, 1.0, null]], [], 6);
        Assert.Equal([0, 0, 1, 1, 2, 3], ids);
        IReadOnlyList<ColumnVector> keys = doubles.Keys(Pool);
        try
        {
            object?[] values = ColumnFactory.ToObjects(keys[0]);
            Assert.Equal(0.0, values[0]);
            Assert.True(double.IsNaN((double)values[1]!));
            Assert.Null(values[3]);
        }
        finally
        {
            keys[0].Dispose();
        }
    }

    [Fact]
    public void Wrong_keys_are_rejected()
    {
        using var map = new GroupIdMap([SqlType.BigInt, SqlType.Varchar], Pool);
        using ColumnVector longs = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2], Pool);
        using ColumnVector strings = ColumnFactory.FromStrings(["a"], Pool);
        int[] ids = new int[2];
        Assert.Throws<ArgumentException>(() => map.Map([longs], default, ids));
        Assert.Throws<ArgumentException>(() => map.Map([longs, longs], default, ids));
        Assert.Throws<ArgumentException>(() => map.Map([longs, strings], default, ids));
        Assert.Throws<ArgumentException>(() => new GroupIdMap([], Pool));
        Assert.Throws<NotSupportedException>(() => new GroupIdMap([SqlType.Null], Pool));
    }

    private int[] Map(GroupIdMap map, SqlType[] types, object?[][] columns, ulong[] mask, int idCapacity)
    {
        var vectors = new List<ColumnVector>();
        try
        {
            for (int c = 0; c < types.Length; c++)
            {
                vectors.Add(TestColumns.Build(types[c], columns[c], Pool));
            }

            int n = columns[0].Length;
            int[] ids = Enumerable.Repeat(int.MinValue, idCapacity).ToArray();
            map.Map(vectors, mask, ids);
            for (int i = n; i < idCapacity; i++)
            {
                Assert.Equal(int.MinValue, ids[i]);
            }

            return ids[..n];
        }
        finally
        {
            foreach (ColumnVector vector in vectors)
            {
                vector.Dispose();
            }
        }
    }

    private void AssertKeys(GroupIdMap map, SqlType[] types, List<object?[]> firstKeys)
    {
        IReadOnlyList<ColumnVector> keys = map.Keys(Pool);
        try
        {
            Assert.Equal(types.Length, keys.Count);
            for (int c = 0; c < types.Length; c++)
            {
                Assert.Equal(types[c].Kind, keys[c].Type.Kind);
                object?[] values = ColumnFactory.ToObjects(keys[c]);
                Assert.Equal(firstKeys.Count, values.Length);
                for (int g = 0; g < values.Length; g++)
                {
                    Assert.Equal(KeyText([firstKeys[g][c]]), KeyText([values[g]]));
                }
            }
        }
        finally
        {
            foreach (ColumnVector key in keys)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Values from a small domain per type (with NULLs), so that keys repeat.</summary>
    private static object?[] SmallDomain(SqlType type, int n, Random random, double nullRate)
    {
        var values = new object?[n];
        for (int i = 0; i < n; i++)
        {
            int k = random.Next(6);
            values[i] = random.NextDouble() < nullRate ? null : type.Kind switch
            {
                SqlTypeKind.BigInt or SqlTypeKind.Timestamp => k == 5 ? long.MinValue : (long)k * 1_000_000_007L,
                SqlTypeKind.Int or SqlTypeKind.Date => k == 5 ? int.MaxValue : k - 2,
                SqlTypeKind.SmallInt => (short)(k * 100),
                SqlTypeKind.TinyInt => (sbyte)(k - 3),
                SqlTypeKind.Boolean => k % 2 == 0,
                SqlTypeKind.Double => new[] { 0.0, -0.0, double.NaN, 1.5, -1e300, double.PositiveInfinity }[k],
                SqlTypeKind.Float => new[] { 0f, -0f, float.NaN, 1.5f, -3f, 2.25f }[k],
                SqlTypeKind.Decimal => new Int128[] { 0, -1, 1, Int128.MaxValue / 1000, (Int128)long.MinValue * 7, 42 }[k],
                SqlTypeKind.Varchar => new[] { "", "a", "ab", "é", "😀", "long string value" }[k],
                _ => throw new NotSupportedException(type.ToString()),
            };
        }

        return values;
    }

    /// <summary>A key's identity under SQL GROUP BY: NULL is one value, -0.0 is 0.0, every NaN is one NaN.</summary>
    private static string KeyText(object?[] key) => string.Join("\u0001", key.Select(v => v switch
    {
        null => "NULL",
        double d => "D" + HashMixer.CanonicalBits(d).ToString("X", CultureInfo.InvariantCulture),
        float f => "D" + HashMixer.CanonicalBits(f).ToString("X", CultureInfo.InvariantCulture),
        string s => "S" + s,
        _ => v.GetType().Name + Convert.ToString(v, CultureInfo.InvariantCulture),
    }));
}
