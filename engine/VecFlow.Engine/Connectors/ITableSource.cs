using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors;

/// <summary>A readable table: splits it into independent parts and opens a reader per part.</summary>
public interface ITableSource
{
    /// <summary>True when reading ends by itself (files, a nexmark source with events.num &gt; 0).</summary>
    bool IsBounded { get; }

    /// <summary>The parts to read, for <paramref name="parallelism"/> readers (files, or ranges of generated events).</summary>
    IReadOnlyList<SourceSplit> PlanSplits(int parallelism);

    /// <summary>
    /// Opens a reader of one split producing only <paramref name="columns"/> (indices into the physical schema, in
    /// that order: projection push-down).
    /// </summary>
    ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context);

    /// <summary>
    /// Opens a reader like <see cref="Open(SourceSplit, IReadOnlyList{int}, OperatorContext)"/> that may skip data
    /// none of whose rows can satisfy every one of <paramref name="predicates"/> (columns are physical indices) and
    /// drop rows for which one of them is not TRUE; the rows it returns are not otherwise filtered (the filter above
    /// still applies). Sources that cannot skip ignore the predicates.
    /// </summary>
    ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context, IReadOnlyList<ScanPredicate> predicates) =>
        Open(split, columns, context);

    /// <summary>
    /// True when every reader this source opens with <paramref name="predicate"/> among its predicates returns only
    /// rows for which it is TRUE, also when its column is not among the columns read (it reads that column for the
    /// check), so the planner may take it out of the filter above the scan. Sources that only skip data say false.
    /// </summary>
    bool AppliesExactly(ScanPredicate predicate) => false;

    /// <summary>True when this source's readers filter by a TopN's published cut-off on <paramref name="column"/> (<see cref="Runtime.DynamicFilter"/>).</summary>
    bool AppliesDynamicFilter(int column) => false;
}

/// <summary>One independently readable part of a source. <see cref="Description"/> names it in errors and plans.</summary>
public record SourceSplit(string Description);

/// <summary>Reads one split a batch at a time.</summary>
public interface ISourceReader : IDisposable
{
    /// <summary>The schema of the batches returned (the requested columns).</summary>
    RowSchema Schema { get; }

    /// <summary>The next batch of at most <paramref name="maxRows"/> rows, or null when the split is exhausted.</summary>
    ColumnBatch? Read(int maxRows);

    /// <summary>
    /// Streaming: the next batch like <see cref="Read"/>, but waits at most <paramref name="maxWait"/> for a row to be
    /// ready. Returns false once the split is exhausted; true with a null batch when no row came in time, so the runtime
    /// can read its other splits, emit watermarks and idleness and take checkpoints while a slow split waits.
    /// </summary>
    /// <remarks>
    /// A reader whose rows arrive over time (rate-limited generators, message queues) overrides this and returns the
    /// rows it has as soon as it has some: the runtime bounds how long rows wait by
    /// <c>execution.buffer-timeout.interval</c>. The default calls <see cref="Read"/>, which suits readers that never wait.
    /// </remarks>
    bool TryRead(int maxRows, TimeSpan maxWait, out ColumnBatch? batch)
    {
        batch = Read(maxRows);
        return batch is not null;
    }

    /// <summary>
    /// Where the rows returned so far end within the split (a file reader: the byte offset of the next record), which
    /// <see cref="Seek"/> of a new reader of the same split accepts; null when the reader can only <see cref="Skip"/>.
    /// A checkpoint records it with the row count, so a restored source seeks instead of re-reading what it had read.
    /// </summary>
    long? Position => null;

    /// <summary>Continues at <paramref name="position"/> (an earlier reader's <see cref="Position"/> on the same split), before the first read.</summary>
    void Seek(long position) => throw new NotSupportedException("This source cannot resume at a recorded position.");

    /// <summary>
    /// Moves past the next <paramref name="rows"/> rows without returning them: a restored source resumes where its
    /// checkpoint says. Readers that can seek override this; the default reads and drops the rows.
    /// </summary>
    void Skip(long rows)
    {
        while (rows > 0)
        {
            using ColumnBatch batch = Read((int)Math.Min(rows, 65_536))
                ?? throw new ConnectorException($"The source has fewer rows than the checkpoint it resumes from says were read ({rows} missing); its data changed since the checkpoint.");
            rows -= batch.Length;
        }
    }
}
