using System.Numerics;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;

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

    public JoinHashTable(BuildSideRows rows, IReadOnlyList<int> keys)
    {
        Rows = rows;
        int n = rows.Count;
        _hashes = new ulong[n];
        _next = new int[n];
        int buckets = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
        _heads = new int[buckets];
        _heads.AsSpan().Fill(-1);
        _shift = 64 - BitOperations.Log2((uint)buckets);
        if (n == 0)
        {
            return;
        }

        ColumnVector[] keyColumns = [.. keys.Select(k => rows.Columns[k])];
        HashKernels.Hash(keyColumns, _hashes);
        ulong[] keyed = new ulong[Bits.WordCount(n)];
        Bits.SetAll(keyed, n);
        foreach (ColumnVector key in keyColumns)
        {
            if (key.HasNulls)
            {
                Bits.And(keyed, key.Validity, keyed);
            }
        }

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

    public long MemoryBytes => Rows.MemoryBytes + ((long)_hashes.Length * sizeof(ulong)) + ((long)_next.Length * sizeof(int)) + ((long)_heads.Length * sizeof(int));

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

    public void Dispose() => Rows.Dispose();
}
