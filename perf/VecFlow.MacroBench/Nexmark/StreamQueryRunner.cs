using System.Diagnostics;
using System.Globalization;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Sessions;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>Runs one Nexmark query of examples/nexmark as a streaming job on RocksDB state, in this process, and measures it.</summary>
/// <remarks>
/// The event source is the ddl.sql table with a fixed seed. Without a rate, events are generated as fast as the job
/// takes them (event time advances 10M events per second, Flink's default). With a rate the source is paced by the
/// wall clock (<c>rate.limited</c>: each event is emitted when its event-time offset from event 0 has passed), and the
/// sinks' latency histograms (runtime origin stamps, see <see cref="OperatorMetrics.Latency"/>) give the percentiles.
/// </remarks>
public static class StreamQueryRunner
{
    public const long UnlimitedRate = 10_000_000;

    /// <param name="examples">The examples/nexmark directory.</param>
    /// <param name="query">q0 ... q22.</param>
    /// <param name="events">Events to generate.</param>
    /// <param name="parallelism">The job's parallelism.</param>
    /// <param name="rate">Events per second of a rate-limited run, or null for full speed.</param>
    /// <param name="checkpointInterval">A Flink duration ('10s') to checkpoint at, into a temp directory; null: no checkpoints.</param>
    public static StreamRunResult Run(string examples, string query, long events, int parallelism, long? rate, string? checkpointInterval = null)
    {
        string work = Path.Combine(Path.GetTempPath(), "vecflow-nexmark-bench-" + Guid.NewGuid().ToString("N"));
        Dictionary<string, string> variables = Variables(work, events, rate);
        string ddl = Ddl(examples, rate);
        string sql = File.ReadAllText(Path.Combine(examples, query + ".sql"));
        try
        {
            WriteSideInput(variables["NEXMARK_DIR"]);
            using var session = new SqlSession(variables, Path.Combine(work, "session"));
            session.Execute(string.Create(
                CultureInfo.InvariantCulture,
                $"SET 'execution.runtime-mode' = 'streaming'; SET 'state.backend.type' = 'rocksdb'; SET 'parallelism.default' = '{parallelism}';"));
            if (checkpointInterval is not null)
            {
                session.Execute(Checkpointing(checkpointInterval, Path.Combine(work, "checkpoints")));
            }

            session.Execute(ddl);
            return Measure(session, sql, events);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    /// <summary>q13's lookup table, as Flink's Nexmark harness prepares it: keys 0..9,999, each with a value.</summary>
    internal static void WriteSideInput(string nexmarkDirectory)
    {
        string data = Path.Combine(nexmarkDirectory, "data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(
            Path.Combine(data, "side_input.txt"),
            Enumerable.Range(0, 10_000).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k},{k * 7 % 10_000}")));
    }

    /// <summary>The ${...} variables of examples/nexmark for a run of <paramref name="events"/> events in <paramref name="work"/>.</summary>
    internal static Dictionary<string, string> Variables(string work, long events, long? rate) => new()
    {
        ["TPS"] = (rate ?? UnlimitedRate).ToString(CultureInfo.InvariantCulture),
        ["EVENTS_NUM"] = events.ToString(CultureInfo.InvariantCulture),
        ["PERSON_PROPORTION"] = "1",
        ["AUCTION_PROPORTION"] = "3",
        ["BID_PROPORTION"] = "46",
        ["NEXMARK_TABLE"] = "nexmark",
        ["NEXMARK_DIR"] = Path.Combine(work, "out"),
        ["SUBMIT_TIME"] = "bench",
    };

    /// <summary>The ddl.sql of examples/nexmark with a fixed seed (and the wall-clock pacing of a rate-limited run).</summary>
    internal static string Ddl(string examples, long? rate)
    {
        string options = "'connector' = 'nexmark', 'seed' = '7'," + (rate is null ? string.Empty : " 'rate.limited' = 'true',");
        return File.ReadAllText(Path.Combine(examples, "ddl.sql")).Replace("'connector' = 'nexmark',", options, StringComparison.Ordinal);
    }

    /// <summary>The SET statements of a run that checkpoints every <paramref name="interval"/> into <paramref name="directory"/>.</summary>
    internal static string Checkpointing(string interval, string directory) =>
        $"SET 'execution.checkpointing.interval' = '{interval}'; SET 'execution.checkpointing.dir' = '{directory}';";

    /// <summary>The figures of the checkpoints a statement completed (savepoints left out).</summary>
    internal static List<CheckpointFigure> Figures(RunningStatement? statement) =>
        [.. (statement?.CheckpointHistory() ?? []).Where(c => !c.IsSavepoint).Select(c => new CheckpointFigure(c.Id, c.Duration.TotalMilliseconds, c.BytesWritten, c.StateBytes))];

    private static StreamRunResult Measure(SqlSession session, string sql, long events)
    {
        // The statement's metrics live as long as its executor; keep the last running statement seen to read its sinks.
        RunningStatement? last = null;
        using var done = new CancellationTokenSource();
        var watcher = new Thread(() =>
        {
            while (!done.IsCancellationRequested)
            {
                last = session.Running ?? last;
                done.Token.WaitHandle.WaitOne(20);
            }
        })
        { IsBackground = true };
        watcher.Start();

        using Process process = Process.GetCurrentProcess();
        GC.Collect();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        string status = StreamRunResult.Ok;
        string? message = null;
        long written = 0;
        try
        {
            foreach (StatementResult result in session.Execute(sql))
            {
                written += result.Operators?.Where(o => o.Name.StartsWith("Sink(", StringComparison.Ordinal)).Sum(o => o.RowsIn) ?? 0;
            }
        }
        catch (Exception e) when (e.Message.Contains("not supported in streaming mode", StringComparison.Ordinal))
        {
            status = StreamRunResult.NotSupported;
            message = e.Message;
        }
        catch (Exception e)
        {
            status = StreamRunResult.Failed;
            message = $"{e.GetType().Name}: {e.Message}";
        }

        wall.Stop();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        done.Cancel();
        watcher.Join();

        var latency = new LatencyHistogram();
        foreach ((string name, OperatorMetrics metrics) in last?.Operators() ?? [])
        {
            if (name.StartsWith("Sink(", StringComparison.Ordinal))
            {
                latency.Add(metrics.Latency);
            }
        }

        return new StreamRunResult(
            status,
            message,
            status == StreamRunResult.Ok ? events : 0,
            wall.Elapsed.TotalSeconds,
            cpu.TotalSeconds,
            process.PeakWorkingSet64,
            written,
            latency.Count,
            latency.Percentile(0.5)?.TotalMilliseconds,
            latency.Percentile(0.99)?.TotalMilliseconds,
            session.Settings.Values.Any(v => v.Key.Equals("execution.checkpointing.interval", StringComparison.OrdinalIgnoreCase)) ? Figures(last) : null);
    }
}
