using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Aggregate;

/// <summary>Remembers the (group, value) pairs an aggregate has seen so that DISTINCT counts each value once per group.</summary>
/// <remarks>
/// The pairs live in a <see cref="GroupIdMap"/> over the group id and the argument, kept for the whole pass (not per
/// batch), so a value repeated in a later batch is not counted again. The map numbers new pairs in row order, so the
/// first row of a new pair is exactly the row whose pair id is the next unused one.
/// </remarks>
internal sealed class DistinctValueFilter : IDisposable
{
    private readonly GroupIdMap _pairs;
    private readonly bool _grouped;

    public DistinctValueFilter(SqlType argumentType, bool grouped, BufferPool pool, int initialCapacity)
    {
        _grouped = grouped;
        _pairs = grouped
            ? new GroupIdMap([SqlType.Int.WithNullable(false), argumentType], pool, initialCapacity)
            : new GroupIdMap([argumentType], pool, initialCapacity);
    }

    public long MemoryBytes => _pairs.MemoryBytes;

    /// <summary>
    /// Clears the bits of <paramref name="mask"/> (materialized words, never empty) whose (group, value) pair was seen
    /// before, in this or an earlier batch. <paramref name="groupIds"/> holds the rows' group ids as an INT column (null
    /// for a global aggregate); <paramref name="pairIds"/> is scratch of one int per row.
    /// </summary>
    public void KeepFirstOccurrences(ColumnVector? groupIds, ColumnVector argument, Span<ulong> mask, Span<int> pairIds)
    {
        int n = argument.Length;
        int next = _pairs.GroupCount;
        IReadOnlyList<ColumnVector> keys = _grouped ? [groupIds!, argument] : [argument];
        _pairs.Map(keys, mask, pairIds);
        foreach (int row in new SetBitEnumerator(mask, n))
        {
            if (pairIds[row] == next)
            {
                next++;
            }
            else
            {
                Bits.Clear(mask, row);
            }
        }
    }

    public void Dispose() => _pairs.Dispose();
}
