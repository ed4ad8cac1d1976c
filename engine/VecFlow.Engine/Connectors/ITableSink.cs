using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors;

/// <summary>A writable table.</summary>
public interface ITableSink
{
    /// <summary>Opens the writer of one parallel instance (subtask) of the sink.</summary>
    ISinkWriter Open(OperatorContext context);

    /// <summary>
    /// Makes visible what writers prepared for a completed checkpoint (<see cref="ISinkWriter.PrepareCommit(long)"/>).
    /// Idempotent: a recovered job commits its last checkpoint's committables again, and what is already visible stays
    /// as it is.
    /// </summary>
    void Commit(IReadOnlyList<string> committables)
    {
    }
}

/// <summary>Writes batches whose columns match the sink table's physical schema, in order.</summary>
public interface ISinkWriter : IDisposable
{
    /// <summary>Writes the live rows of <paramref name="batch"/>; the writer disposes the batch.</summary>
    void Write(ColumnBatch batch);

    /// <summary>Flushes and makes everything written visible (a part file is complete only after this).</summary>
    void Finish();

    /// <summary>
    /// Exactly-once writing (<see cref="OperatorContext.ExactlyOnce"/>): finishes what was written since the last call
    /// without making it visible and returns how to make it visible later (<see cref="ITableSink.Commit"/>), once the
    /// checkpoint these rows belong to is complete. Sinks that write nothing durable return none.
    /// </summary>
    IReadOnlyList<string> PrepareCommit() => [];

    /// <summary>
    /// <see cref="PrepareCommit()"/> for checkpoint <paramref name="checkpointId"/>: ids only grow within a job (the job's
    /// end gets one above every checkpoint it took), so a sink that replaces what it wrote before (an upsert sink) can
    /// tell which of two prepared versions is newer.
    /// </summary>
    IReadOnlyList<string> PrepareCommit(long checkpointId) => PrepareCommit();
}
