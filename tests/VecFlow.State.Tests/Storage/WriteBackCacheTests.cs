using RocksDbSharp;
using VecFlow.State.Storage;

namespace VecFlow.State.Tests.Storage;

/// <summary>The write-back cache against a dictionary model: hits, misses, writes, deletes, eviction, flushes and forgotten ranges.</summary>
public sealed class WriteBackCacheTests : StateTest
{
    [Theory]
    [InlineData(2 * 1024)]
    [InlineData(64 * 1024)]
    [InlineData(16 << 20)]
    public void Random_operations_agree_with_a_dictionary_and_reach_RocksDB(long capacity)
    {
        using var db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true), NewPath("db"), new ColumnFamilies());
        ColumnFamilyHandle[] families = [db.CreateColumnFamily(new ColumnFamilyOptions(), "a"), db.CreateColumnFamily(new ColumnFamilyOptions(), "b")];
        var writeOptions = new WriteOptions();
        var cache = new WriteBackCache(db, writeOptions, capacity);
        var model = new Dictionary<(int, string), byte[]?>();
        var random = new Random(11);
        var keys = new StateKeyBatch();
        for (int step = 0; step < 20_000; step++)
        {
            int table = random.Next(2);
            byte[] key = [.. BitConverter.GetBytes(random.Next(600)), .. new byte[random.Next(3) * 7]];
            int op = random.Next(10);
            if (op < 4)
            {
                // What a state read does: cache first, RocksDB on a miss, remembered as clean.
                byte[]? value = cache.TryGet(table, key, out byte[]? cached) ? cached : db.Get(key, families[table]);
                if (!cache.TryGet(table, key, out _))
                {
                    cache.PutClean(table, families[table], key, value);
                }

                Assert.Equal(model.GetValueOrDefault((table, Convert.ToHexString(key))), value);
            }
            else if (op < 9)
            {
                byte[]? value = op == 8 ? null : BitConverter.GetBytes(step);
                keys.Clear();
                key.CopyTo(keys.Add(key.Length));
                cache.PutDirty(table, families[table], keys[0], value);
                model[(table, Convert.ToHexString(key))] = value;
            }
            else if (random.Next(20) == 0)
            {
                // A range delete: flush, forget the range in the cache, delete it in RocksDB (as DeleteRanges does).
                byte[] from = BitConverter.GetBytes(random.Next(600));
                byte[] to = [.. from, 0xFF, 0xFF];
                cache.Flush();
                cache.Forget(table, from, to);
                db.Write(new WriteBatch().DeleteRange(from, (ulong)from.Length, to, (ulong)to.Length, families[table]), writeOptions);
                foreach ((int t, string hex) in model.Keys.ToList())
                {
                    byte[] k = Convert.FromHexString(hex);
                    if (t == table && k.AsSpan().SequenceCompareTo(from) >= 0 && k.AsSpan().SequenceCompareTo(to) < 0)
                    {
                        model.Remove((t, hex));
                    }
                }
            }

            cache.EvictIfFull();
            Assert.True(cache.Bytes <= Math.Max(capacity, 1024) || cache.Count > 0);
        }

        cache.Flush();
        foreach (((int table, string hex), byte[]? value) in model)
        {
            Assert.Equal(value, db.Get(Convert.FromHexString(hex), families[table]));
        }

        if (capacity < 100_000)
        {
            Assert.True(cache.Flushes > 1, "a small cache flushes many times");
        }

        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void A_read_of_keys_nobody_wrote_is_answered_without_filling_the_cache()
    {
        using var db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true), NewPath("db"), new ColumnFamilies());
        ColumnFamilyHandle family = db.CreateColumnFamily(new ColumnFamilyOptions(), "a");
        var writeOptions = new WriteOptions();
        var cache = new WriteBackCache(db, writeOptions, 1 << 20);
        var table = new RocksDbStateTable(db, family, 0, "a", 0, cache, writeOptions);
        var keys = new StateKeyBatch();
        for (int k = 0; k < 1_000; k++)
        {
            BitConverter.GetBytes(k).CopyTo(keys.Add(sizeof(int)));
        }

        // Never written: the stored-key filter rules every key out, so the read neither reaches RocksDB nor caches anything.
        byte[]?[] values = new byte[]?[keys.Count];
        table.MultiGet(keys, values);
        Assert.All(values, Assert.Null);
        Assert.Equal(0, cache.Count);

        // One written and flushed key: its read goes to RocksDB and is remembered; the others stay out.
        byte[] stored = BitConverter.GetBytes(7);
        cache.PutDirty(0, family, stored, [1, 2, 3]);
        cache.Flush();
        cache.Clear();
        table.MultiGet(keys, values);
        Assert.Equal([1, 2, 3], values[7]);
        Assert.Equal(1, values.Count(v => v is not null));
        Assert.Equal(1, cache.Count);
    }
}
