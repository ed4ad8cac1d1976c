using VecFlow.State.Storage;

namespace VecFlow.State.Tests.Storage;

/// <summary>The filter of keys written to RocksDB: never rules out a key it saw (else a stored value would read as absent), rules out most others.</summary>
public sealed class StoredKeyFilterTests
{
    [Fact]
    public void Every_added_key_may_be_contained_across_growing_levels_and_tables()
    {
        var filter = new StoredKeyFilter();
        var random = new Random(5);
        var added = new List<(int Table, byte[] Key)>();
        for (int i = 0; i < 300_000; i++)
        {
            byte[] key = new byte[4 + random.Next(40)];
            random.NextBytes(key);
            BitConverter.TryWriteBytes(key, i);
            int table = random.Next(3);
            filter.Add(table, key);
            added.Add((table, key));
        }

        Assert.All(added, a => Assert.True(filter.MayContain(a.Table, a.Key)));

        // Keys never added (distinct by their first 4 bytes): most are ruled out.
        int falsePositives = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] key = new byte[12];
            BitConverter.TryWriteBytes(key, 1_000_000 + i);
            falsePositives += filter.MayContain(0, key) ? 1 : 0;
        }

        Assert.InRange(falsePositives, 0, 20_000 / 20);
    }

    [Fact]
    public void A_key_of_another_table_is_not_taken_for_a_stored_one()
    {
        var filter = new StoredKeyFilter();
        byte[] key = [1, 2, 3];
        filter.Add(0, key);
        Assert.True(filter.MayContain(0, key));
        int hits = Enumerable.Range(1, 200).Count(t => filter.MayContain(t, key));
        Assert.InRange(hits, 0, 10);
    }

    [Fact]
    public void A_disabled_filter_rules_nothing_out()
    {
        var filter = new StoredKeyFilter();
        filter.Disable();
        filter.Add(0, [1]);
        Assert.False(filter.Enabled);
        Assert.True(filter.MayContain(0, [9, 9]));
        Assert.True(filter.MayContain(3, []));
    }
}
