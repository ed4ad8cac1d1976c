namespace VecFlow.Engine.Jobs;

/// <summary>A point-in-time view of a job's progress: rows in and out, rates, and every operator's counters.</summary>
/// <remarks>
/// Rows in are rows read by sources; rows out are rows written to sinks plus rows returned by queries. Rates are
/// averages over <see cref="Elapsed"/>. <see cref="Watermark"/>, <see cref="LastCheckpoint"/> and <see cref="Latency"/>
/// belong to the streaming statement running now and are null otherwise.
/// </remarks>
public sealed record JobMetrics(
    string JobId,
    string Name,
    JobState State,
    TimeSpan Elapsed,
    long RowsIn,
    long RowsOut,
    long RowsWritten,
    long RowsReturned,
    double RowsInPerSecond,
    double RowsOutPerSecond,
    long SpilledBytes,
    long DroppedRows,
    int StatementsFinished,
    int StatementCount,
    IReadOnlyList<OperatorMetricsSnapshot> Operators)
{
    /// <summary>The running streaming statement's event-time watermark: the minimum over its sinks' (null before the first and after the end of input).</summary>
    public DateTimeOffset? Watermark { get; init; }

    /// <summary>When the last completed checkpoint of the running streaming statement was taken (null before the first).</summary>
    public DateTimeOffset? LastCheckpoint { get; init; }

    /// <summary>The number of that checkpoint.</summary>
    public long? LastCheckpointId { get; init; }

    /// <summary>Median event-to-sink latency of the running streaming statement (from the source's read to the sink's write).</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>99th percentile of the same latency.</summary>
    public TimeSpan? LatencyP99 { get; init; }

    public DateTimeOffset TakenAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>The counters of one operator of a job at a point in time; <see cref="Statement"/> is its statement's index in the script.</summary>
public sealed record OperatorMetricsSnapshot(
    string JobId,
    int Statement,
    string Operator,
    long RowsIn,
    long RowsOut,
    long SpilledBytes,
    long PeakMemoryBytes,
    long DroppedRows,
    bool Running);
