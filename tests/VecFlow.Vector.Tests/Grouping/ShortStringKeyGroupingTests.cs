using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Tests.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Grouping;

/// <summary>One VARCHAR key: the packed short-key lookup agrees with a first-seen dictionary, also past its capacity.</summary>
public sealed class ShortStringKeyGroupingTests : PooledTest
{
    public ShortStringKeyGroupingTests()
    {
        Pool.TrackRentSites = false;
    }

    [Theory]
    [InlineData(6, 0.0)]
    [InlineData(6, 0.1)]
    [InlineData(40, 0.05)]
    [InlineData(3000, 0.02)]
    public void Group_ids_match_a_first_seen_dictionary(int distinct, double nullRate)
    {
        var random = new Random(distinct);
        string[] domain = Domain(distinct, random);
        using var map = new GroupIdMap([SqlType.Varchar], Pool, initialCapacity: 4);
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        int? nullGroup = null;
        var firstKeys = new List<string?>();
        for (int batch = 0; batch < 40; batch++)
        {
            int n = batch % 7 == 0 ? 0 : random.Next(1, 700);
            string?[] values = new string?[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = random.NextDouble() < nullRate ? null : domain[random.Next(domain.Length)];
            }

            (ulong[] words, bool[] live) = batch % 3 == 0 ? TestColumns.PartialMask(n, random) : ([], Enumerable.Repeat(true, n).ToArray());
            using ColumnVector column = ColumnFactory.FromStrings(values, Pool);
            int[] ids = new int[n];
            map.Map([column], words, ids);
            for (int i = 0; i < n; i++)
            {
                int expected = -1;
                if (live[i])
                {
                    string? value = values[i];
                    if (value is null)
                    {
                        nullGroup ??= Add(firstKeys, null);
                        expected = nullGroup.Value;
                    }
                    else if (!reference.TryGetValue(value, out expected))
                    {
                        expected = Add(firstKeys, value);
                        reference[value] = expected;
                    }
                }

                Assert.True(expected == ids[i], $"batch {batch} row {i} '{values[i]}': expected group {expected}, got {ids[i]}");
            }

            Assert.Equal(firstKeys.Count, map.GroupCount);
        }

        IReadOnlyList<ColumnVector> keys = map.Keys(Pool);
        try
        {
            Assert.Equal(firstKeys.Cast<object?>(), ColumnFactory.ToObjects(keys[0]));
        }
        finally
        {
            foreach (ColumnVector key in keys)
            {
                key.Dispose();
            }
        }
    }

    [Fact]
    public void Keys_that_share_their_first_and_last_bytes_or_differ_only_in_length_stay_apart()
    {
        // Overlapping 8-byte windows, zero bytes and lengths around 8 and 16 are where a packed key could collide.
        string[] keys =
        [
            "", "\0", "\0\0", "a", "a\0", "abcdefgh", "abcdefgh\0", "abcdefghabcdefgh", "abcdefgh12345678", "abcdefgh2345678",
            "abcdefghabcdefgh!", "abcdefghXbcdefgh", "abcdefghabcdefgX", "abcdefg", "abcdefgha", "bcdefgh", "ümlaut-ß", "ümlaut-ßx",
        ];
        using var map = new GroupIdMap([SqlType.Varchar], Pool);
        string?[] values = [.. keys, .. keys.Reverse(), .. keys];
        using ColumnVector column = ColumnFactory.FromStrings(values, Pool);
        int[] ids = new int[values.Length];
        map.Map([column], [], ids);
        Assert.Equal(keys.Length, map.GroupCount);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(Array.IndexOf(keys, values[i]), ids[i]);
        }
    }

    private static int Add(List<string?> firstKeys, string? key)
    {
        firstKeys.Add(key);
        return firstKeys.Count - 1;
    }

    private static string[] Domain(int distinct, Random random)
    {
        // Lengths 0..24: short keys take the packed lookup, keys over 16 bytes the hashed probe.
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (values.Count < distinct)
        {
            int length = random.Next(0, 25);
            values.Add(new string([.. Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'e'))]));
        }

        return [.. values];
    }
}
