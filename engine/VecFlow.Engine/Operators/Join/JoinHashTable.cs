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

    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private readonly ulong[] _hashes;
    private readonly int[] _heads;
    private readonly int[] _next;
    private readonly int _shift;
    private readonly KeySlot[] _slots = [];

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
            _slots = new KeySlot[buckets];
            _slots.AsSpan().Fill(KeySlot.Empty);
            long[] values = new long[n];
            IntegerKeys.Widen(keyColumns[0], values);
            LinkIntegerKeys(values, keyed);
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
        + ((long)_slots.Length * Unsafe.SizeOf<KeySlot>());

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
        Span<int> buildRows)
    {
        int capacity = Math.Min(probeRows.Length, buildRows.Length);
        int count = 0;
        int row = cursor.Row;
        int next = cursor.Next;
        int n = probeKeys.Length;
        KeySlot[] slots = _slots;
        int[] links = _next;
        int mask = slots.Length - 1;
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

                long key = probeKeys[row];
                int slot = SlotOf(key);
                next = -1;
                while (slots[slot].Row >= 0)
                {
                    if (slots[slot].Key == key)
                    {
                        next = slots[slot].Row;
                        break;
                    }

                    slot = (slot + 1) & mask;
                }
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

    private void LinkIntegerKeys(long[] values, ulong[] keyed)
    {
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
            _slots[slot] = new KeySlot(key, r);
        }
    }

    /// <summary>An open-addressed slot: a key and its first build row (-1 for an empty slot).</summary>
    private readonly record struct KeySlot(long Key, int Row)
    {
        public static KeySlot Empty => new(0, -1);
    }

    public void Dispose() => Rows.Dispose();
}
