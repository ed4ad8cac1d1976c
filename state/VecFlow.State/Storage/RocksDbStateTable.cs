using RocksDbSharp;
using VecFlow.State.Encoding;

namespace VecFlow.State.Storage;

/// <summary>A state table in one RocksDB column family, behind the backend's write-back cache.</summary>
/// <remarks>
/// Point reads look in the cache first and fetch all misses of a call with ONE MultiGet; writes go to the cache and
/// reach RocksDB in WriteBatches when it flushes. Never a native call per row. A key the stored-key filter rules out is
/// answered "absent" without being cached: the filter answers it again as cheaply, and caching it cost a key copy and a
/// cache entry per read of a slice or row nobody wrote (a window firing reads several per key), evicting live entries.
/// </remarks>
internal sealed class RocksDbStateTable(RocksDb db, ColumnFamilyHandle family, int id, string name, int keyGroupOffset, WriteBackCache cache, WriteOptions writeOptions) : IStateTable
{
    private readonly ReadOptions _readOptions = new();
    private byte[][] _missKeys = [];
    private int[] _missIndex = [];
    private int[] _order = [];
    private ColumnFamilyHandle[] _families = [];

    public string Name { get; } = name;

    public int KeyGroupOffset { get; } = keyGroupOffset;

    public ColumnFamilyHandle Family { get; } = family;

    public void MultiGet(ReadOnlySpan<byte[]> keys, Span<byte[]?> values)
    {
        int misses = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (!cache.TryGet(id, keys[i], out values[i]) && cache.Stored.MayContain(id, keys[i]))
            {
                AddMiss(i, keys[i], misses++);
            }
        }

        FetchMisses(misses, values);
    }

    public void MultiGet(StateKeyBatch keys, Span<byte[]?> values)
    {
        int misses = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            ReadOnlySpan<byte> key = keys[i];
            if (!cache.TryGet(id, key, out values[i]) && cache.Stored.MayContain(id, key))
            {
                // RocksDB and the cache keep the key: the one copy a miss costs.
                AddMiss(i, key.ToArray(), misses++);
            }
        }

        FetchMisses(misses, values);
    }

    public void Write(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte[]?> values)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            cache.PutDirty(id, Family, keys[i], values[i]);
        }

        cache.EvictIfFull();
    }

    public void Write(StateKeyBatch keys, ReadOnlySpan<byte[]?> values)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            cache.PutDirty(id, Family, keys[i], values[i]);
        }

        cache.EvictIfFull();
    }

    public bool TryPeek(byte[] key, out byte[]? value) => cache.TryGet(id, key, out value);

    public void AppendToListHeads(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte> elements, ReadOnlySpan<int> offsets)
    {
        // In key order: RocksDB's memtable inserts a key next to the previous one of the batch almost for free, while
        // keys in arrival order each search the skip list from the top (18 % of q7's CPU before this order).
        if (_order.Length < keys.Length)
        {
            _order = new int[Math.Max(keys.Length, _order.Length * 2)];
        }

        Span<int> order = _order.AsSpan(0, keys.Length);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        byte[][] sortKeys = keys.ToArray();
        sortKeys.AsSpan().Sort(order, ByteArrayComparer.Instance);
        using var batch = new WriteBatch();
        int merges = 0;
        foreach (int i in order)
        {
            ReadOnlySpan<byte> appended = elements[offsets[i]..offsets[i + 1]];
            if (cache.TryGet(id, keys[i], out byte[]? head))
            {
                // The cache holds the head (its RocksDB copy may be older): append there.
                cache.PutDirty(id, Family, keys[i], ListHeadAppend.Appended(head, appended));
                continue;
            }

            // Not cached: everything the cache wrote for this key is in RocksDB already, so the operand lands after it.
            batch.Merge(keys[i], appended, Family);
            cache.Stored.Add(id, keys[i]);
            merges++;
        }

        if (merges > 0)
        {
            db.Write(batch, writeOptions);
        }

        cache.EvictIfFull();
    }

    private void AddMiss(int index, byte[] key, int miss)
    {
        if (miss == _missKeys.Length)
        {
            int size = Math.Max(64, miss * 2);
            Array.Resize(ref _missKeys, size);
            Array.Resize(ref _missIndex, size);
        }

        _missKeys[miss] = key;
        _missIndex[miss] = index;
    }

    /// <summary>ONE MultiGet of the call's cache misses; remembers each answer (also "absent") in the cache.</summary>
    private void FetchMisses(int misses, Span<byte[]?> values)
    {
        if (misses > 0)
        {
            byte[][] missKeys = misses == _missKeys.Length ? _missKeys : _missKeys[..misses];
            if (_families.Length != misses)
            {
                _families = new ColumnFamilyHandle[misses];
                Array.Fill(_families, Family);
            }

            KeyValuePair<byte[], byte[]>[] found = db.MultiGet(missKeys, _families, _readOptions);
            for (int m = 0; m < misses; m++)
            {
                byte[]? value = found[m].Value;
                values[_missIndex[m]] = value;
                cache.PutClean(id, Family, missKeys[m], value);
            }

            Array.Clear(_missKeys, 0, misses);
        }

        cache.EvictIfFull();
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] from, byte[]? to)
    {
        cache.Flush();
        using var options = new ScanReadOptions(from, to);
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
