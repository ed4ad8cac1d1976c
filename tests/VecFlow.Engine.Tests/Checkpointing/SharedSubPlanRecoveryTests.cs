using VecFlow.Engine.Graph;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>A shared sub-plan feeding both inputs of one join (a diamond) through checkpoints and real task failures.</summary>
public sealed class SharedSubPlanRecoveryTests : EngineTest
{
    private const long Events = 20_000;
    private const int Rate = 20_000;

    // Both sides are the same window aggregate: with reuse on it runs once and its vertex feeds both join inputs.
    private const string Job = """
        INSERT INTO window_out
        SELECT a.auction, a.window_start, a.window_end, a.bids, b.top_price
        FROM (SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top_price
              FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND)) GROUP BY auction, window_start, window_end) AS a
        JOIN (SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top_price
              FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND)) GROUP BY auction, window_start, window_end) AS b
        ON a.auction = b.auction AND a.window_start = b.window_start AND a.window_end = b.window_end;
        """;

    [Fact]
    public void A_shared_sub_plan_failed_at_random_points_commits_exactly_the_output_without_reuse()
    {
        string reference = Path.Combine(Directory, "reference");
        using (var plain = new SqlSession(null, Path.Combine(Directory, "reference-work")) { BatchRows = 512 })
        {
            plain.Execute(CheckpointedJob.Streaming(1, Path.Combine(Directory, "reference-checkpoints"), extra: $"SET '{ReuseOptions.SubPlanKey}' = 'false'; SET '{ReuseOptions.SourceKey}' = 'false';")
                + CheckpointedJob.Ddl(reference, Events, rate: Rate) + Job);
        }

        List<string> expected = CheckpointedJob.CommittedRows(Path.Combine(reference, "window_out"));
        Assert.NotEmpty(expected);

        var faults = new RandomFaults(seed: 3, failures: 6);
        string outputs = Path.Combine(Directory, "faulty");
        using var session = new SqlSession(null, Path.Combine(Directory, "faulty-work")) { BatchRows = 256, Faults = faults };
        IReadOnlyList<StatementResult> results = session.Execute(
            CheckpointedJob.Streaming(2, Path.Combine(Directory, "checkpoints"), extra: CheckpointedJob.RestartWithoutLimit)
            + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + Job);

        Assert.True(faults.Injected >= 1, $"no failure injected; {results[^1].Message}");
        Assert.Equal(expected, CheckpointedJob.CommittedRows(Path.Combine(outputs, "window_out")));
    }

    [Fact]
    public void The_diamond_job_shares_its_window_aggregate()
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "work"));
        session.Execute(CheckpointedJob.Streaming(2, Path.Combine(Directory, "checkpoints")) + CheckpointedJob.Ddl(Path.Combine(Directory, "out"), Events));

        string plan = string.Join('\n', session.Execute("EXPLAIN " + Job.Trim().TrimEnd(';')).Select(r => r.Message));

        string graph = plan[plan.IndexOf("== Job Graph ==", StringComparison.Ordinal)..];
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(graph, @"outputs -> \[vertex \d+ input 0 FORWARD, vertex \d+ input 0 FORWARD\]\n  StreamWindowAggregate"), graph);
    }
}
