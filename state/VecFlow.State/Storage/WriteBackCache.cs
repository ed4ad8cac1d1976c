using RocksDbSharp;
using VecFlow.State.Encoding;

namespace VecFlow.State.Storage;

/// <summary>A bounded write-back cache in front of RocksDB, shared by all states of one backend; LRU, sized in bytes.</summary>
/// <remarks>
/// Holds recently read values (also "known absent"), and writes not yet in RocksDB (dirty entries, a null value being
/// a pending delete). When a call leaves it above its budget, every dirty entry goes to RocksDB in ONE WriteBatch and
/// the least recently used entries are dropped until it is at half its budget, so hot keys of the next batches are
/// still served from memory. Scans, range deletes and snapshots flush first so RocksDB sees every write.
/// </remarks>
internal sealed class WriteBackCache(RocksDb db, WriteOptions writeOptions, long capacityBytes)
{
    // Per-entry bookkeeping (node, dictionary slot, entry object) counted against the budget.
    private const int EntryOverhead = 96;

    private readonly Dictionary<CacheKey, LinkedListNode<CacheEntry>> _map = new();
    private readonly LinkedList<CacheEntry> _lru = new();
    private long _bytes;
    private int _dirty;

    public long CapacityBytes { get; } = Math.Max(1024, capacityBytes);

    public long Bytes => _bytes;

    public int Count => _map.Count;

    /// <summary>How many entries were written to RocksDB by flushes so far.</summary>
    public long FlushedEntries { get; private set; }

    /// <summary>How many flushes ran (each one WriteBatch).</summary>
    public long Flushes { get; private set; }

    /// <summary>True when the cache knows the key: <paramref name="value"/> is its value, or null if it is absent.</summary>
    public bool TryGet(int table, byte[] key, out byte[]? value)
    {
        if (_map.TryGetValue(new CacheKey(table, key), out LinkedListNode<CacheEntry>? node))
        {
            _lru.Remove(node);
            _lru.AddLast(node);
            value = node.Value.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Remembers a value just read from RocksDB (null: absent there).</summary>
    public void PutClean(int table, ColumnFamilyHandle family, byte[] key, byte[]? value) => Put(table, family, key, value, dirty: false);

    /// <summary>Records a write (null value: a delete) to reach RocksDB at the next flush.</summary>
    public void PutDirty(int table, ColumnFamilyHandle family, byte[] key, byte[]? value) => Put(table, family, key, value, dirty: true);

    /// <summary>Flushes and evicts when above budget; called once at the end of every batched call.</summary>
    public void EvictIfFull()
    {
        if (_bytes <= CapacityBytes)
        {
            return;
        }

        Flush();
        long target = CapacityBytes / 2;
        while (_bytes > target && _lru.First is { } oldest)
        {
            Remove(oldest);
        }
    }

    /// <summary>Writes every dirty entry to RocksDB in one WriteBatch; they stay cached, now clean.</summary>
    public void Flush()
    {
        if (_dirty == 0)
        {
            return;
        }

        using var batch = new WriteBatch();
        foreach (CacheEntry entry in _lru)
        {
            if (!entry.Dirty)
            {
                continue;
            }

            if (entry.Value is null)
            {
                batch.Delete(entry.Key, entry.Family);
            }
            else
            {
                batch.Put(entry.Key, entry.Value, entry.Family);
            }

            entry.Dirty = false;
        }

        db.Write(batch, writeOptions);
        FlushedEntries += _dirty;
        Flushes++;
        _dirty = 0;
    }

    /// <summary>Drops every cached entry of <paramref name="table"/> in [from, to); call after <see cref="Flush"/>.</summary>
    public void Forget(int table, byte[] from, byte[] to)
    {
        var doomed = new List<LinkedListNode<CacheEntry>>();
        for (LinkedListNode<CacheEntry>? node = _lru.First; node is not null; node = node.Next)
        {
            CacheEntry e = node.Value;
            if (e.Table == table && ByteArrayComparer.Instance.Compare(e.Key, from) >= 0 && ByteArrayComparer.Instance.Compare(e.Key, to) < 0)
            {
                doomed.Add(node);
            }
        }

        doomed.ForEach(Remove);
    }

    /// <summary>Drops everything (after a flush); used before a snapshot to return memory and on close.</summary>
    public void Clear()
    {
        _map.Clear();
        _lru.Clear();
        _bytes = 0;
        _dirty = 0;
    }

    private void Put(int table, ColumnFamilyHandle family, byte[] key, byte[]? value, bool dirty)
    {
        var cacheKey = new CacheKey(table, key);
        if (_map.TryGetValue(cacheKey, out LinkedListNode<CacheEntry>? node))
        {
            CacheEntry entry = node.Value;
            _bytes += (value?.Length ?? 0) - (entry.Value?.Length ?? 0);
            entry.Value = value;
            if (dirty && !entry.Dirty)
            {
                _dirty++;
            }

            entry.Dirty |= dirty;
            _lru.Remove(node);
            _lru.AddLast(node);
            return;
        }

        var added = new CacheEntry(table, family, key) { Value = value, Dirty = dirty };
        _map[cacheKey] = _lru.AddLast(added);
        _bytes += SizeOf(added);
        if (dirty)
        {
            _dirty++;
        }
    }

    private void Remove(LinkedListNode<CacheEntry> node)
    {
        CacheEntry entry = node.Value;
        if (entry.Dirty)
        {
            // Only reached through Forget after a flush, or eviction after a flush: never drop an unwritten change.
            throw new InvalidOperationException("A dirty state cache entry was evicted before it reached RocksDB.");
        }

        _map.Remove(new CacheKey(entry.Table, entry.Key));
        _lru.Remove(node);
        _bytes -= SizeOf(entry);
    }

    private static long SizeOf(CacheEntry entry) => entry.Key.Length + (entry.Value?.Length ?? 0) + EntryOverhead;

    private sealed class CacheEntry(int table, ColumnFamilyHandle family, byte[] key)
    {
        public int Table { get; } = table;

        public ColumnFamilyHandle Family { get; } = family;

        public byte[] Key { get; } = key;

        public byte[]? Value { get; set; }

        public bool Dirty { get; set; }
    }

    private readonly struct CacheKey(int table, byte[] key) : IEquatable<CacheKey>
    {
        public int Table { get; } = table;

        public byte[] Key { get; } = key;

        public bool Equals(CacheKey other) => Table == other.Table && Key.AsSpan().SequenceEqual(other.Key);

        public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(Table, ByteArrayComparer.Instance.GetHashCode(Key));
    }
}
