using System.Globalization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

/// <summary>GroupIdMap.Reset: a map reset between batches numbers each batch exactly as a fresh map would.</summary>
public sealed class GroupIdMapResetTests : PooledTest
{
    public GroupIdMapResetTests()
    {
        Pool.TrackRentSites = false;
    }

    public static IEnumerable<object[]> Layouts() =>
    [
        ["BIGINT"],
        ["VARCHAR"],
        ["INT,BIGINT"],
        ["INT,VARCHAR"],
    ];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_reset_map_gives_every_batch_the_ids_and_keys_of_a_fresh_map(string layout)
    {
        SqlType[] types = [.. layout.Split(',').Select(t => t == "VARCHAR" ? SqlType.Varchar : t == "INT" ? SqlType.Int : SqlType.BigInt)];
        var random = new Random(layout.Length);
        using var reused = new GroupIdMap(types, Pool, initialCapacity: 4);

        // Large batches grow the reused table; the small ones after them must not see the large ones' keys.
        foreach (int n in new[] { 3_000, 7, 5_000, 0, 200, 9_000, 1 })
        {
            // Keys overlap across batches, so a group left over from an earlier batch would take a wrong id.
            long?[][] keys = [.. types.Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(20) == 0 ? (long?)null : random.Next(n + 1)).ToArray())];
            ulong[] mask = random.Next(2) == 0 ? [] : Mask(n, random);
            List<ColumnVector> columns = [.. types.Select((t, c) => Column(t, keys[c]))];
            try
            {
                using var fresh = new GroupIdMap(types, Pool, initialCapacity: 4);
                int[] expected = new int[n];
                int[] actual = new int[n];
                fresh.Map(columns, mask, expected);
                reused.Reset();
                reused.Map(columns, mask, actual);
                Assert.Equal(expected, actual);
                Assert.Equal(fresh.GroupCount, reused.GroupCount);
                Assert.Equal(KeyTexts(fresh), KeyTexts(reused));
            }
            finally
            {
                columns.ForEach(c => c.Dispose());
            }
        }
    }

    private static ulong[] Mask(int n, Random random)
    {
        ulong[] mask = new ulong[(n + 63) / 64];
        for (int row = 0; row < n; row++)
        {
            if (random.Next(3) != 0)
            {
                mask[row >> 6] |= 1UL << (row & 63);
            }
        }

        return mask;
    }

    private ColumnVector Column(SqlType type, long?[] keys) => type.Kind switch
    {
        SqlTypeKind.Varchar => ColumnFactory.FromStrings([.. keys.Select(k => k is { } v ? "key-" + v.ToString(CultureInfo.InvariantCulture) : null)], Pool),
        SqlTypeKind.Int => ColumnFactory.FromNullable<int>(type, [.. keys.Select(k => (int?)k)], Pool),
        _ => ColumnFactory.FromNullable<long>(type, keys, Pool),
    };

    private List<string> KeyTexts(GroupIdMap map)
    {
        IReadOnlyList<ColumnVector> keys = map.Keys(Pool);
        try
        {
            object?[][] values = [.. keys.Select(ColumnFactory.ToObjects)];
            return [.. Enumerable.Range(0, map.GroupCount).Select(g => string.Join("|", values.Select(v => v[g]?.ToString() ?? "NULL")))];
        }
        finally
        {
            foreach (ColumnVector key in keys)
            {
                key.Dispose();
            }
        }
    }
}
