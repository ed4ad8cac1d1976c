using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>The group-id table of a single integer-backed key (TINYINT..BIGINT, DATE, TIME, TIMESTAMP, intervals).</summary>
/// <remarks>
/// <para>Keys widen to int64 and live in the table itself, in buckets of four slots: one 64-byte cache line holds the
/// four keys (a 32-byte vector), their four group ids and a fifth id that is always -1. A probe is one vector compare
/// and one load from the same line: no hash array, no indirection through the group's stored key. The home bucket is the high bits of key * 2^64/phi (multiplicative hashing, one multiply per
/// row): the map needs no stable hash, and the high bits stay independent of the low bits of the stable hash that
/// partitioning and spilling consume upstream.</para>
/// <para>A bucket fills its slots in order and nothing is ever removed, so the first slot whose key equals the row's
/// is the key's slot when the key is in that bucket, and a bucket with an empty slot ends a probe. An empty slot
/// holds key 0 and group -1, so a row with key 0 that meets an empty slot simply misses. With
/// the load at most 3/8 a key sits in its home bucket almost always, so the one branch of the hot loop is predictable;
/// the rare displaced key, every new key and NULLs go through the out-of-line probe, in row order, so groups keep
/// first-seen numbering. A new table has room for its expected groups at load 3/16, and up to 4,096 buckets it doubles
/// rather than displace a key (a displaced key's rows all leave the hot loop; a thousand keys in 1,024 buckets
/// displaced a few and cost ~5 % more). The NULL group lives outside the table.</para>
/// <para>The buckets live in one array on the pinned object heap, aligned to 64 bytes so a bucket is one cache line;
/// pinned arrays never move, so the raw pointer stays valid until the array is dropped.</para>
/// </remarks>
[SkipLocalsInit]
internal sealed unsafe class IntegerKeyTable
{
    private const int BucketSlots = 4;
    private const int BucketBytes = 64;
    private const int GroupsOffset = 32;
    private const int MinimumSlots = 16;

    // Tables up to this many buckets (256 KiB, half an L2) double instead of displacing a key from its home bucket.
    private const int SmallTableBuckets = 4096;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    // The multiplier as a field, so the hot loop holds it in a register instead of re-materializing the constant per row.
    private readonly ulong _multiplier = Multiplier;

    private long[] _bucketArray = [];
    private byte* _buckets;
    private int _shift;
    private int _bucketMask;
    private int _growAt;
    private int _tableCount;

    private long[] _groupKeys;
    private int _groupCount;
    private int _nullGroup = -1;

    public IntegerKeyTable(int initialGroups)
    {
        int groups = Math.Max(initialGroups, 1);
        long slots = Math.Max(MinimumSlots, (long)BitOperations.RoundUpToPowerOf2((ulong)(((long)groups * 16 / 3) + 1)));
        Allocate((int)Math.Min(slots, 1 << 30));
        _groupKeys = new long[groups];
    }

    public int GroupCount => _groupCount;

    public long MemoryBytes => ((long)_bucketArray.Length * sizeof(long)) + ((long)_groupKeys.Length * sizeof(long));

    /// <summary>The group of every row set in <paramref name="mask"/> (empty = all) into ids; other rows are left alone.</summary>
    public void Map<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> validity, ReadOnlySpan<ulong> mask, Span<int> ids)
        where T : unmanaged, IBinaryInteger<T>
    {
        int n = ids.Length;
        if (mask.IsEmpty && validity.IsEmpty)
        {
            MapDense(ref MemoryMarshal.GetReference(values), ref MemoryMarshal.GetReference(ids), n);
            return;
        }

        int words = Bits.WordCount(n);
        for (int w = 0; w < words; w++)
        {
            ulong live = mask.IsEmpty ? ulong.MaxValue : mask[w];
            if (w == words - 1)
            {
                live &= Bits.TailMask(n);
            }

            ulong present = validity.IsEmpty ? ulong.MaxValue : validity[w];
            int start = w << 6;
            if ((live & present) == ulong.MaxValue)
            {
                MapDense(ref Unsafe.Add(ref MemoryMarshal.GetReference(values), start), ref ids[start], 64);
                continue;
            }

            while (live != 0)
            {
                int bit = BitOperations.TrailingZeroCount(live);
                live &= live - 1;
                int row = start + bit;
                ids[row] = ((present >> bit) & 1) != 0 ? FindOrInsert(long.CreateTruncating(values[row])) : NullGroup();
            }
        }
    }

    /// <summary>The distinct keys as a column of <paramref name="type"/>: row g holds the key of group g (the NULL group as NULL).</summary>
    public ColumnVector BuildKeyColumn(SqlType type, BufferPool pool)
    {
        int n = _groupCount;
        NativeBuffer? validity = null;
        NativeBuffer values = pool.Rent(n * type.FixedWidth);
        try
        {
            if (_nullGroup >= 0)
            {
                validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
                Bits.SetAll(validity.Words, n);
                Bits.Clear(validity.Words, _nullGroup);
            }

            ReadOnlySpan<long> keys = _groupKeys.AsSpan(0, n);
            switch (type.FixedWidth)
            {
                case 1: Narrow(keys, values.As<sbyte>()); break;
                case 2: Narrow(keys, values.As<short>()); break;
                case 4: Narrow(keys, values.As<int>()); break;
                default: keys.CopyTo(values.As<long>()); break;
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }

    /// <summary>Forgets every group but keeps the table at its current size, so the next batch starts from group 0 without allocating.</summary>
    public void Reset()
    {
        if (_bucketArray.Length > 0)
        {
            EmptyBuckets(_bucketMask + 1);
        }

        _tableCount = 0;
        _groupCount = 0;
        _nullGroup = -1;
    }

    /// <summary>Gives the table's array back to the cache and drops the raw pointer with it.</summary>
    public void Clear()
    {
        if (_bucketArray.Length > 0)
        {
            PinnedArrayCache<long>.Return(_bucketArray);
        }

        _bucketArray = [];
        _buckets = null;
        _groupKeys = [];
    }

    /// <summary>Every row live and non-null: runs of home-bucket hits, each miss (new or displaced key) probed out of line.</summary>
    private void MapDense<T>(ref T values, ref int ids, int n)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Pinned for the whole batch, so the hot loop works on raw pointers (and may broadcast a key from memory).
        fixed (T* keys = &values)
        fixed (int* groups = &ids)
        {
            nint i = 0;
            while (true)
            {
                i = MapHits(_buckets, _shift, _multiplier, keys, groups, i, n);
                if (i >= n)
                {
                    return;
                }

                // An insert may double the table; the next run reloads its geometry.
                groups[i] = FindOrInsert(long.CreateTruncating(keys[i]));
                i++;
            }
        }
    }

    /// <summary>Maps rows from <paramref name="start"/> while each key sits in its home bucket; returns the first row that does not (or n).</summary>
    /// <remarks>
    /// A static loop without calls keeps the counter, the pointers and the geometry in registers; a call in the loop
    /// would spill them and put a store-to-load round trip on every row. Four rows per step share one exit test; their
    /// ids are stored before it (a -1 stored for a miss is overwritten by the caller or the next run), so no row's
    /// result has to stay in a register across the test.
    /// </remarks>
    private static nint MapHits<T>(byte* buckets, int shift, ulong multiplier, T* values, int* ids, nint start, int n)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Walking pointers lets every probe address its key and id with a constant displacement.
        T* key = values + start;
        int* id = ids + start;
        T* quadsEnd = values + n - 3;
        for (; key < quadsEnd; key += 4, id += 4)
        {
            int miss = id[0] = Probe(buckets, shift, multiplier, key);
            miss |= id[1] = Probe(buckets, shift, multiplier, key + 1);
            miss |= id[2] = Probe(buckets, shift, multiplier, key + 2);
            miss |= id[3] = Probe(buckets, shift, multiplier, key + 3);
            if (miss < 0)
            {
                break;
            }
        }

        nint i = (nint)(key - values);
        for (; i < n; i++)
        {
            int group = Probe(buckets, shift, multiplier, values + i);
            if (group < 0)
            {
                break;
            }

            ids[i] = group;
        }

        return i;
    }

    /// <summary>The group of the key in its home bucket, or -1 when the key is not there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Probe<T>(byte* buckets, int shift, ulong multiplier, T* value)
        where T : unmanaged, IBinaryInteger<T>
    {
        long key = long.CreateTruncating(*value);
        byte* bucket = buckets + ((nint)((ulong)key * multiplier >> shift) * BucketBytes);

        // The first matching slot's group, or the always -1 fifth id when none matched: one sign test covers both
        // "not in this bucket" and "matched an empty slot" (key 0, group -1).
        // A 64-bit key broadcasts straight from memory (one load, no move from the scalar register).
        Vector256<long> wanted = typeof(T) == typeof(long) && Avx2.IsSupported
            ? Avx2.BroadcastScalarToVector256((long*)value)
            : Vector256.Create(key);
        uint equal = MatchBucket((long*)bucket, key, wanted);
        return ((int*)(bucket + GroupsOffset))[BitOperations.TrailingZeroCount(equal | (1u << BucketSlots))];
    }

    /// <summary>Bit s set when slot s of the bucket holds <paramref name="key"/> (empty slots hold 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MatchBucket(long* keys, long key, Vector256<long> wanted)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            return Vector256.Equals(Vector256.LoadAligned(keys), wanted).ExtractMostSignificantBits();
        }

        Vector128<long> narrow = Vector128.Create(key);
        return Vector128.Equals(Vector128.LoadAligned(keys), narrow).ExtractMostSignificantBits()
            | (Vector128.Equals(Vector128.LoadAligned(keys + 2), narrow).ExtractMostSignificantBits() << 2);
    }

    /// <summary>The branching probe: walks buckets from home until the key or an empty slot (where it inserts).</summary>
    /// <remarks>Kept out of line: inlined, its registers would push the hot loop's counter and key onto the stack.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FindOrInsert(long key)
    {
        nint bucket = HomeBucket(key);
        while (true)
        {
            long* keys = Keys(bucket);
            int* groups = Groups(bucket);
            for (int s = 0; s < BucketSlots; s++)
            {
                if (groups[s] < 0)
                {
                    return Insert(key, bucket, s);
                }

                if (keys[s] == key)
                {
                    return groups[s];
                }
            }

            bucket = (bucket + 1) & _bucketMask;
        }
    }

    private int Insert(long key, nint bucket, int slot)
    {
        // Grow first: the re-insert walks the existing groups, and the new one is placed once below. A small table
        // also grows rather than displace a key from its full home bucket: every row of a displaced key leaves the
        // hot loop, and doubling a table of a few hundred KiB costs little.
        if (_tableCount >= _growAt || (bucket != HomeBucket(key) && _bucketMask + 1 < SmallTableBuckets))
        {
            Grow();
            (bucket, slot) = EmptySlot(key);
        }

        int group = NewGroup();
        _groupKeys[group] = key;
        Keys(bucket)[slot] = key;
        Groups(bucket)[slot] = group;
        _tableCount++;
        return group;
    }

    private int NullGroup()
    {
        if (_nullGroup < 0)
        {
            _nullGroup = NewGroup();
            _groupKeys[_nullGroup] = 0;
        }

        return _nullGroup;
    }

    private int NewGroup()
    {
        if (_groupCount == int.MaxValue)
        {
            throw new InvalidOperationException("A group map holds at most 2^31 - 1 groups.");
        }

        if (_groupCount == _groupKeys.Length)
        {
            Array.Resize(ref _groupKeys, (int)Math.Min((long)_groupKeys.Length * 2, Array.MaxLength));
        }

        return _groupCount++;
    }

    private void Grow()
    {
        long slots = (long)(_bucketMask + 1) * BucketSlots;
        if (slots >= 1 << 30)
        {
            throw new InvalidOperationException($"The group table cannot grow past {slots} slots; spill before {_growAt} groups.");
        }

        long[] old = _bucketArray;
        Allocate((int)slots * 2);
        PinnedArrayCache<long>.Return(old);
        for (int g = 0; g < _groupCount; g++)
        {
            if (g != _nullGroup)
            {
                long key = _groupKeys[g];
                (nint bucket, int slot) = EmptySlot(key);
                Keys(bucket)[slot] = key;
                Groups(bucket)[slot] = g;
            }
        }
    }

    /// <summary>A fresh empty table of <paramref name="slots"/> slots; the caller re-inserts the groups and returns the old array.</summary>
    private void Allocate(int slots)
    {
        int buckets = slots / BucketSlots;
        _bucketArray = PinnedArrayCache<long>.Rent(buckets * (BucketBytes / sizeof(long)));
        _buckets = (byte*)Unsafe.AsPointer(ref _bucketArray[PinnedArrayCache<long>.AlignedStart(_bucketArray)]);

        // A rented array holds stale data: every key starts at 0 and every id word (the four slots' and the fifth)
        // at -1: empty, and "no match" for the hot loop.
        EmptyBuckets(buckets);
        _bucketMask = buckets - 1;
        _shift = 64 - BitOperations.Log2((uint)buckets);
        _growAt = (int)((long)slots * 3 / 8);
    }

    private void EmptyBuckets(int buckets)
    {
        for (int b = 0; b < buckets; b++)
        {
            new Span<long>(_buckets + ((nint)b * BucketBytes), BucketSlots).Clear();
            new Span<int>(_buckets + ((nint)b * BucketBytes) + GroupsOffset, (BucketBytes - GroupsOffset) / sizeof(int)).Fill(-1);
        }
    }

    private (nint Bucket, int Slot) EmptySlot(long key)
    {
        nint bucket = HomeBucket(key);
        while (true)
        {
            int* groups = Groups(bucket);
            for (int s = 0; s < BucketSlots; s++)
            {
                if (groups[s] < 0)
                {
                    return (bucket, s);
                }
            }

            bucket = (bucket + 1) & _bucketMask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private nint HomeBucket(long key) => (nint)(((ulong)key * Multiplier) >> _shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long* Keys(nint bucket) => (long*)(_buckets + (bucket * BucketBytes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int* Groups(nint bucket) => (int*)(_buckets + (bucket * BucketBytes) + GroupsOffset);

    private static void Narrow<T>(ReadOnlySpan<long> keys, Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int g = 0; g < keys.Length; g++)
        {
            destination[g] = T.CreateTruncating(keys[g]);
        }
    }
}
