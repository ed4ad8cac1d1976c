using System.Globalization;
using VecFlow.Engine.Jobs;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Jobs;

public sealed class JobServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly JobService _jobs = new();

    /// <summary>A directory private to this test, deleted afterwards.</summary>
    private string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vecflow-tests", $"jobs-{Guid.NewGuid():N}")).FullName;

    private static string Datagen(string table, int rows, string connector = "datagen") => $"""
        CREATE TABLE {table} (id BIGINT, v INT) WITH (
            'connector' = '{connector}', 'number-of-rows' = '{rows}', 'rows-per-second' = '1000000000', 'seed' = '7',
            'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '{rows}',
            'fields.v.min' = '0', 'fields.v.max' = '9');
        """;

    private string CsvSink(string table) => $"""
        CREATE TABLE {table} (id BIGINT, v INT) WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(Directory, table)}', 'format' = 'csv');
        """;

    private SqlJob Finished(JobSubmission submission)
    {
        SqlJob job = _jobs.Submit(submission);
        Assert.True(job.Wait(Patience), "the job did not end");
        Assert.True(job.State == JobState.Finished, $"{job.State}: {job.FailureReason}");
        return job;
    }

    [Fact]
    public void Insert_job_finishes_with_rows_in_and_out_per_job_and_per_operator()
    {
        SqlJob job = Finished(new JobSubmission { Sql = Datagen("src", 5000) + CsvSink("dst") + "INSERT INTO dst SELECT id, v FROM src WHERE v < 5;", Name = "copy" });

        var written = System.IO.Directory.GetFiles(Path.Combine(Directory, "dst"), "*", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines).Select(l => l.Split(',')).ToList();
        JobMetrics metrics = job.GetMetrics();
        Assert.Equal("copy", job.Name);
        Assert.Equal(32, job.Id.Length);
        Assert.Equal(JobState.Finished, metrics.State);
        Assert.Equal(5000, metrics.RowsIn);
        Assert.Equal(written.Count, metrics.RowsWritten);
        Assert.Equal(written.Count, metrics.RowsOut);
        Assert.All(written, r => Assert.True(int.Parse(r[1], CultureInfo.InvariantCulture) < 5));
        Assert.InRange(written.Count, 1, 4999);
        Assert.Equal(3, metrics.StatementCount);
        Assert.Equal(3, metrics.StatementsFinished);
        Assert.Contains(metrics.Operators, o => o.Operator == "Scan(src)" && o.RowsOut == 5000 && !o.Running);
        Assert.Contains(metrics.Operators, o => o.Operator.StartsWith("Sink(", StringComparison.Ordinal) && o.RowsIn == written.Count);
        Assert.Null(metrics.Watermark);
        Assert.Null(metrics.LastCheckpoint);
        Assert.Null(metrics.Latency);
        Assert.True(job.StartedAt <= job.EndedAt);
    }

    [Fact]
    public void Select_results_are_kept_for_the_caller_with_defines_substituted()
    {
        SqlJob job = Finished(new JobSubmission
        {
            Sql = """
                CREATE TABLE nexmark (event_type INT, bid ROW<auction BIGINT, price BIGINT>) WITH ('connector' = 'nexmark', 'events.num' = '${EVENTS}', 'seed' = '1');
                SELECT event_type, COUNT(*) AS n FROM nexmark GROUP BY event_type;
                SELECT COUNT(*) FROM nexmark WHERE event_type = 2 AND bid.price > 0;
                """,
            Defines = new Dictionary<string, string> { ["EVENTS"] = "5000" },
        });

        Assert.Equal(2, job.Results.Count);
        var byType = job.Results[0].Rows.ToDictionary(r => (int)r[0]!, r => (long)r[1]!);
        // The Nexmark model: of every 50 events, 1 person, 3 auctions, 46 bids.
        Assert.Equal(new Dictionary<int, long> { [0] = 100, [1] = 300, [2] = 4600 }, byType);
        Assert.Equal(4600L, Assert.Single(job.Results[1].Rows)[0]);
        Assert.Equal(4, job.GetMetrics().RowsReturned);
        Assert.Equal(10_000, job.GetMetrics().RowsIn);
    }

    [Fact]
    public void Submit_returns_at_once_and_live_metrics_show_the_running_operator_until_cancel()
    {
        var gated = new GatedConnectorFactory();
        SqlJob job = _jobs.Submit(new JobSubmission
        {
            Sql = Datagen("src", 1_000_000, "gated") + "SELECT COUNT(*) FROM src;",
            ConfigureSession = s => s.Connectors.Register(gated),
        });
        Assert.True(gated.Reached.Wait(Patience));

        Assert.Equal(JobState.Running, job.State);
        Assert.False(job.Wait(TimeSpan.FromMilliseconds(1)));
        JobMetrics live = job.GetMetrics();
        OperatorMetricsSnapshot scan = Assert.Single(live.Operators, o => o.Operator == "Scan(src)");
        Assert.True(scan.Running);
        Assert.Equal(1, scan.Statement);
        Assert.True(scan.RowsOut > 0, "the first batch passed the gate");
        Assert.Equal(scan.RowsOut, live.RowsIn);
        Assert.Equal(1, live.StatementsFinished);
        Assert.Same(job, Assert.Single(_jobs.List()));
        Assert.Same(job, _jobs.Get(job.Id.ToUpperInvariant()));

        Assert.True(_jobs.Cancel(job.Id));
        Assert.True(job.Wait(Patience));
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Null(job.FailureReason);
        Assert.False(job.Cancel());
        // What the interrupted statement did stays visible.
        Assert.Equal(scan.RowsOut, job.GetMetrics().Operators.Single(o => o.Operator == "Scan(src)").RowsOut);
        Assert.Empty(job.Results);
    }

    [Fact]
    public void Stop_with_a_savepoint_of_a_batch_job_is_refused_and_leaves_the_job_running()
    {
        var gated = new GatedConnectorFactory();
        SqlJob job = _jobs.Submit(new JobSubmission { Sql = Datagen("src", 1_000_000, "gated") + "SELECT COUNT(*) FROM src;", ConfigureSession = s => s.Connectors.Register(gated) });
        Assert.True(gated.Reached.Wait(Patience));

        var error = Assert.Throws<InvalidOperationException>(() => _jobs.Stop(job.Id, Path.Combine(Directory, "sp")));
        Assert.Equal("Only a running streaming job takes savepoints; this job is not running or runs in batch mode.", error.Message);
        Assert.Equal(JobState.Running, job.State);

        gated.Gate.Set();
        Assert.True(job.Wait(Patience));
        Assert.Equal(JobState.Finished, job.State);
        Assert.Equal(1_000_000L, Assert.Single(Assert.Single(job.Results).Rows)[0]);
    }

    [Fact]
    public void Stop_without_a_savepoint_cancels()
    {
        var gated = new GatedConnectorFactory();
        SqlJob job = _jobs.Submit(new JobSubmission { Sql = Datagen("src", 1_000_000, "gated") + "SELECT COUNT(*) FROM src;", ConfigureSession = s => s.Connectors.Register(gated) });
        Assert.True(gated.Reached.Wait(Patience));
        Assert.True(_jobs.Stop(job.Id));
        Assert.True(_jobs.Wait(job.Id, Patience));
        Assert.Equal(JobState.Cancelled, job.State);
    }

    [Fact]
    public void A_user_mistake_fails_the_job_with_a_one_line_reason_naming_the_file()
    {
        string file = Path.Combine(Directory, "bad.sql");
        File.WriteAllText(file, "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');\nSELECT b FROM t;\n");
        SqlJob job = _jobs.Submit(new JobSubmission { Path = file });
        Assert.True(job.Wait(Patience));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("bad", job.Name);
        Assert.Equal($"{file}: line 2, column 8: unknown column 'b'; valid columns: a", job.FailureReason);
        Assert.IsType<Planning.SqlValidationException>(job.Error);
        Assert.Single(job.Statements);
    }

    [Fact]
    public void Streaming_mode_wins_over_the_scripts_own_set_and_what_it_lacks_fails_clearly()
    {
        SqlJob job = _jobs.Submit(new JobSubmission
        {
            Sql = "SET 'execution.runtime-mode' = 'batch';\n" + Datagen("src", 10) + "\nSELECT COUNT(*) FROM src;\nSELECT * FROM src ORDER BY 1;",
            Mode = JobMode.Streaming,
        });
        Assert.True(job.Wait(Patience));

        Assert.Equal(JobMode.Streaming, job.Mode);
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(10L, Assert.Single(job.Results).Rows[0][0]);
        Assert.Contains("not supported in streaming mode yet", job.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', job.FailureReason!);
    }

    [Fact]
    public void Bad_submissions_fail_at_submit_time()
    {
        Assert.Contains("either SQL text or the path", Assert.Throws<ArgumentException>(() => _jobs.Submit(new JobSubmission())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _jobs.Submit(new JobSubmission { Sql = "SELECT 1", Path = "x.sql" }));
        Assert.Throws<ArgumentException>(() => _jobs.Submit(new JobSubmission { Sql = "SELECT 1", Parallelism = 0 }));
        Assert.Contains("memory size", Assert.Throws<ArgumentException>(() => _jobs.Submit(new JobSubmission
        {
            Sql = "SELECT 1",
            Settings = new Dictionary<string, string> { [SessionSettings.MemoryPerOperator] = "lots" },
        })).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => _jobs.Submit(new JobSubmission { Path = Path.Combine(Directory, "missing.sql") }));
        Assert.Empty(_jobs.List());
        Assert.Contains("no job has been submitted", Assert.Throws<JobNotFoundException>(() => _jobs.Get("nope")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jobs_submitted_from_many_threads_all_run_and_are_listed()
    {
        SqlJob[] jobs = new SqlJob[8];
        Parallel.For(0, jobs.Length, i => jobs[i] = _jobs.Submit(new JobSubmission
        {
            Sql = $"SELECT x * {i} FROM (VALUES (1), (2), (3)) AS t(x)",
            Name = $"job-{i}",
            Settings = new Dictionary<string, string> { [SessionSettings.MemoryPerOperator] = "64kb" },
        }));

        Assert.All(jobs, j => Assert.True(j.Wait(Patience)));
        Assert.Equal(jobs.Select(j => j.Id).Order(), _jobs.List().Select(j => j.Id).Order());
        for (int i = 0; i < jobs.Length; i++)
        {
            Assert.Equal(JobState.Finished, jobs[i].State);
            Assert.Equal([1 * i, 2 * i, 3 * i], Assert.Single(jobs[i].Results).Rows.Select(r => (int)r[0]!).Order());
        }
    }

    [Fact]
    public void A_job_cancelled_before_its_thread_runs_ends_cancelled()
    {
        using var jobs = new JobService();
        SqlJob job = jobs.Submit(new JobSubmission { Sql = Datagen("src", 100_000_000) + "SELECT COUNT(*) FROM src;" });
        job.Cancel();
        Assert.True(job.Wait(Patience));
        Assert.Equal(JobState.Cancelled, job.State);
    }

    [Fact]
    public void Disposing_the_service_cancels_running_jobs()
    {
        var gated = new GatedConnectorFactory();
        var jobs = new JobService();
        SqlJob job = jobs.Submit(new JobSubmission { Sql = Datagen("src", 1_000_000, "gated") + "SELECT COUNT(*) FROM src;", ConfigureSession = s => s.Connectors.Register(gated) });
        Assert.True(gated.Reached.Wait(Patience));
        jobs.Dispose();
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Throws<ObjectDisposedException>(() => jobs.Submit(new JobSubmission { Sql = "SELECT 1" }));
    }

    public void Dispose()
    {
        _jobs.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
