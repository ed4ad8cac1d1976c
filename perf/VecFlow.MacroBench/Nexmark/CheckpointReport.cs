using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>Writes perf/results/checkpointing.md and checkpointing.json: the cost of checkpointing per query, and recovery.</summary>
public static class CheckpointReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void Write(string directory, StreamBenchOptions options, string command, IReadOnlyList<CheckpointComparison> comparisons, RecoveryResult? recovery)
    {
        Directory.CreateDirectory(directory);
        string cpu = MacroReport.CpuModel();
        DateTime now = DateTime.UtcNow;
        double[] load = LoadAverage();
        var json = new
        {
            date = now.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            command,
            machine = new { cores = Environment.ProcessorCount, cpu, os = RuntimeInformation.OSDescription, runtime = RuntimeInformation.FrameworkDescription, loadAverage = load },
            events = options.Events,
            parallelism = options.Parallelism,
            stateBackend = "rocksdb",
            checkpointInterval = options.CheckpointInterval,
            queries = comparisons.Select(c => new
            {
                query = c.Query,
                without = c.Without,
                with = c.With,
                costPercent = c.CostPercent,
                wallCostPercent = c.WallCostPercent,
            }),
            recovery,
        };
        File.WriteAllText(Path.Combine(directory, "checkpointing.json"), JsonSerializer.Serialize(json, JsonOptions));

        var md = new StringBuilder();
        md.AppendLine("# Checkpointing on the Nexmark streaming benchmark");
        md.AppendLine();
        md.AppendLine(Invariant($"Each query of `examples/nexmark` runs twice over **{options.Events:N0} events** (seeded generator, RocksDB state, parallelism {options.Parallelism}, one process per run): without checkpoints, then with a checkpoint every {options.CheckpointInterval} (incremental RocksDB checkpoints into a temp directory). Throughput is events per CPU-second of the process (every thread, generator included); the cost is the share of it lost with checkpoints (negative: noise). A checkpoint's duration runs from the coordinator's trigger to its completion (every subtask's snapshot written and acknowledged, metadata written, sinks committed); bytes written are the files it added (an incremental checkpoint reuses unchanged SST files); state is the full size of the files it needs."));
        md.AppendLine();
        md.AppendLine(Invariant($"- Machine: {Environment.ProcessorCount} cores, {cpu}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; shared with other jobs (load average at the end of the run: {string.Join(" / ", load.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)))}), so compare the CPU-second columns, not wall time."));
        md.AppendLine(Invariant($"- Date: {now:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine($"- Command: `{command}`");
        md.AppendLine();
        if (comparisons.Count > 0)
        {
            md.AppendLine("| Query | events per CPU-s without | events per CPU-s with | cost (CPU) | cost (wall) | wall s without / with | checkpoints | duration mean / max (ms) | written per checkpoint mean / max (MB) | state at the last checkpoint (MB) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (CheckpointComparison c in comparisons)
            {
                if (c.Without.Status != StreamRunResult.Ok || c.With.Status != StreamRunResult.Ok)
                {
                    string why = c.Without.Status != StreamRunResult.Ok ? "without: " + c.Without.Message : "with: " + c.With.Message;
                    md.AppendLine($"| {c.Query} | failed ({OneLine(why)}) | | | | | | | | |");
                    continue;
                }

                md.AppendLine(Invariant($"| {c.Query} | {c.WithoutPerCpuSecond:N0} | {c.WithPerCpuSecond:N0} | {c.CostPercent:0.0} % | {c.WallCostPercent:0.0} % | {c.Without.WallSeconds:0.0} / {c.With.WallSeconds:0.0} | {c.Checkpoints.Count} | {Ms(c.MeanDurationMs)} / {Ms(c.MaxDurationMs)} | {Mb(c.MeanBytesWritten)} / {Mb(c.MaxBytesWritten)} | {Mb(c.LastStateBytes)} |"));
            }

            md.AppendLine();
        }

        if (recovery is not null)
        {
            md.AppendLine("## Recovery");
            md.AppendLine();
            md.AppendLine("Query (a group per (auction, bidder, price): nearly every bid is a new key, so the state grows by one entry per bid):");
            md.AppendLine();
            md.AppendLine("```sql");
            md.AppendLine(RecoveryRunner.Query.Trim());
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine(Invariant($"Checkpoints every {options.CheckpointInterval}; once a completed checkpoint holds {options.RecoveryStateMb:N0} MB of state, one task fails (an injected fault at its next batch). The restart strategy restarts at once (fixed-delay, delay 0: Flink's default adds 1 s). Restore = the engine's deploy of the restarted job (state restored from the checkpoint, before the sources start); processing again = from the failure until the restarted sources emit events; full rate = from the failure until the events per second over a {RecoveryRunner.WindowSeconds:0} s window reach {RecoveryRunner.Share:P0} of the rate over the {RecoveryRunner.BeforeSeconds:0} s before the failure (sampled every 100 ms)."));
            md.AppendLine();
            if (recovery.Status != StreamRunResult.Ok)
            {
                md.AppendLine($"Failed: {OneLine(recovery.Message ?? string.Empty)}");
                md.AppendLine();
            }

            md.AppendLine("| state at failure (MB) | events before failure | seconds before failure | rate before failure (events/s) | restore (s) | processing again after (s) | full rate after (s) | checkpoints | checkpoint duration mean / max (ms) | written per checkpoint mean / max (MB) |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            IReadOnlyList<CheckpointFigure> cps = recovery.Checkpoints;
            md.AppendLine(Invariant($"| {recovery.StateBytesAtFailure / 1048576.0:N0} | {recovery.EventsBeforeFailure:N0} | {recovery.SecondsBeforeFailure:0.0} | {recovery.PreFailureRate:N0} | {Seconds(recovery.RestoreSeconds)} | {Seconds(recovery.ProcessingAfterSeconds)} | {Seconds(recovery.FullRateAfterSeconds)} | {cps.Count} | {Ms(cps.Count > 0 ? cps.Average(c => c.DurationMs) : null)} / {Ms(cps.Count > 0 ? cps.Max(c => c.DurationMs) : null)} | {Mb(cps.Count > 0 ? cps.Average(c => (double)c.BytesWritten) : null)} / {Mb(cps.Count > 0 ? cps.Max(c => c.BytesWritten) : null)} |"));
            md.AppendLine();
        }

        File.WriteAllText(Path.Combine(directory, "checkpointing.md"), md.ToString());
    }

    public static string Describe(CheckpointComparison c) =>
        c.Without.Status != StreamRunResult.Ok || c.With.Status != StreamRunResult.Ok
            ? "FAILED: " + (c.Without.Message ?? c.With.Message)
            : Invariant($"{c.WithoutPerCpuSecond:N0} -> {c.WithPerCpuSecond:N0} ev/CPU-s (cost {c.CostPercent:0.0} %, wall {c.WallCostPercent:0.0} %), {c.Checkpoints.Count} checkpoints, {Ms(c.MeanDurationMs)} / {Ms(c.MaxDurationMs)} ms, {Mb(c.MeanBytesWritten)} MB written, state {Mb(c.LastStateBytes)} MB");

    public static string Describe(RecoveryResult r) =>
        Invariant($"{r.Status}{(r.Message is null ? string.Empty : " (" + r.Message + ")")}: state {r.StateBytesAtFailure / 1048576.0:N0} MB, {r.PreFailureRate:N0} ev/s before, restore {Seconds(r.RestoreSeconds)} s, processing after {Seconds(r.ProcessingAfterSeconds)} s, full rate after {Seconds(r.FullRateAfterSeconds)} s");

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or none.</summary>
    private static double[] LoadAverage()
    {
        try
        {
            return [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }

    private static string Ms(double? ms) => ms is { } v ? v.ToString(v >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) : "-";

    private static string Mb(double? bytes) => bytes is { } b ? (b / 1048576.0).ToString(b >= 100 << 20 ? "N0" : "0.00", CultureInfo.InvariantCulture) : "-";

    private static string Seconds(double? s) => s is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
