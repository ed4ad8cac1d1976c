using RocksDbSharp;

namespace VecFlow.State.Storage;

/// <summary>A state table in one RocksDB column family, behind the backend's write-back cache.</summary>
/// <remarks>
/// Point reads look in the cache first and fetch all misses of a call with ONE MultiGet; writes go to the cache and
/// reach RocksDB in WriteBatches when it flushes. Never a native call per row.
/// </remarks>
internal sealed class RocksDbStateTable(RocksDb db, ColumnFamilyHandle family, int id, string name, int keyGroupOffset, WriteBackCache cache, WriteOptions writeOptions) : IStateTable
{
    private readonly ReadOptions _readOptions = new();

    public string Name { get; } = name;

    public int KeyGroupOffset { get; } = keyGroupOffset;

    public ColumnFamilyHandle Family { get; } = family;

    public void MultiGet(ReadOnlySpan<byte[]> keys, Span<byte[]?> values)
    {
        List<int>? misses = null;
        for (int i = 0; i < keys.Length; i++)
        {
            if (!cache.TryGet(id, keys[i], out values[i]))
            {
                (misses ??= []).Add(i);
            }
        }

        if (misses is not null)
        {
            byte[][] missKeys = new byte[misses.Count][];
            var families = new ColumnFamilyHandle[misses.Count];
            for (int m = 0; m < misses.Count; m++)
            {
                missKeys[m] = keys[misses[m]];
                families[m] = Family;
            }

            KeyValuePair<byte[], byte[]>[] found = db.MultiGet(missKeys, families, _readOptions);
            for (int m = 0; m < misses.Count; m++)
            {
                byte[]? value = found[m].Value;
                values[misses[m]] = value;
                cache.PutClean(id, Family, missKeys[m], value);
            }
        }

        cache.EvictIfFull();
    }

    public void Write(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte[]?> values)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            cache.PutDirty(id, Family, keys[i], values[i]);
        }

        cache.EvictIfFull();
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] from, byte[]? to)
    {
        cache.Flush();
        var options = new ReadOptions();
        options.SetIterateLowerBound(from);
        if (to is not null)
        {
            options.SetIterateUpperBound(to);
        }

        using Iterator iterator = db.NewIterator(Family, options);
        for (iterator.Seek(from); iterator.Valid(); iterator.Next())
        {
            yield return new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
        }
    }

    public void DeleteRanges(ReadOnlySpan<byte[]> from, ReadOnlySpan<byte[]> to)
    {
        cache.Flush();
        using var batch = new WriteBatch();
        for (int i = 0; i < from.Length; i++)
        {
            cache.Forget(id, from[i], to[i]);
            batch.DeleteRange(from[i], (ulong)from[i].Length, to[i], (ulong)to[i].Length, Family);
        }

        db.Write(batch, writeOptions);
    }

    public StateSize Size()
    {
        cache.Flush();
        long entries = ParseProperty("rocksdb.estimate-num-keys");
        long bytes = ParseProperty("rocksdb.estimate-live-data-size") + ParseProperty("rocksdb.cur-size-all-mem-tables");
        return new StateSize(Name, entries, bytes);
    }

    private long ParseProperty(string property) =>
        long.TryParse(db.GetProperty(property, Family), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) ? value : 0;
}
