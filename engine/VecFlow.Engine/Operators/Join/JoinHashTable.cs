using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Hashing;

namespace VecFlow.Engine.Operators.Join;

/// <summary>Where a probe of a <see cref="JoinHashTable"/> stopped: a probe row and the next build row of its chain.</summary>
internal struct ProbeCursor
{
    /// <summary>Marks a probe row whose chain walk has not started yet.</summary>
    public const int NotStarted = -2;

    public int Row;
    public int Next;

    public static ProbeCursor Start => new() { Row = 0, Next = NotStarted };
}

/// <summary>A chained hash table over the key columns of <see cref="BuildSideRows"/>: bucket heads and next-row links.</summary>
/// <remarks>
/// Rows are hashed a whole column at a time with <see cref="HashKernels"/>; each row keeps its full 64-bit hash, so a
/// probe walks only its bucket's chain and proposes pairs whose hashes are equal. The caller still compares the keys
/// (a chunk of pairs at a time, with the comparison kernels). Rows with a NULL key are not linked: they never match.
/// The bucket comes from a Fibonacci multiply of the whole hash, because the rows of one spill partition (or one
/// hash-partitioned subtask) share some hash bits.
/// <para>A single integer key (TINYINT to BIGINT) gets an exact index instead: open-addressed slots holding the key
/// next to the first build row with it (one cache line per probe), duplicates chained through the next-row links.
/// Its pairs have equal keys, so the caller skips the key comparison (<see cref="IntegerKeyed"/>).</para>
/// </remarks>
internal sealed class JoinHashTable : IDisposable
{
    /// <summary>Bytes of table per build row on top of the rows themselves (hash, link, two bucket slots).</summary>
    public const int BytesPerRow = 24;

    /// <summary>Dense integer heads may use this many slots per build row (16 bytes, half the open-addressed slots).</summary>
    public const int DenseSlotsPerRow = 4;

    /// <summary>Dense integer heads may always use this many slots (4 KB), however few the build rows.</summary>
    public const int DenseMinimumSlots = 1024;

    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private readonly ulong[] _hashes;
    private readonly int[] _heads;
    private readonly int[] _next;
    private readonly int _shift;
    private readonly KeySlot[] _slots = [];
    private readonly int[] _denseHeads = [];
    private readonly bool _rowsInKeyOrder;
    private readonly long _denseLow;
    private readonly ulong _denseSpan;

    public JoinHashTable(BuildSideRows rows, IReadOnlyList<int> keys)
    {
        Rows = rows;
        int n = rows.Count;
        _next = new int[n];
        int buckets = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
        _shift = 64 - BitOperations.Log2((uint)buckets);
        ColumnVector[] keyColumns = [.. keys.Select(k => rows.Columns[k])];
        ulong[] keyed = KeyedRows(keyColumns, n);
        if (keyColumns.Length == 1 && IntegerKeys.Supports(keyColumns[0].Type))
        {
            IntegerKeyed = true;
            _hashes = [];
            _heads = [];
            long[] values = new long[n];
            IntegerKeys.Widen(keyColumns[0], values);
            if (DenseRange(values, keyed, out _denseLow, out _denseSpan))
            {
                _denseHeads = new int[(int)_denseSpan + 1];
                _denseHeads.AsSpan().Fill(-1);
                LinkDenseKeys(values, keyed);
                if (UniqueKeys && (ulong)n == _denseSpan + 1 && Bits.PopCount(keyed) == n)
                {
                    // Every key of the range once (a surrogate key): the rows put in key order are their own index,
                    // so a probe only tests the range and its build row is its offset in it.
                    rows.Reorder(_denseHeads);
                    _rowsInKeyOrder = true;
                }
            }
            else
            {
                _slots = new KeySlot[buckets];
                _slots.AsSpan().Fill(KeySlot.Empty);
                LinkIntegerKeys(values, keyed);
            }

            return;
        }

        _hashes = new ulong[n];
        _heads = new int[buckets];
        _heads.AsSpan().Fill(-1);
        if (n == 0)
        {
            return;
        }

        HashKernels.Hash(keyColumns, _hashes);

        // Linked from the last row back so that a chain lists its rows in row order.
        for (int r = n - 1; r >= 0; r--)
        {
            if (Bits.Get(keyed, r))
            {
                int bucket = Bucket(_hashes[r]);
                _next[r] = _heads[bucket];
                _heads[bucket] = r;
            }
        }
    }

    public BuildSideRows Rows { get; }

    /// <summary>True when the table indexes one integer key exactly: use <see cref="FindMatches"/>, whose pairs need no key comparison.</summary>
    public bool IntegerKeyed { get; }

    public long MemoryBytes =>
        Rows.MemoryBytes + ((long)_hashes.Length * sizeof(ulong)) + ((long)_next.Length * sizeof(int)) + ((long)_heads.Length * sizeof(int))
        + ((long)_slots.Length * Unsafe.SizeOf<KeySlot>()) + ((long)_denseHeads.Length * sizeof(int));

    /// <summary>True when an <see cref="IntegerKeyed"/> table holds every key at most once (no build row chains to another).</summary>
    public bool UniqueKeys { get; private set; }

    /// <summary>True when the integer keys span a range small enough to index by key minus the smallest key.</summary>
    public bool DenseKeyed => _denseHeads.Length > 0;

    /// <summary>
    /// Writes the (probe row, build row) pairs with equal keys (an <see cref="IntegerKeyed"/> table), for the probe rows
    /// set in <paramref name="probeRowsToProbe"/>, from <paramref name="cursor"/> on, until the spans are full; returns
    /// how many were written (0 when done). Pairs come in probe-row order, each row's build rows in build-row order.
    /// </summary>
    public int FindMatches(
        ReadOnlySpan<long> probeKeys,
        ReadOnlySpan<ulong> probeRowsToProbe,
        ref ProbeCursor cursor,
        Span<int> probeRows,
        Span<int> buildRows) =>
        (DenseKeyed, UniqueKeys) switch
        {
            (true, true) when _rowsInKeyOrder => FindUniqueMatches(new KeyOrderIndex(_denseLow, _denseSpan), probeKeys, probeRowsToProbe, ref cursor, probeRows, buildRows),
            (true, true) => FindUniqueMatches(new DenseKeyIndex(_denseHeads, _denseLow, _denseSpan), probeKeys, probeRowsToProbe, ref cursor, probeRows, buildRows),
            (true, false) => FindMatches(new DenseKeyIndex(_denseHeads, _denseLow, _denseSpan), probeKeys, probeRowsToProbe, ref cursor, probeRows, buildRows),
            (false, true) => FindUniqueMatches(new OpenAddressedKeyIndex(_slots, _shift), probeKeys, probeRowsToProbe, ref cursor, probeRows, buildRows),
            (false, false) => FindMatches(new OpenAddressedKeyIndex(_slots, _shift), probeKeys, probeRowsToProbe, ref cursor, probeRows, buildRows),
        };

    /// <summary>
    /// <see cref="FindMatches"/> when no key repeats: each probe row has at most one build row, so there is no chain to
    /// walk and a pair is written unconditionally, kept by advancing the count only on a hit.
    /// </summary>
    private static int FindUniqueMatches<TIndex>(
        TIndex index,
        ReadOnlySpan<long> probeKeys,
        ReadOnlySpan<ulong> probeRowsToProbe,
        ref ProbeCursor cursor,
        Span<int> probeRows,
        Span<int> buildRows)
        where TIndex : struct, IIntegerKeyIndex
    {
        int capacity = Math.Min(probeRows.Length, buildRows.Length);
        int count = 0;
        int row = cursor.Row;
        int n = probeKeys.Length;
        while (row < n && count < capacity)
        {
            ulong word = probeRowsToProbe[row >> 6] >> row;
            if (word == 0)
            {
                row = (row | 63) + 1;
                continue;
            }

            row += BitOperations.TrailingZeroCount(word);
            if (row >= n)
            {
                break;
            }

            int buildRow = index.FirstRow(probeKeys[row]);
            probeRows[count] = row;
            buildRows[count] = buildRow;
            count += (int)((uint)~buildRow >> 31);
            row++;
        }

        cursor.Row = row;
        cursor.Next = ProbeCursor.NotStarted;
        return count;
    }

    private int FindMatches<TIndex>(
        TIndex index,
        ReadOnlySpan<long> probeKeys,
        ReadOnlySpan<ulong> probeRowsToProbe,
        ref ProbeCursor cursor,
        Span<int> probeRows,
        Span<int> buildRows)
        where TIndex : struct, IIntegerKeyIndex
    {
        int capacity = Math.Min(probeRows.Length, buildRows.Length);
        int count = 0;
        int row = cursor.Row;
        int next = cursor.Next;
        int n = probeKeys.Length;
        int[] links = _next;
        while (row < n)
        {
            if (next == ProbeCursor.NotStarted)
            {
                // Whole words of rows without a key to probe are skipped at once.
                ulong word = probeRowsToProbe[row >> 6] >> row;
                if ((word & 1) == 0)
                {
                    row = word == 0 ? (row | 63) + 1 : row + BitOperations.TrailingZeroCount(word);
                    continue;
                }

                next = index.FirstRow(probeKeys[row]);
            }

            while (next >= 0)
            {
                if (count == capacity)
                {
                    cursor.Row = row;
                    cursor.Next = next;
                    return count;
                }

                probeRows[count] = row;
                buildRows[count] = next;
                count++;
                next = links[next];
            }

            row++;
            next = ProbeCursor.NotStarted;
        }

        cursor.Row = row;
        cursor.Next = next;
        return count;
    }

    /// <summary>
    /// Writes (probe row, build row) pairs with equal hashes, for the probe rows set in <paramref name="probeRowsToProbe"/>,
    /// from <paramref name="cursor"/> on, until the spans are full; returns how many were written (0 when done).
    /// </summary>
    public int FindCandidates(
        ReadOnlySpan<ulong> probeHashes,
        ReadOnlySpan<ulong> probeRowsToProbe,
        ref ProbeCursor cursor,
        Span<int> probeRows,
        Span<int> buildRows)
    {
        int capacity = Math.Min(probeRows.Length, buildRows.Length);
        int count = 0;
        int row = cursor.Row;
        int next = cursor.Next;
        int n = probeHashes.Length;
        while (row < n)
        {
            if (next == ProbeCursor.NotStarted)
            {
                if (!Bits.Get(probeRowsToProbe, row))
                {
                    row++;
                    continue;
                }

                next = _heads[Bucket(probeHashes[row])];
            }

            ulong hash = probeHashes[row];
            while (next >= 0)
            {
                if (count == capacity)
                {
                    cursor.Row = row;
                    cursor.Next = next;
                    return count;
                }

                if (_hashes[next] == hash)
                {
                    probeRows[count] = row;
                    buildRows[count] = next;
                    count++;
                }

                next = _next[next];
            }

            row++;
            next = ProbeCursor.NotStarted;
        }

        cursor.Row = row;
        cursor.Next = next;
        return count;
    }

    private int Bucket(ulong hash) => (int)((hash * Fibonacci) >> _shift);

    private int SlotOf(long key) => (int)(HashMixer.Mix((ulong)key) >> _shift);

    /// <summary>Rows with a non-NULL value in every key column (SQL equality never matches NULL).</summary>
    private static ulong[] KeyedRows(ColumnVector[] keyColumns, int n)
    {
        ulong[] keyed = new ulong[Bits.WordCount(n)];
        Bits.SetAll(keyed, n);
        foreach (ColumnVector key in keyColumns)
        {
            if (key.HasNulls)
            {
                Bits.And(keyed, key.Validity, keyed);
            }
        }

        return keyed;
    }

    /// <summary>
    /// The smallest keyed value and the distance to the largest when at most <see cref="DenseSlotsPerRow"/> slots per
    /// build row (or <see cref="DenseMinimumSlots"/>) cover them: the heads then cost at most as much memory as the
    /// open-addressed slots, and a probe reads one int of a small array instead of a 16-byte slot of a larger one.
    /// </summary>
    private static bool DenseRange(long[] values, ulong[] keyed, out long low, out ulong span)
    {
        low = long.MaxValue;
        long high = long.MinValue;
        int keyedRows = 0;
        for (int r = 0; r < values.Length; r++)
        {
            if (Bits.Get(keyed, r))
            {
                low = Math.Min(low, values[r]);
                high = Math.Max(high, values[r]);
                keyedRows++;
            }
        }

        span = keyedRows == 0 ? 0 : unchecked((ulong)(high - low));
        ulong limit = (ulong)Math.Min(Array.MaxLength, Math.Max(DenseMinimumSlots, (long)keyedRows * DenseSlotsPerRow));
        return keyedRows > 0 && span < limit;
    }

    private void LinkDenseKeys(long[] values, ulong[] keyed)
    {
        bool duplicates = false;

        // Linked from the last row back so that a key's chain lists its rows in row order.
        for (int r = values.Length - 1; r >= 0; r--)
        {
            if (Bits.Get(keyed, r))
            {
                int offset = (int)unchecked((ulong)(values[r] - _denseLow));
                _next[r] = _denseHeads[offset];
                duplicates |= _next[r] >= 0;
                _denseHeads[offset] = r;
            }
        }

        UniqueKeys = !duplicates;
    }

    private void LinkIntegerKeys(long[] values, ulong[] keyed)
    {
        bool duplicates = false;
        int mask = _slots.Length - 1;

        // Linked from the last row back so that a key's chain lists its rows in row order.
        for (int r = values.Length - 1; r >= 0; r--)
        {
            if (!Bits.Get(keyed, r))
            {
                continue;
            }

            long key = values[r];
            int slot = SlotOf(key);
            while (_slots[slot].Row >= 0 && _slots[slot].Key != key)
            {
                slot = (slot + 1) & mask;
            }

            _next[r] = _slots[slot].Row;
            duplicates |= _next[r] >= 0;
            _slots[slot] = new KeySlot(key, r);
        }

        UniqueKeys = !duplicates;
    }

    /// <summary>An open-addressed slot: a key and its first build row (-1 for an empty slot).</summary>
    private readonly record struct KeySlot(long Key, int Row)
    {
        public static KeySlot Empty => new(0, -1);
    }

    /// <summary>Finds the first build row with an integer key (-1 for none).</summary>
    private interface IIntegerKeyIndex
    {
        int FirstRow(long key);
    }

    /// <summary>Heads indexed by key minus the smallest key: one bounds test and one load per probe.</summary>
    private readonly struct DenseKeyIndex(int[] heads, long low, ulong span) : IIntegerKeyIndex
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int FirstRow(long key)
        {
            // Keys below the smallest wrap around to offsets above the span.
            ulong offset = unchecked((ulong)(key - low));
            return offset <= span ? heads[(int)offset] : -1;
        }
    }

    /// <summary>Rows in key order with every key of the range once: the build row is the key's offset in the range.</summary>
    private readonly struct KeyOrderIndex(long low, ulong span) : IIntegerKeyIndex
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int FirstRow(long key)
        {
            ulong offset = unchecked((ulong)(key - low));
            return offset <= span ? (int)offset : -1;
        }
    }

    /// <summary>Open-addressed slots with linear probing.</summary>
    private readonly struct OpenAddressedKeyIndex(KeySlot[] slots, int shift) : IIntegerKeyIndex
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int FirstRow(long key)
        {
            int mask = slots.Length - 1;
            int slot = (int)(HashMixer.Mix((ulong)key) >> shift);
            while (slots[slot].Row >= 0)
            {
                if (slots[slot].Key == key)
                {
                    return slots[slot].Row;
                }

                slot = (slot + 1) & mask;
            }

            return -1;
        }
    }

    public void Dispose() => Rows.Dispose();
}
