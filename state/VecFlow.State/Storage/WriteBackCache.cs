using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using RocksDbSharp;
using VecFlow.State.Encoding;

namespace VecFlow.State.Storage;

/// <summary>A bounded write-back cache in front of RocksDB, shared by all states of one backend; LRU, sized in bytes.</summary>
/// <remarks>
/// <para>Holds recently read values (also "known absent"), and writes not yet in RocksDB (dirty entries, a null value
/// being a pending delete). When a call leaves it above its budget, every dirty entry goes to RocksDB in ONE WriteBatch
/// and the least recently used entries are dropped until it is at half its budget, so hot keys of the next batches are
/// still served from memory. Scans, range deletes and snapshots flush first so RocksDB sees every write.</para>
/// <para>No object per entry: entries are structs in one array, chained into the LRU order by index, found through an
/// open-addressing index of entry numbers (linear probing, each entry's hash kept to skip most key comparisons), and
/// looked up by a key span, so a hit allocates nothing. Dirty entries are listed, so a flush touches only them.</para>
/// </remarks>
internal sealed class WriteBackCache(RocksDb db, WriteOptions writeOptions, long capacityBytes)
{
    // Per-entry bookkeeping (the entry struct, its index slots, the key and value array headers) counted against the budget.
    private const int EntryOverhead = 96;
    private const int None = -1;

    private Entry[] _entries = new Entry[1024];
    private int[] _index = new int[2048];
    private int[] _dirtyList = new int[256];
    private ColumnFamilyHandle?[] _families = new ColumnFamilyHandle?[8];
    private int _used;
    private int _free = None;
    private int _head = None;
    private int _tail = None;
    private long _bytes;
    private int _dirty;
    private DirtyKey[] _sortKeys = [];

    public long CapacityBytes { get; } = Math.Max(1024, capacityBytes);

    /// <summary>Every key a flush put into RocksDB, so a read of a key never written skips RocksDB.</summary>
    public StoredKeyFilter Stored { get; } = new();

    public long Bytes => _bytes;

    public int Count { get; private set; }

    /// <summary>How many entries were written to RocksDB by flushes so far.</summary>
    public long FlushedEntries { get; private set; }

    /// <summary>How many flushes ran (each one WriteBatch).</summary>
    public long Flushes { get; private set; }

    /// <summary>True when the cache knows the key: <paramref name="value"/> is its value, or null if it is absent.</summary>
    public bool TryGet(int table, ReadOnlySpan<byte> key, out byte[]? value)
    {
        int e = Find(table, key, Hash(table, key), out _);
        if (e == None)
        {
            value = null;
            return false;
        }

        Touch(e);
        value = _entries[e].Value;
        return true;
    }

    /// <summary>Remembers a value just read from RocksDB (null: absent there); the cache keeps <paramref name="key"/>.</summary>
    public void PutClean(int table, ColumnFamilyHandle family, byte[] key, byte[]? value) => Put(table, family, key, key, value, dirty: false);

    /// <summary>Records a write (null value: a delete) to reach RocksDB at the next flush; the cache keeps <paramref name="key"/>.</summary>
    public void PutDirty(int table, ColumnFamilyHandle family, byte[] key, byte[]? value) => Put(table, family, key, key, value, dirty: true);

    /// <summary>Records a write; the key is copied only when the cache does not hold it yet.</summary>
    public void PutDirty(int table, ColumnFamilyHandle family, ReadOnlySpan<byte> key, byte[]? value) => Put(table, family, key, null, value, dirty: true);

    /// <summary>Flushes and evicts when above budget; called once at the end of every batched call.</summary>
    public void EvictIfFull()
    {
        if (_bytes <= CapacityBytes)
        {
            return;
        }

        Flush();
        long target = CapacityBytes / 2;
        while (_bytes > target && _head != None)
        {
            Remove(_head);
        }
    }

    /// <summary>Writes every dirty entry to RocksDB in one WriteBatch; they stay cached, now clean.</summary>
    public void Flush()
    {
        if (_dirty == 0)
        {
            return;
        }

        // In (nearly) key order per column family: RocksDB's memtable skip list inserts a key next to the previous one almost
        // for free, while keys in hash order each search the list from the top (that search was the largest single
        // cost of a state-heavy job's CPU profile).
        SortDirtyByKey();
        using var batch = new WriteBatch();
        for (int d = 0; d < _dirty; d++)
        {
            ref Entry entry = ref _entries[_dirtyList[d]];
            ColumnFamilyHandle family = _families[entry.Table]!;
            if (entry.Value is null)
            {
                batch.Delete(entry.Key, family);
            }
            else
            {
                batch.Put(entry.Key, entry.Value, family);
                Stored.Add(entry.Table, entry.Key);
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
        for (int e = _head; e != None;)
        {
            int next = _entries[e].Next;
            byte[] key = _entries[e].Key;
            if (_entries[e].Table == table && ByteArrayComparer.Instance.Compare(key, from) >= 0 && ByteArrayComparer.Instance.Compare(key, to) < 0)
            {
                Remove(e);
            }

            e = next;
        }
    }

    /// <summary>Drops everything (after a flush); used before a snapshot to return memory and on close.</summary>
    public void Clear()
    {
        _entries = new Entry[1024];
        _index = new int[2048];
        _used = 0;
        _free = None;
        _head = None;
        _tail = None;
        _bytes = 0;
        _dirty = 0;
        Count = 0;
    }

    private void Put(int table, ColumnFamilyHandle family, ReadOnlySpan<byte> key, byte[]? ownedKey, byte[]? value, bool dirty)
    {
        int hash = Hash(table, key);
        int e = Find(table, key, hash, out int slot);
        if (e != None)
        {
            ref Entry entry = ref _entries[e];
            _bytes += (value?.Length ?? 0) - (entry.Value?.Length ?? 0);
            entry.Value = value;
            if (dirty && !entry.Dirty)
            {
                entry.Dirty = true;
                MarkDirty(e);
            }

            Touch(e);
            return;
        }

        if (table >= _families.Length)
        {
            Array.Resize(ref _families, Math.Max(table + 1, _families.Length * 2));
        }

        _families[table] ??= family;
        e = NewEntry();
        _entries[e] = new Entry
        {
            Key = ownedKey ?? key.ToArray(),
            Value = value,
            Table = table,
            Hash = hash,
            Dirty = dirty,
            Prev = _tail,
            Next = None,
        };
        Link(e);
        _index[slot] = e + 1;
        Count++;
        _bytes += SizeOf(in _entries[e]);
        if (dirty)
        {
            MarkDirty(e);
        }

        if (Count * 2 > _index.Length)
        {
            Rehash(_index.Length * 2);
        }
    }

    /// <summary>The entry of (table, key), or None with <paramref name="slot"/> the empty index slot where it would go.</summary>
    private int Find(int table, ReadOnlySpan<byte> key, int hash, out int slot)
    {
        int mask = _index.Length - 1;
        for (slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            int e = _index[slot] - 1;
            if (e == None)
            {
                return None;
            }

            ref Entry entry = ref _entries[e];
            if (entry.Hash == hash && entry.Table == table && key.SequenceEqual(entry.Key))
            {
                return e;
            }
        }
    }

    private void Remove(int e)
    {
        ref Entry entry = ref _entries[e];
        if (entry.Dirty)
        {
            // Only reached through Forget after a flush, or eviction after a flush: never drop an unwritten change.
            throw new InvalidOperationException("A dirty state cache entry was evicted before it reached RocksDB.");
        }

        Unindex(e, entry.Hash);
        Unlink(e);
        _bytes -= SizeOf(in entry);
        Count--;
        entry = new Entry { Next = _free };
        _free = e;
    }

    /// <summary>Takes entry <paramref name="e"/> out of the index, shifting later entries of its probe run back (no tombstones).</summary>
    private void Unindex(int e, int hash)
    {
        int mask = _index.Length - 1;
        int slot = hash & mask;
        while (_index[slot] - 1 != e)
        {
            slot = (slot + 1) & mask;
        }

        int hole = slot;
        for (int next = (hole + 1) & mask; _index[next] != 0; next = (next + 1) & mask)
        {
            int home = _entries[_index[next] - 1].Hash & mask;

            // The entry at next may fill the hole when its home slot is not cyclically within (hole, next].
            bool stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!stays)
            {
                _index[hole] = _index[next];
                hole = next;
            }
        }

        _index[hole] = 0;
    }

    private void Rehash(int size)
    {
        _index = new int[size];
        int mask = size - 1;
        for (int e = _head; e != None; e = _entries[e].Next)
        {
            int slot = _entries[e].Hash & mask;
            while (_index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _index[slot] = e + 1;
        }
    }

    private int NewEntry()
    {
        if (_free != None)
        {
            int e = _free;
            _free = _entries[e].Next;
            return e;
        }

        if (_used == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        return _used++;
    }

    private void MarkDirty(int e)
    {
        if (_dirty == _dirtyList.Length)
        {
            Array.Resize(ref _dirtyList, _dirtyList.Length * 2);
        }

        _dirtyList[_dirty++] = e;
    }

    /// <summary>Makes <paramref name="e"/> the most recently used entry.</summary>
    private void Touch(int e)
    {
        if (e == _tail)
        {
            return;
        }

        Unlink(e);
        _entries[e].Prev = _tail;
        _entries[e].Next = None;
        Link(e);
    }

    /// <summary>Appends <paramref name="e"/> (its Prev already the tail) at the most recent end.</summary>
    private void Link(int e)
    {
        if (_tail == None)
        {
            _head = e;
        }
        else
        {
            _entries[_tail].Next = e;
        }

        _tail = e;
    }

    private void Unlink(int e)
    {
        ref Entry entry = ref _entries[e];
        if (entry.Prev == None)
        {
            _head = entry.Next;
        }
        else
        {
            _entries[entry.Prev].Next = entry.Next;
        }

        if (entry.Next == None)
        {
            _tail = entry.Prev;
        }
        else
        {
            _entries[entry.Next].Prev = entry.Prev;
        }
    }

    /// <summary>Puts the dirty list in (state table, key bytes) order, the order of RocksDB's bytewise comparator.</summary>
    /// <remarks>Sorts (table, first 24 key bytes as three big-endian integers, entry) records, so most comparisons are
    /// integer compares (state keys share long prefixes: key group, then the grouping key); equal prefixes compare the
    /// whole keys.</remarks>
    private void SortDirtyByKey()
    {
        if (_sortKeys.Length < _dirty)
        {
            _sortKeys = new DirtyKey[_dirtyList.Length];
        }

        Span<DirtyKey> keys = _sortKeys.AsSpan(0, _dirty);
        for (int d = 0; d < keys.Length; d++)
        {
            int e = _dirtyList[d];
            ReadOnlySpan<byte> key = _entries[e].Key;
            keys[d] = new DirtyKey(_entries[e].Table, Prefix(key, 0), Prefix(key, 8), Prefix(key, 16), Prefix(key, Math.Max(0, key.Length - 8)), e);
        }

        keys.Sort(default(DirtyKeyOrder));
        for (int d = 0; d < keys.Length; d++)
        {
            _dirtyList[d] = keys[d].Entry;
        }
    }

    /// <summary>Key bytes [from, from + 8) as a big-endian integer, zero-padded past the key's end.</summary>
    private static ulong Prefix(ReadOnlySpan<byte> key, int from)
    {
        if (key.Length >= from + 8)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(key[from..]);
        }

        ulong prefix = 0;
        for (int b = from; b < key.Length; b++)
        {
            prefix |= (ulong)key[b] << (56 - (8 * (b - from)));
        }

        return prefix;
    }

    /// <summary>A dirty entry with its sort prefix and its last 8 bytes.</summary>
    private readonly record struct DirtyKey(int Table, ulong P0, ulong P1, ulong P2, ulong Last, int Entry);

    /// <summary>
    /// Key order on the first 24 bytes, then the last 8 bytes: close to byte order and never a look at the key
    /// arrays. The order only serves the memtable's insert locality (the entries are distinct keys, so it does not change
    /// what is written); comparing whole keys on a tie cost two cache misses per comparison when many keys share 24 bytes
    /// (the map entries of one group: a sixth of a distinct-count job's CPU went to the sort).
    /// </summary>
    private readonly struct DirtyKeyOrder : IComparer<DirtyKey>
    {
        public int Compare(DirtyKey x, DirtyKey y)
        {
            if (x.Table != y.Table)
            {
                return x.Table.CompareTo(y.Table);
            }

            if (x.P0 != y.P0)
            {
                return x.P0.CompareTo(y.P0);
            }

            if (x.P1 != y.P1)
            {
                return x.P1.CompareTo(y.P1);
            }

            return x.P2 != y.P2 ? x.P2.CompareTo(y.P2) : x.Last.CompareTo(y.Last);
        }
    }

    private static int Hash(int table, ReadOnlySpan<byte> key) =>
        (int)BitOperations.RotateLeft(XxHash3.HashToUInt64(key, table), 17) & int.MaxValue;

    private static long SizeOf(in Entry entry) => entry.Key.Length + (entry.Value?.Length ?? 0) + EntryOverhead;

    /// <summary>One cached key: its bytes, value (null: absent or a pending delete), state table, LRU links.</summary>
    private struct Entry
    {
        public byte[] Key;
        public byte[]? Value;
        public int Table;
        public int Hash;
        public int Prev;
        public int Next;
        public bool Dirty;
    }
}
