using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>Exactly-once delivery through real task failures: committed output equals the failure-free output, row for row.</summary>
public sealed class ExactlyOnceTests : EngineTest
{
    private const long Events = 60_000;
    private const int Rate = 20_000;

    [Fact]
    public void A_job_failed_at_random_points_more_than_20_times_commits_exactly_the_failure_free_output()
    {
        List<string>[] expected = CheckpointedJob.Reference(Directory, Events, rate: Rate);

        var faults = new RandomFaults(seed: 5, failures: 24);
        string outputs = Path.Combine(Directory, "faulty");
        using var session = new SqlSession(null, Path.Combine(Directory, "faulty-work")) { BatchRows = 256, Faults = faults };
        IReadOnlyList<StatementResult> results = session.Execute(
            CheckpointedJob.Streaming(2, Path.Combine(Directory, "checkpoints"), extra: CheckpointedJob.RestartWithoutLimit)
            + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + CheckpointedJob.Job);

        Assert.True(faults.Injected == 24, $"{faults.Injected} failures injected; {results[^1].Message}; snapshots and commits seen: {string.Join(", ", faults.Log)}");
        Assert.True(faults.InjectedAt(FaultPoint.Process) >= 7, $"{faults.InjectedAt(FaultPoint.Process)} failures while processing");
        Assert.True(faults.InjectedAt(FaultPoint.Snapshot) >= 7, $"{faults.InjectedAt(FaultPoint.Snapshot)} failures while snapshotting");
        Assert.True(faults.InjectedAt(FaultPoint.Commit) >= 7, $"{faults.InjectedAt(FaultPoint.Commit)} failures while committing");
        // Two failures can hit one attempt (another subtask fails before the first failure has stopped it).
        var restarts = System.Text.RegularExpressions.Regex.Match(results[^1].Message, "restarted ([0-9]+) times");
        Assert.True(restarts.Success && int.Parse(restarts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 12, results[^1].Message);
        CheckpointedJob.AssertCommitted(expected, outputs);
    }

    [Fact]
    public void Without_a_restart_strategy_an_injected_failure_fails_the_job_with_its_error()
    {
        string outputs = Path.Combine(Directory, "out");
        using var session = new SqlSession(null, Path.Combine(Directory, "work")) { BatchRows = 256, Faults = new RandomFaults(seed: 1, failures: 1) };
        var error = Assert.Throws<InjectedFaultException>(() => session.Execute(
            CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"), interval: "1h", extra: "SET 'restart-strategy.type' = 'none';")
            + CheckpointedJob.Ddl(outputs, 5_000) + CheckpointedJob.Job));
        Assert.StartsWith("injected failure 1 at Process", error.Message, StringComparison.Ordinal);

        // No checkpoint completed (hourly interval), so nothing of the failed run is visible.
        Assert.Empty(CheckpointedJob.CommittedRows(outputs));
    }
}
