using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Kernels.Grouping;
using VecFlow.Vector.Kernels.Hashing;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Maps the key columns of each row to a dense group id (0, 1, 2 ... in first-seen order): the core of GROUP BY.</summary>
/// <remarks>
/// <para>An open-addressing table with linear probing, power-of-two capacity and load factor at most 1/8. A slot is
/// one int (group id + 1, 0 = empty), so the table of a thousand groups fits in 32 KiB and most keys sit in their home
/// slot. Each batch first hashes all its rows with <see cref="HashKernels"/> (vectorized), then probes. The home slot
/// comes from the hash's high bits, because hash partitioning upstream typically consumes the low bits, and every row
/// reaching one map would otherwise share them. Each group keeps its full hash, compared before its keys and reused
/// when the table doubles.</para>
/// <para>Keys are stored by group, columnar: every fixed-width key column as one or two 64-bit "lanes" (integers
/// widened; FLOAT/DOUBLE as canonical bits, so -0.0 groups with 0.0 and all NaNs group together; DECIMAL as two
/// lanes), VARCHAR keys in a byte arena, and a NULL bit per key column. A probe compares the stored lanes with the
/// row's lanes and bytes - no per-row virtual calls. NULL keys form their own group, as SQL GROUP BY requires.</para>
/// <para>A single integer-backed key (TINYINT..BIGINT, DATE, TIME, TIMESTAMP, intervals) goes to its own table,
/// <see cref="IntegerKeyTable"/>: keys in bucketed slots probed with one vector compare and a multiplicative in-map
/// hash, so that path computes no stable hash at all.</para>
/// <para>Not thread-safe. Batch scratch (hashes, normalized rows) comes from the pool and goes back on Dispose.</para>
/// </remarks>
[SkipLocalsInit]
public sealed class GroupIdMap : IDisposable
{
    private const int MaxKeyColumns = 64;
    private const int MinimumSlots = 16;
    private const int SlotsPerGroup = 8;

    private readonly SqlType[] _keyTypes;
    private readonly BufferPool _pool;
    private readonly int[] _laneOf;
    private readonly int[] _stringOf;
    private readonly int _laneCount;
    private readonly IntegerKeyTable? _integerKeys;
    private readonly StringKeyStore[] _stringKeys;
    private readonly ShortStringKeyCache? _shortStrings;

    private int[] _slots;
    private int _slotMask;
    private int _shift;
    private int _growAt;
    private int _tableCount;

    private long[] _keyLanes;
    private ulong[] _groupHashes;
    private ulong[] _keyNulls;
    private int _groupCapacity;
    private int _groupCount;

    private NativeBuffer? _hashScratch;
    private NativeBuffer? _laneScratch;
    private NativeBuffer? _nullScratch;
    private int _scratchRows;
    private bool _disposed;

    public GroupIdMap(IReadOnlyList<SqlType> keyTypes, BufferPool pool, int initialCapacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(keyTypes);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        if (keyTypes.Count is 0 or > MaxKeyColumns)
        {
            throw new ArgumentException($"A group key has 1..{MaxKeyColumns} columns, not {keyTypes.Count}; aggregation without GROUP BY needs no map.", nameof(keyTypes));
        }

        _keyTypes = [.. keyTypes];
        _pool = pool;
        _laneOf = new int[_keyTypes.Length];
        _stringOf = new int[_keyTypes.Length];
        int strings = 0;
        for (int c = 0; c < _keyTypes.Length; c++)
        {
            SqlType type = _keyTypes[c];
            _laneOf[c] = -1;
            _stringOf[c] = -1;
            switch (type.Kind)
            {
                case SqlTypeKind.Null:
                    throw new NotSupportedException($"Key column {c} has type NULL; cast it to a concrete type to group by it.");
                case SqlTypeKind.Varchar:
                    _stringOf[c] = strings++;
                    break;
                default:
                    _laneOf[c] = _laneCount;
                    _laneCount += type.Kind == SqlTypeKind.Decimal ? 2 : 1;
                    break;
            }
        }

        _stringKeys = new StringKeyStore[strings];
        for (int k = 0; k < strings; k++)
        {
            _stringKeys[k] = new StringKeyStore();
        }

        if (_keyTypes.Length == 1 && strings == 1)
        {
            _shortStrings = new ShortStringKeyCache();
        }

        int groups = Math.Clamp(initialCapacity, MinimumSlots / 2, (1 << 24) / Math.Max(_laneCount, 1));
        if (_keyTypes.Length == 1 && IsIntegerBacked(_keyTypes[0]))
        {
            _integerKeys = new IntegerKeyTable(groups);
            _slots = [];
            _keyLanes = [];
            _groupHashes = [];
            _keyNulls = [];
            return;
        }

        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)(groups * SlotsPerGroup));
        _slots = new int[slots];
        SetGeometry(slots);
        _groupCapacity = groups;
        _keyLanes = new long[groups * Math.Max(_laneCount, 1)];
        _groupHashes = new ulong[groups];
        _keyNulls = new ulong[groups];
    }

    /// <summary>Number of distinct keys seen so far (group ids are 0..GroupCount-1).</summary>
    public int GroupCount => _integerKeys?.GroupCount ?? _groupCount;

    /// <summary>Bytes held by the table, the stored keys and the batch scratch (for spilling decisions).</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = ((long)_slots.Length * sizeof(int)) + ((long)_keyLanes.Length * sizeof(long)) + ((long)_keyNulls.Length * sizeof(ulong)) + ((long)_groupHashes.Length * sizeof(ulong));
            foreach (StringKeyStore store in _stringKeys)
            {
                bytes += store.MemoryBytes;
            }

            bytes += (_integerKeys?.MemoryBytes ?? 0) + (_hashScratch?.Capacity ?? 0) + (_laneScratch?.Capacity ?? 0) + (_nullScratch?.Capacity ?? 0);
            return bytes;
        }
    }

    /// <summary>
    /// Writes the group id of every row set in <paramref name="mask"/> (empty = every row) into <paramref name="groupIds"/>,
    /// creating groups for new keys in row order; rows outside the mask get -1.
    /// </summary>
    public void Map(IReadOnlyList<ColumnVector> keys, ReadOnlySpan<ulong> mask, Span<int> groupIds)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int n = CheckKeys(keys);
        if (groupIds.Length < n)
        {
            throw new ArgumentException($"The group id buffer holds {groupIds.Length} ids but the batch has {n} rows.", nameof(groupIds));
        }

        if (!mask.IsEmpty && mask.Length < Bits.WordCount(n))
        {
            throw new ArgumentException($"The mask has {mask.Length} words but {n} rows need {Bits.WordCount(n)}.", nameof(mask));
        }

        if (n == 0)
        {
            return;
        }

        Span<int> ids = groupIds[..n];
        if (!mask.IsEmpty)
        {
            ids.Fill(-1);
        }

        if (_integerKeys is { } table)
        {
            ColumnVector key = keys[0];
            switch (key.Type.FixedWidth)
            {
                case 1: table.Map(key.Values<sbyte>(), key.Validity, mask, ids); break;
                case 2: table.Map(key.Values<short>(), key.Validity, mask, ids); break;
                case 4: table.Map(key.Values<int>(), key.Validity, mask, ids); break;
                default: table.Map(key.Values<long>(), key.Validity, mask, ids); break;
            }

            return;
        }

        if (_shortStrings is { IsFull: false } cache)
        {
            MapFewStrings(keys[0], mask, ids, cache);
            return;
        }

        EnsureScratch(n);
        Span<ulong> hashes = _hashScratch!.As<ulong>()[..n];
        HashKernels.Hash(keys, hashes);
        Span<long> lanes = _laneScratch!.As<long>()[..(n * _laneCount)];
        Span<ulong> nulls = _nullScratch!.As<ulong>()[..n];
        NormalizeRows(keys, n, lanes, nulls);
        if (_keyTypes.Length == 1 && _stringOf[0] == 0)
        {
            MapOneString(keys, mask, ids, hashes, lanes, nulls);
            return;
        }

        foreach (int row in new SetBitEnumerator(mask, n))
        {
            ids[row] = FindOrInsert(keys, row, hashes[row], lanes, nulls);
        }
    }

    /// <summary>
    /// <see cref="Map"/>, then <paramref name="aggregate"/>.EnsureGroups(GroupCount) and .Update(values, groupIds, mask):
    /// the same result, in one pass over the rows where the key and the aggregate allow it.
    /// </summary>
    /// <remarks>
    /// One pass needs a single integer-backed key, every row live (an empty mask), no NULL key or value and an
    /// aggregate that folds while mapping (SUM / AVG of integers); otherwise this runs the two steps.
    /// </remarks>
    public void MapAndUpdate(IReadOnlyList<ColumnVector> keys, ReadOnlySpan<ulong> mask, Span<int> groupIds, IGroupedAggregate aggregate, ColumnVector? values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(aggregate);
        int n = CheckKeys(keys);
        if (_integerKeys is { } table && mask.IsEmpty && n > 0 && groupIds.Length >= n && values is not null
            && aggregate is IIntegerKeyFusedUpdate fused && fused.TryMapAndUpdate(table, keys[0], values, groupIds[..n]))
        {
            return;
        }

        Map(keys, mask, groupIds);
        aggregate.EnsureGroups(GroupCount);
        aggregate.Update(values, groupIds[..Math.Min(n, groupIds.Length)], mask);
    }

    /// <summary>The distinct keys as columns of the key types: row g holds the key of group g (a NULL key as NULL).</summary>
    /// <remarks>
    /// The caller owns (and disposes) the returned columns. FLOAT/DOUBLE keys come back canonical: 0.0 for a group first
    /// seen as -0.0, one NaN for all NaNs.
    /// </remarks>
    public IReadOnlyList<ColumnVector> Keys(BufferPool pool)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(pool);
        var columns = new List<ColumnVector>(_keyTypes.Length);
        try
        {
            for (int c = 0; c < _keyTypes.Length; c++)
            {
                columns.Add(_integerKeys is { } table ? table.BuildKeyColumn(_keyTypes[c], pool) : BuildKeyColumn(c, pool));
            }
        }
        catch
        {
            foreach (ColumnVector column in columns)
            {
                column.Dispose();
            }

            throw;
        }

        return columns;
    }

    /// <summary>
    /// Forgets every group (the next key seen gets id 0) but keeps the table, the stored-key arrays and the scratch at
    /// their current size: a map reused per batch allocates only when a batch needs more room than any before it.
    /// </summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_integerKeys is not null)
        {
            _integerKeys.Reset();
            return;
        }

        _slots.AsSpan().Clear();
        _tableCount = 0;
        _groupCount = 0;
        foreach (StringKeyStore store in _stringKeys)
        {
            store.Reset();
        }

        _shortStrings?.Reset();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseScratch();
        _integerKeys?.Clear();
        _slots = [];
        _keyLanes = [];
        _groupHashes = [];
        _keyNulls = [];
    }

    private static bool IsIntegerBacked(SqlType type) =>
        type.FixedWidth is 1 or 2 or 4 or 8 && type.Kind is not (SqlTypeKind.Float or SqlTypeKind.Double);

    /// <summary>
    /// One VARCHAR key: the probe compares the row's bytes, taken from the column's offsets and data once per batch,
    /// with the group's stored bytes (the general path re-reads the Arrow buffers per row). NULL keys take the general path.
    /// </summary>
    private void MapOneString(IReadOnlyList<ColumnVector> keys, ReadOnlySpan<ulong> mask, Span<int> ids, ReadOnlySpan<ulong> hashes, ReadOnlySpan<long> lanes, ReadOnlySpan<ulong> nulls)
    {
        ColumnVector column = keys[0];
        ReadOnlySpan<int> offsets = column.Offsets;
        ReadOnlySpan<byte> data = column.StringData;
        StringKeyStore stored = _stringKeys[0];
        foreach (int row in new SetBitEnumerator(mask, ids.Length))
        {
            if (nulls[row] != 0)
            {
                ids[row] = FindOrInsert(keys, row, hashes[row], lanes, nulls);
                continue;
            }

            ulong hash = hashes[row];
            ReadOnlySpan<byte> value = data[offsets[row]..offsets[row + 1]];
            int s = (int)(hash >> _shift);
            while (true)
            {
                int group = _slots[s] - 1;
                if (group < 0)
                {
                    ids[row] = Insert(keys, row, hash, s, lanes, nulls);
                    break;
                }

                if (_groupHashes[group] == hash && _keyNulls[group] == 0 && stored.Get(group).SequenceEqual(value))
                {
                    ids[row] = group;
                    break;
                }

                s = (s + 1) & _slotMask;
            }
        }
    }

    /// <summary>
    /// One VARCHAR key while it has had few distinct short values: a key of at most 16 bytes is looked up by its packed
    /// bytes in <paramref name="cache"/>; only a key the cache does not hold (new, longer, or the cache full) is hashed
    /// and probed in the table, so a column of a handful of values costs no byte hash and no byte compare per row.
    /// </summary>
    private void MapFewStrings(ColumnVector column, ReadOnlySpan<ulong> mask, Span<int> ids, ShortStringKeyCache cache)
    {
        ReadOnlySpan<int> offsets = column.Offsets;
        ReadOnlySpan<byte> data = column.StringData;
        ReadOnlySpan<ulong> validity = column.HasNulls ? column.Validity : default;
        foreach (int row in new SetBitEnumerator(mask, ids.Length))
        {
            if (!validity.IsEmpty && !Bits.Get(validity, row))
            {
                ids[row] = FindOrInsertStringKey(HashMixer.NullHash, default, isNull: true);
                continue;
            }

            int start = offsets[row];
            int length = offsets[row + 1] - start;
            if (length > ShortStringKeyCache.MaxKeyBytes)
            {
                ReadOnlySpan<byte> value = data.Slice(start, length);
                ids[row] = FindOrInsertStringKey(XxHash3.HashToUInt64(value), value, isNull: false);
                continue;
            }

            (ulong first, ulong last) = ShortStringKeyCache.Pack(data, start, length);
            int group = cache.Find(first, last, length);
            if (group < 0)
            {
                ReadOnlySpan<byte> value = data.Slice(start, length);
                group = FindOrInsertStringKey(XxHash3.HashToUInt64(value), value, isNull: false);
                cache.Add(first, last, length, group);
            }

            ids[row] = group;
        }
    }

    /// <summary>The table probe of <see cref="MapFewStrings"/>: the group of one VARCHAR key (or the NULL key), created if new.</summary>
    private int FindOrInsertStringKey(ulong hash, ReadOnlySpan<byte> value, bool isNull)
    {
        ulong keyNulls = isNull ? 1UL : 0UL;
        StringKeyStore stored = _stringKeys[0];
        int s = (int)(hash >> _shift);
        while (true)
        {
            int group = _slots[s] - 1;
            if (group < 0)
            {
                group = NewGroup();
                _keyNulls[group] = keyNulls;
                stored.Append(value);
                Place(hash, group, s);
                return group;
            }

            if (_groupHashes[group] == hash && _keyNulls[group] == keyNulls && (isNull || stored.Get(group).SequenceEqual(value)))
            {
                return group;
            }

            s = (s + 1) & _slotMask;
        }
    }

    /// <summary>The general path: compares stored lanes, NULL bits and VARCHAR bytes against the row.</summary>
    private int FindOrInsert(IReadOnlyList<ColumnVector> keys, int row, ulong hash, ReadOnlySpan<long> lanes, ReadOnlySpan<ulong> nulls)
    {
        int s = (int)(hash >> _shift);
        while (true)
        {
            int group = _slots[s] - 1;
            if (group < 0)
            {
                return Insert(keys, row, hash, s, lanes, nulls);
            }

            if (_groupHashes[group] == hash && RowEquals(group, keys, row, lanes, nulls))
            {
                return group;
            }

            s = (s + 1) & _slotMask;
        }
    }

    private bool RowEquals(int group, IReadOnlyList<ColumnVector> keys, int row, ReadOnlySpan<long> lanes, ReadOnlySpan<ulong> nulls)
    {
        ulong rowNulls = nulls[row];
        if (_keyNulls[group] != rowNulls)
        {
            return false;
        }

        int width = _laneCount;
        if (!_keyLanes.AsSpan(group * width, width).SequenceEqual(lanes.Slice(row * width, width)))
        {
            return false;
        }

        for (int c = 0; c < _stringOf.Length; c++)
        {
            int k = _stringOf[c];
            if (k >= 0 && ((rowNulls >> c) & 1) == 0 && !_stringKeys[k].Get(group).SequenceEqual(keys[c].StringAt(row)))
            {
                return false;
            }
        }

        return true;
    }

    private int Insert(IReadOnlyList<ColumnVector> keys, int row, ulong hash, int slot, ReadOnlySpan<long> lanes, ReadOnlySpan<ulong> nulls)
    {
        int group = NewGroup();
        int width = _laneCount;
        lanes.Slice(row * width, width).CopyTo(_keyLanes.AsSpan(group * width, width));
        ulong rowNulls = nulls[row];
        _keyNulls[group] = rowNulls;
        for (int c = 0; c < _stringOf.Length; c++)
        {
            int k = _stringOf[c];
            if (k >= 0)
            {
                _stringKeys[k].Append(((rowNulls >> c) & 1) == 0 ? keys[c].StringAt(row) : default);
            }
        }

        Place(hash, group, slot);
        return group;
    }

    /// <summary>Writes each row's key lanes (row-major) and NULL bits; NULL keys get all-zero lanes.</summary>
    private void NormalizeRows(IReadOnlyList<ColumnVector> keys, int n, Span<long> lanes, Span<ulong> nulls)
    {
        nulls.Clear();
        int width = _laneCount;
        for (int c = 0; c < keys.Count; c++)
        {
            ColumnVector column = keys[c];
            int lane = _laneOf[c];
            if (lane >= 0)
            {
                WriteLanes(column, lanes, width, lane);
            }

            if (!column.HasNulls)
            {
                continue;
            }

            int lanesOfColumn = column.Type.Kind == SqlTypeKind.Decimal ? 2 : lane >= 0 ? 1 : 0;
            ReadOnlySpan<ulong> validity = column.Validity;
            for (int w = 0; w < Bits.WordCount(n); w++)
            {
                ulong missing = ~validity[w] & (w == Bits.WordCount(n) - 1 ? Bits.TailMask(n) : ulong.MaxValue);
                while (missing != 0)
                {
                    int row = (w << 6) + BitOperations.TrailingZeroCount(missing);
                    missing &= missing - 1;
                    nulls[row] |= 1UL << c;
                    lanes.Slice((row * width) + Math.Max(lane, 0), lanesOfColumn).Clear();
                }
            }
        }
    }

    private static void WriteLanes(ColumnVector column, Span<long> lanes, int width, int lane)
    {
        int n = column.Length;
        switch (column.Type.Kind)
        {
            case SqlTypeKind.Boolean:
                {
                    ReadOnlySpan<ulong> bits = column.BooleanWords;
                    for (int i = 0; i < n; i++)
                    {
                        lanes[(i * width) + lane] = (long)((bits[i >> 6] >> i) & 1);
                    }

                    break;
                }

            case SqlTypeKind.Float:
                {
                    ReadOnlySpan<float> values = column.Values<float>();
                    for (int i = 0; i < n; i++)
                    {
                        lanes[(i * width) + lane] = (long)HashMixer.CanonicalBits(values[i]);
                    }

                    break;
                }

            case SqlTypeKind.Double:
                {
                    ReadOnlySpan<double> values = column.Values<double>();
                    for (int i = 0; i < n; i++)
                    {
                        lanes[(i * width) + lane] = (long)HashMixer.CanonicalBits(values[i]);
                    }

                    break;
                }

            case SqlTypeKind.Decimal:
                {
                    ReadOnlySpan<Int128> values = column.Values<Int128>();
                    for (int i = 0; i < n; i++)
                    {
                        lanes[(i * width) + lane] = (long)(ulong)values[i];
                        lanes[(i * width) + lane + 1] = (long)(values[i] >> 64);
                    }

                    break;
                }

            default:
                switch (column.Type.FixedWidth)
                {
                    case 1: Widen(column.Values<sbyte>(), lanes, width, lane); break;
                    case 2: Widen(column.Values<short>(), lanes, width, lane); break;
                    case 4: Widen(column.Values<int>(), lanes, width, lane); break;
                    default: Widen(column.Values<long>(), lanes, width, lane); break;
                }

                break;
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> values, Span<long> lanes, int width, int lane)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            lanes[(i * width) + lane] = long.CreateTruncating(values[i]);
        }
    }

    private int NewGroup()
    {
        if (_groupCount == int.MaxValue)
        {
            throw new InvalidOperationException("A group map holds at most 2^31 - 1 groups.");
        }

        if (_groupCount == _groupCapacity)
        {
            int capacity = (int)Math.Min((long)_groupCapacity * 2, Array.MaxLength / Math.Max(_laneCount, 1));
            Array.Resize(ref _keyLanes, capacity * Math.Max(_laneCount, 1));
            Array.Resize(ref _keyNulls, capacity);
            Array.Resize(ref _groupHashes, capacity);
            _groupCapacity = capacity;
        }

        return _groupCount++;
    }

    /// <summary>Puts a new group in the table at <paramref name="slot"/>, first doubling the table if it is full enough.</summary>
    private void Place(ulong hash, int group, int slot)
    {
        _groupHashes[group] = hash;
        if (_tableCount >= _growAt)
        {
            Grow();
            slot = EmptySlot(hash);
        }

        _slots[slot] = group + 1;
        _tableCount++;
    }

    private void Grow()
    {
        int[] old = _slots;
        if (old.Length >= 1 << 30)
        {
            throw new InvalidOperationException($"The group table cannot grow past {old.Length} slots; spill before {_growAt} groups.");
        }

        _slots = new int[old.Length * 2];
        SetGeometry(_slots.Length);
        foreach (int groupPlusOne in old)
        {
            if (groupPlusOne != 0)
            {
                _slots[EmptySlot(_groupHashes[groupPlusOne - 1])] = groupPlusOne;
            }
        }
    }

    private int EmptySlot(ulong hash)
    {
        int s = (int)(hash >> _shift);
        while (_slots[s] != 0)
        {
            s = (s + 1) & _slotMask;
        }

        return s;
    }

    private void SetGeometry(int slots)
    {
        _slotMask = slots - 1;
        _shift = 64 - BitOperations.Log2((uint)slots);
        _growAt = slots / SlotsPerGroup;
    }

    private int CheckKeys(IReadOnlyList<ColumnVector> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count != _keyTypes.Length)
        {
            throw new ArgumentException($"The map groups by {_keyTypes.Length} key column(s) but got {keys.Count}.", nameof(keys));
        }

        int n = keys[0].Length;
        for (int c = 0; c < keys.Count; c++)
        {
            SqlType type = keys[c].Type;
            if (type.Kind != _keyTypes[c].Kind || type.Scale != _keyTypes[c].Scale)
            {
                throw new ArgumentException($"Key column {c} is {type} but the map groups by {_keyTypes[c]}.", nameof(keys));
            }

            if (keys[c].Length != n)
            {
                throw new ArgumentException($"Key column {c} has {keys[c].Length} rows but key column 0 has {n}.", nameof(keys));
            }
        }

        return n;
    }

    private void EnsureScratch(int rows)
    {
        if (rows <= _scratchRows)
        {
            return;
        }

        ReleaseScratch();
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)rows);
        _hashScratch = _pool.Rent(capacity * sizeof(ulong));
        _laneScratch = _pool.Rent(capacity * Math.Max(_laneCount, 1) * sizeof(long));
        _nullScratch = _pool.Rent(capacity * sizeof(ulong));

        _scratchRows = capacity;
    }

    private void ReleaseScratch()
    {
        _hashScratch?.Release();
        _laneScratch?.Release();
        _nullScratch?.Release();
        _hashScratch = _laneScratch = _nullScratch = null;
        _scratchRows = 0;
    }

    private ColumnVector BuildKeyColumn(int c, BufferPool pool)
    {
        SqlType type = _keyTypes[c];
        int n = _groupCount;
        int width = _laneCount;
        int lane = _laneOf[c];
        bool anyNull = false;
        for (int g = 0; g < n && !anyNull; g++)
        {
            anyNull = ((_keyNulls[g] >> c) & 1) != 0;
        }

        if (type.Kind == SqlTypeKind.Varchar)
        {
            StringKeyStore store = _stringKeys[_stringOf[c]];
            using var builder = new StringColumnBuilder(n, pool, (int)Math.Min(store.TotalBytes, int.MaxValue / 2));
            for (int g = 0; g < n; g++)
            {
                if (((_keyNulls[g] >> c) & 1) != 0)
                {
                    builder.AppendNull();
                }
                else
                {
                    builder.Append(store.Get(g));
                }
            }

            return builder.Build();
        }

        NativeBuffer? validity = null;
        if (anyNull)
        {
            validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
            for (int g = 0; g < n; g++)
            {
                if (((_keyNulls[g] >> c) & 1) == 0)
                {
                    Bits.Set(validity.Words, g);
                }
            }
        }

        NativeBuffer values;
        if (type.Kind == SqlTypeKind.Boolean)
        {
            values = pool.Rent(Bits.ByteCount(n), zeroed: true);
            for (int g = 0; g < n; g++)
            {
                if (_keyLanes[(g * width) + lane] != 0)
                {
                    Bits.Set(values.Words, g);
                }
            }

            return ColumnVector.FromBuffers(type, n, validity, values);
        }

        values = pool.Rent(n * type.FixedWidth);
        switch (type.Kind)
        {
            case SqlTypeKind.Float:
                {
                    Span<float> v = values.As<float>();
                    for (int g = 0; g < n; g++)
                    {
                        v[g] = (float)BitConverter.Int64BitsToDouble(_keyLanes[(g * width) + lane]);
                    }

                    break;
                }

            case SqlTypeKind.Double:
                {
                    Span<double> v = values.As<double>();
                    for (int g = 0; g < n; g++)
                    {
                        v[g] = BitConverter.Int64BitsToDouble(_keyLanes[(g * width) + lane]);
                    }

                    break;
                }

            case SqlTypeKind.Decimal:
                {
                    Span<Int128> v = values.As<Int128>();
                    for (int g = 0; g < n; g++)
                    {
                        v[g] = new Int128((ulong)_keyLanes[(g * width) + lane + 1], (ulong)_keyLanes[(g * width) + lane]);
                    }

                    break;
                }

            default:
                switch (type.FixedWidth)
                {
                    case 1: Narrow<sbyte>(values.As<sbyte>(), width, lane); break;
                    case 2: Narrow<short>(values.As<short>(), width, lane); break;
                    case 4: Narrow<int>(values.As<int>(), width, lane); break;
                    default: Narrow<long>(values.As<long>(), width, lane); break;
                }

                break;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }

    private void Narrow<T>(Span<T> destination, int width, int lane)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int g = 0; g < destination.Length; g++)
        {
            destination[g] = T.CreateTruncating(_keyLanes[(g * width) + lane]);
        }
    }
}
