using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Per-group accumulators of one aggregate function; groups are dense ids 0..n-1 and the state grows on demand.</summary>
/// <remarks>
/// A hash aggregation maps each batch's keys to group ids (<see cref="GroupIdMap"/>), then calls <see cref="Update"/>
/// once per aggregate with the ids. Partial states from several workers or spill runs combine with <see cref="Merge"/>.
/// Not thread-safe.
/// </remarks>
public interface IGroupedAggregate : IDisposable
{
    SqlType ResultType { get; }

    /// <summary>Makes groups 0..groupCount-1 exist; new groups start empty.</summary>
    void EnsureGroups(int groupCount);

    /// <summary>
    /// Folds row i of <paramref name="values"/> into group groupIds[i] for every row set in <paramref name="mask"/>
    /// (empty = every row); NULL values are skipped. <paramref name="values"/> is null for COUNT(*). Rows outside the
    /// mask may carry any group id (e.g. -1); every other id must be below the ensured group count.
    /// </summary>
    void Update(ColumnVector? values, ReadOnlySpan<int> groupIds, ReadOnlySpan<ulong> mask);

    /// <summary>
    /// Combines partial states: group j of <paramref name="other"/> (for j below otherToThis.Length) folds into group
    /// otherToThis[j] of this aggregate (negative = skip). Both must come from the same function and input type.
    /// </summary>
    void Merge(IGroupedAggregate other, ReadOnlySpan<int> otherToThis);

    /// <summary>The results of groups 0..groupCount-1 as a column of <see cref="ResultType"/>.</summary>
    ColumnVector Finish(int groupCount, BufferPool pool);
}
