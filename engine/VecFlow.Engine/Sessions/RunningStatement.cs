using VecFlow.Engine.Execution;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Sessions;

/// <summary>A statement of a script while it runs: its index in the script and the live metrics of its operators.</summary>
public sealed class RunningStatement
{
    private readonly JobExecutor _executor;

    internal RunningStatement(int index, JobExecutor executor)
    {
        Index = index;
        _executor = executor;
    }

    /// <summary>The statement's position in its script, from 0.</summary>
    public int Index { get; }

    /// <summary>
    /// The operators of the running job with their metrics, one entry per operator (all its subtasks' metrics merged);
    /// safe to call from another thread while the statement runs.
    /// </summary>
    /// <summary>Takes a savepoint of the running streaming statement into <paramref name="directory"/> and stops it; completes with the savepoint's path.</summary>
    public Task<string> StopWithSavepoint(string directory, CancellationToken cancellation = default) => _executor.StopWithSavepoint(directory, cancellation);

    /// <summary>Checkpoints completed and failed so far, the last completed one's path, and restarts after failures.</summary>
    public (int Completed, int Failed, string? LastPath, int Restarts) Checkpoints()
    {
        var (completed, failed, last) = _executor.CheckpointCounts;
        return (completed, failed, last?.Directory, _executor.Restarts);
    }

    /// <summary>The last completed checkpoint's number and time (null before the first, and in batch mode).</summary>
    public (long Id, DateTimeOffset At)? LastCheckpoint() =>
        _executor.CheckpointCounts.Last is { } last ? (last.Id, last.Timestamp) : null;

    /// <summary>The figures of every checkpoint the statement completed so far (duration, bytes written, state size).</summary>
    public IReadOnlyList<Execution.Checkpointing.CheckpointStatistics> CheckpointHistory() => _executor.CheckpointHistory;

    /// <summary>How long the last restore from a checkpoint took (deploying the restarted job, state included); null before any.</summary>
    public TimeSpan? LastRestoreDuration => _executor.LastRestoreDuration;

    public IReadOnlyList<(string Name, OperatorMetrics Metrics)> Operators() =>
        [.. _executor.Operators.GroupBy(o => o.Id).Select(g => (g.First().Name, OperatorMetrics.Sum(g.Select(o => o.Context.Metrics))))];
}
