using System.Globalization;
using System.Text.RegularExpressions;
using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>Upsert filesystem sinks (a PRIMARY KEY): their committed files are the materialized table, also through failures, savepoints and rescaling.</summary>
/// <remarks>
/// Two updating queries over a seeded Nexmark stream: bids per auction (updates: -U/+U) and, over it, how many
/// auctions have each bid count (buckets empty out: -D). The reference is the same INSERTs in batch mode.
/// </remarks>
public sealed partial class UpsertSinkTests : EngineTest
{
    private const long Events = 10_000;
    private const int Rate = 10_000;

    private const string Job = """
        EXECUTE STATEMENT SET BEGIN
        INSERT INTO auction_totals SELECT auction, COUNT(*), MAX(price), SUM(price) FROM bid GROUP BY auction;
        INSERT INTO count_buckets SELECT bids, COUNT(*) FROM (SELECT auction, COUNT(*) AS bids FROM bid GROUP BY auction) GROUP BY bids;
        END;
        """;

    public static TheoryData<int, string> Runs() => new()
    {
        { 1, "hashmap" },
        { 2, "hashmap" },
        { 1, "rocksdb" },
        { 2, "rocksdb" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void A_streaming_aggregate_into_a_table_with_a_primary_key_leaves_exactly_the_batch_rows(int parallelism, string backend)
    {
        var (totals, buckets) = Reference();
        string outputs = Path.Combine(Directory, "out");
        using var session = new SqlSession(null, Path.Combine(Directory, "work")) { BatchRows = 128 };
        session.Execute(CheckpointedJob.Streaming(parallelism, Path.Combine(Directory, "checkpoints"), extra: $"SET 'state.backend.type' = '{backend}';")
            + Ddl(outputs) + Job);

        Assert.Equal(totals, CheckpointedJob.CommittedRows(Path.Combine(outputs, "auction_totals")));
        Assert.Equal(buckets, CheckpointedJob.CommittedRows(Path.Combine(outputs, "count_buckets")));
        AssertOneFilePerKeyGroupRange(Path.Combine(outputs, "auction_totals"), parallelism);
    }

    [Fact]
    public void An_upsert_job_failed_at_random_points_commits_exactly_the_failure_free_table()
    {
        var (totals, buckets) = Reference();
        var faults = new RandomFaults(seed: 7, failures: 6);
        string outputs = Path.Combine(Directory, "faulty");
        using var session = new SqlSession(null, Path.Combine(Directory, "faulty-work")) { BatchRows = 128, Faults = faults };
        IReadOnlyList<StatementResult> results = session.Execute(
            CheckpointedJob.Streaming(2, Path.Combine(Directory, "checkpoints"), extra: CheckpointedJob.RestartWithoutLimit)
            + Ddl(outputs, paced: true) + Job);

        Assert.True(faults.Injected == 6, $"{faults.Injected} failures injected; {results[^1].Message}; snapshots and commits seen: {string.Join(", ", faults.Log)}");
        Assert.True(faults.InjectedAt(FaultPoint.Commit) >= 2, $"{faults.InjectedAt(FaultPoint.Commit)} failures while committing");
        Assert.Matches("restarted [0-9]+ times", results[^1].Message);
        Assert.Equal(totals, CheckpointedJob.CommittedRows(Path.Combine(outputs, "auction_totals")));
        Assert.Equal(buckets, CheckpointedJob.CommittedRows(Path.Combine(outputs, "count_buckets")));
        AssertOneFilePerKeyGroupRange(Path.Combine(outputs, "auction_totals"), 2);
    }

    [Fact]
    public void An_upsert_job_stopped_with_a_savepoint_at_parallelism_2_resumes_at_1_with_the_same_table()
    {
        var (totals, buckets) = Reference();
        string outputs = Path.Combine(Directory, "out");
        string savepoint = StopWithSavepoint(outputs);

        // What the stopped job left is a table as of its savepoint: one file per key-group range of parallelism 2.
        AssertOneFilePerKeyGroupRange(Path.Combine(outputs, "auction_totals"), 2);
        List<string> atStop = CheckpointedJob.CommittedRows(Path.Combine(outputs, "auction_totals"));
        Assert.NotEmpty(atStop);
        Assert.NotEqual(totals, atStop);

        using var session = new SqlSession(null, Path.Combine(Directory, "resume")) { BatchRows = 128 };
        IReadOnlyList<StatementResult> results = session.Execute(
            CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"), extra: $"SET 'execution.savepoint.path' = '{savepoint}';")
            + Ddl(outputs, paced: true) + Job);

        Assert.StartsWith("Wrote", results[^1].Message, StringComparison.Ordinal);
        Assert.Equal(totals, CheckpointedJob.CommittedRows(Path.Combine(outputs, "auction_totals")));
        Assert.Equal(buckets, CheckpointedJob.CommittedRows(Path.Combine(outputs, "count_buckets")));
        AssertOneFilePerKeyGroupRange(Path.Combine(outputs, "auction_totals"), 1);
    }

    [Fact]
    public void In_streaming_an_upsert_sink_heads_a_vertex_fed_by_a_hash_exchange_on_its_primary_key()
    {
        const string Insert = "INSERT INTO auction_totals SELECT auction, COUNT(*), MAX(price), SUM(price) FROM bid GROUP BY auction";
        using var session = new SqlSession(null, Path.Combine(Directory, "work"));
        session.Execute("SET 'parallelism.default' = '2';\n" + Ddl(Path.Combine(Directory, "out")));
        string batch = SinkVertex(session.Explain(Insert));
        session.Execute("SET 'execution.runtime-mode' = 'streaming';");
        string streaming = SinkVertex(session.Explain(Insert));

        Assert.Matches(@"^Vertex [0-9]+ \[[^]]+\] parallelism=2, input 0 <- vertex [0-9]+ HASH\[\$0\]\n  Sink\(", streaming);
        Assert.False(batch.Split('\n')[1].StartsWith("  Sink(", StringComparison.Ordinal), batch);
    }

    [Fact]
    public void A_batch_job_writes_a_table_with_a_primary_key_as_plain_rows()
    {
        var (totals, _) = Reference();
        Assert.NotEmpty(totals);
        Assert.DoesNotContain(System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "reference", "auction_totals")), f => Path.GetFileName(f).StartsWith("part-kg", StringComparison.Ordinal));
    }

    [Fact]
    public void Updates_into_a_partitioned_table_with_a_primary_key_are_refused_by_name()
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "work"));
        var error = Assert.ThrowsAny<Exception>(() => session.Execute(
            CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"))
            + CheckpointedJob.Ddl(Path.Combine(Directory, "out"), 1_000) + $"""
                CREATE TABLE parted (auction BIGINT, bids BIGINT, PRIMARY KEY (auction) NOT ENFORCED) PARTITIONED BY (bids)
                    WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(Directory, "parted")}', 'format' = 'csv');
                INSERT INTO parted SELECT auction, COUNT(*) FROM bid GROUP BY auction;
                """));
        Assert.Contains("not supported in streaming mode yet: writing into the partitioned filesystem table 'parted'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The job graph's vertex (header and chain) that holds the sink.</summary>
    private static string SinkVertex(string explain)
    {
        string graph = explain[explain.IndexOf("== Job Graph ==\n", StringComparison.Ordinal)..].Split('\n', 2)[1];
        return Regex.Split(graph, @"(?=^Vertex )", RegexOptions.Multiline).Single(v => v.Contains("  Sink(", StringComparison.Ordinal));
    }

    private static string Ddl(string outputs, bool paced = false) =>
        CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: paced) + $"""
            CREATE TABLE auction_totals (auction BIGINT, bids BIGINT, top_price BIGINT, total BIGINT, PRIMARY KEY (auction) NOT ENFORCED)
                WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "auction_totals")}', 'format' = 'csv');
            CREATE TABLE count_buckets (bids BIGINT, auctions BIGINT, PRIMARY KEY (bids) NOT ENFORCED)
                WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "count_buckets")}', 'format' = 'csv');
            """;

    /// <summary>The batch job's rows of both tables (the failure-free, non-incremental answer).</summary>
    private (List<string> Totals, List<string> Buckets) Reference()
    {
        string outputs = Path.Combine(Directory, "reference");
        if (!System.IO.Directory.Exists(outputs))
        {
            using var session = new SqlSession(null, Path.Combine(Directory, "reference-work"));
            session.Execute("SET 'execution.runtime-mode' = 'batch';\n" + Ddl(outputs) + Job);
        }

        return (CheckpointedJob.CommittedRows(Path.Combine(outputs, "auction_totals")), CheckpointedJob.CommittedRows(Path.Combine(outputs, "count_buckets")));
    }

    /// <summary>The visible files are upsert files whose key-group ranges are those of <paramref name="parallelism"/> subtasks: each key group in exactly one file.</summary>
    private static void AssertOneFilePerKeyGroupRange(string table, int parallelism)
    {
        var ranges = System.IO.Directory.EnumerateFiles(table)
            .Select(Path.GetFileName)
            .Where(n => !n!.StartsWith('.'))
            .Select(n => UpsertName().Match(n!))
            .Select(m => (First: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Last: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .Order()
            .ToList();
        var expected = Enumerable.Range(0, parallelism)
            .Select(s => State.KeyGroups.KeyGroupAssignment.RangeOf(s, State.KeyGroups.KeyGroupAssignment.DefaultMaxParallelism, parallelism))
            .Select(r => (r.Start, r.End))
            .ToList();
        Assert.Equal(expected, ranges);
    }

    /// <summary>Runs the paced job at parallelism 2 through the job service and stops it with a savepoint part-way.</summary>
    private string StopWithSavepoint(string outputs) => CheckpointedJob.StopWithSavepoint(
        CheckpointedJob.Streaming(2, Path.Combine(Directory, "checkpoints"), interval: "100ms") + Ddl(outputs, paced: true) + Job,
        Path.Combine(Directory, "savepoint"),
        batchRows: 128,
        batches: 30);

    [GeneratedRegex(@"^part-kg([0-9]+)-([0-9]+)-chk[0-9]+\.csv$")]
    private static partial Regex UpsertName();
}
