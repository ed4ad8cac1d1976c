namespace VecFlow.Engine.Jobs;

/// <summary>A point-in-time view of a job's progress: rows in and out, rates, and every operator's counters.</summary>
/// <remarks>
/// Rows in are rows read by sources; rows out are rows written to sinks plus rows returned by queries. Rates are
/// averages over <see cref="Elapsed"/>. <see cref="Watermark"/>, <see cref="LastCheckpoint"/> and <see cref="Latency"/>
/// belong to streaming jobs and stay null until streaming mode exists.
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
    /// <summary>The job's event-time watermark; streaming only, null today.</summary>
    public DateTimeOffset? Watermark { get; init; }

    /// <summary>When the last checkpoint completed; streaming only, null today.</summary>
    public DateTimeOffset? LastCheckpoint { get; init; }

    /// <summary>End-to-end latency from source to sink; streaming only, null today.</summary>
    public TimeSpan? Latency { get; init; }

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
