using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Runtime;

/// <summary>
/// A cut-off on one column that a TopN publishes while it runs and the scan below it reads between batches (a dynamic
/// filter): once the TopN holds its N rows, a row whose first sort key sorts after the N-th row's can never enter.
/// </summary>
/// <remarks>
/// The publisher and the reader run in the same chain, but the cut-off is handed over through a volatile reference
/// (an immutable <see cref="DynamicCutoff"/> per value) so a reader on another thread would see a whole value too.
/// Rows equal to the cut-off are kept (later sort keys break the tie); NULLs are kept when they sort first.
/// </remarks>
public sealed class DynamicFilter(string column, bool descending, bool nullsFirst)
{
    private DynamicCutoff? _cutoff;
    private long _skippedRowGroups;

    /// <summary>The name of the filtered column, as the scanned table names it.</summary>
    public string Column { get; } = column;

    /// <summary>True when the TopN keeps the largest values (rows below the cut-off cannot enter).</summary>
    public bool Descending { get; } = descending;

    /// <summary>True when NULLs sort before every value, so a NULL can still enter whatever the cut-off.</summary>
    public bool NullsFirst { get; } = nullsFirst;

    /// <summary>The latest cut-off, or null while the TopN holds fewer than its N rows.</summary>
    public DynamicCutoff? Cutoff => Volatile.Read(ref _cutoff);

    /// <summary>Row groups a reader skipped on their statistics because of the cut-off.</summary>
    public long SkippedRowGroups => Interlocked.Read(ref _skippedRowGroups);

    /// <summary>Publishes <paramref name="value"/> (of the column's type, possibly NULL) as the new cut-off.</summary>
    public void Publish(ScalarValue value) => Volatile.Write(ref _cutoff, new DynamicCutoff(value));

    /// <summary>Counts a row group skipped because of the cut-off.</summary>
    public void CountSkippedRowGroup() => Interlocked.Increment(ref _skippedRowGroups);
}

/// <summary>One published cut-off value; a reader compares references to tell a new cut-off from the one it applies.</summary>
public sealed class DynamicCutoff(ScalarValue value)
{
    public ScalarValue Value { get; } = value;
}
