using System.Diagnostics;
using System.Globalization;
using VecFlow.Engine.Sessions;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>
/// Measures recovery of a stateful Nexmark query: it runs with checkpoints until its checkpointed state reaches a target
/// size, one task then fails (an injected fault), and the rate samples say when the restarted job processed again and
/// when it was back at its pre-failure rate.
/// </summary>
/// <remarks>
/// The query keeps one group per (auction, bidder, price) of the bid stream: nearly every bid is a new key, so the
/// RocksDB state grows by about one entry per bid (the key, a count, the last bid time and the largest <c>extra</c>
/// string) and never shrinks. Events come at full speed; the restart strategy restarts at once (no delay), so what is
/// measured is the engine's own restore and catch-up. A sampler reads the sources' emitted events every
/// <see cref="SampleInterval"/>; an attempt's counters start at zero, so a drop marks the restarted attempt.
/// </remarks>
public static class RecoveryRunner
{
    public const string Query = """
        CREATE TABLE recovery_sink (
            auction BIGINT,
            bidder BIGINT,
            price BIGINT,
            bids BIGINT,
            last_bid TIMESTAMP(3),
            extra VARCHAR
        ) WITH ('connector' = 'blackhole');

        INSERT INTO recovery_sink
        SELECT auction, bidder, price, COUNT(*) AS bids, MAX(dateTime) AS last_bid, MAX(extra) AS extra
        FROM bid
        GROUP BY auction, bidder, price;
        """;

    /// <summary>Seconds the pre-failure rate is measured over: sources emit whole 65,536-row batches and stall while a checkpoint aligns, so a short window can read 0.</summary>
    public const double BeforeSeconds = 60;

    /// <summary>Seconds a rate after the failure is measured over.</summary>
    public const double WindowSeconds = 5;

    /// <summary>Full rate: at least this share of the pre-failure rate.</summary>
    public const double Share = 0.9;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long after the failure the run goes on at most (then it is cancelled, recovered or not).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    public static RecoveryResult Run(string examples, long events, int parallelism, string interval, long stateBytes)
    {
        string work = Path.Combine(Path.GetTempPath(), "vecflow-nexmark-recovery-" + Guid.NewGuid().ToString("N"));
        var failure = new OneTaskFailure();
        using var cancel = new CancellationTokenSource();
        var samples = new List<RateSample>();
        RunningStatement? statement = null;
        long start = Stopwatch.GetTimestamp();
        long stateAtFailure = 0;
        string? message = null;
        try
        {
            using var session = new SqlSession(StreamQueryRunner.Variables(work, events, rate: null), Path.Combine(work, "session"))
            {
                Faults = failure,
                Cancellation = cancel.Token,
            };
            session.Execute(string.Create(
                CultureInfo.InvariantCulture,
                $"SET 'execution.runtime-mode' = 'streaming'; SET 'state.backend.type' = 'rocksdb'; SET 'parallelism.default' = '{parallelism}';"));
            session.Execute(StreamQueryRunner.Checkpointing(interval, Path.Combine(work, "checkpoints")));
            session.Execute("SET 'restart-strategy.type' = 'fixed-delay'; SET 'restart-strategy.fixed-delay.attempts' = '3'; SET 'restart-strategy.fixed-delay.delay' = '0ms';");
            session.Execute(StreamQueryRunner.Ddl(examples, rate: null));
            var sampler = new Thread(() =>
            {
                int attempt = 0;
                long last = 0;
                while (!cancel.IsCancellationRequested)
                {
                    statement = session.Running ?? statement;
                    if (statement is not null)
                    {
                        long emitted = statement.Operators().Where(o => o.Name.StartsWith("Scan(", StringComparison.Ordinal)).Sum(o => o.Metrics.RowsOut);
                        attempt += emitted < last ? 1 : 0;
                        last = emitted;
                        double now = Stopwatch.GetElapsedTime(start).TotalSeconds;
                        lock (samples)
                        {
                            samples.Add(new RateSample(now, attempt, emitted));
                        }

                        if (failure.FiredAt is null && statement.CheckpointHistory() is { Count: > 0 } history && history[^1].StateBytes >= stateBytes)
                        {
                            stateAtFailure = history[^1].StateBytes;
                            failure.Arm();
                        }

                        if (failure.FiredAt is { } fired && Done(samples, Stopwatch.GetElapsedTime(start, fired).TotalSeconds, now))
                        {
                            cancel.Cancel();
                        }
                    }

                    cancel.Token.WaitHandle.WaitOne(SampleInterval);
                }
            })
            { IsBackground = true, Name = "recovery sampler" };
            sampler.Start();
            try
            {
                session.Execute(Query);
                message = "the job ended before it failed and recovered; give it more events (--recovery-events)";
            }
            catch (OperationCanceledException)
            {
                // The sampler cancelled the job once it had recovered: the expected end.
            }
            finally
            {
                cancel.Cancel();
                sampler.Join();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            message = $"{e.GetType().Name}: {e.Message}";
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

        List<CheckpointFigure> figures = StreamQueryRunner.Figures(statement);
        if (failure.FiredAt is not { } at)
        {
            return new RecoveryResult(StreamRunResult.Failed, message ?? "the state never reached the target size", null, stateAtFailure, 0, 0, 0, null, null, null,
                WindowSeconds, Share, figures, samples);
        }

        double failedAt = Stopwatch.GetElapsedTime(start, at).TotalSeconds;
        RecoveryTimeline timeline = RecoveryTimeline.Read(samples, failedAt, BeforeSeconds, WindowSeconds, Share);
        long before = samples.Where(s => s.Attempt == 0).Select(s => s.Events).DefaultIfEmpty().Max();
        return new RecoveryResult(
            timeline.FullRateAfter is null ? StreamRunResult.Failed : StreamRunResult.Ok,
            timeline.FullRateAfter is null ? message ?? "the job did not get back to its pre-failure rate" : null,
            failure.Task,
            stateAtFailure,
            before,
            failedAt,
            timeline.PreFailureRate,
            statement?.LastRestoreDuration?.TotalSeconds,
            timeline.ProcessingAfter,
            timeline.FullRateAfter,
            WindowSeconds,
            Share,
            figures,
            samples);
    }

    /// <summary>Recovered and measured for a few seconds more, or given up.</summary>
    private static bool Done(List<RateSample> samples, double failedAt, double now)
    {
        if (now - failedAt > GiveUpAfter.TotalSeconds)
        {
            return true;
        }

        lock (samples)
        {
            return RecoveryTimeline.Read(samples, failedAt, BeforeSeconds, WindowSeconds, Share).FullRateAfter is { } full && now - failedAt > full + 5;
        }
    }
}
