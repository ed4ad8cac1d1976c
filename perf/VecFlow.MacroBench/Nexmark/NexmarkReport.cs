using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>Writes perf/results/nexmark.md and nexmark.json from the measurements of one run.</summary>
public static class NexmarkReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void Write(string directory, StreamBenchOptions options, string command, IReadOnlyList<StreamQueryMeasurement> measurements)
    {
        Directory.CreateDirectory(directory);
        string cpu = MacroReport.CpuModel();
        DateTime now = DateTime.UtcNow;
        var json = new
        {
            date = now.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            command,
            machine = new { cores = Environment.ProcessorCount, cpu, os = RuntimeInformation.OSDescription, runtime = RuntimeInformation.FrameworkDescription },
            events = options.Events,
            parallelism = options.Parallelism,
            stateBackend = "rocksdb",
            latencySeconds = options.LatencySeconds,
            queries = measurements.Select(m => new
            {
                query = m.Query,
                status = m.Throughput.Status,
                message = m.Throughput.Message,
                eventsPerSecond = m.EventsPerSecond,
                eventsPerCpuSecond = m.EventsPerCpuSecond,
                wallSeconds = m.Throughput.WallSeconds,
                cpuSeconds = m.Throughput.CpuSeconds,
                peakWorkingSetBytes = m.Throughput.PeakWorkingSetBytes,
                rowsWritten = m.Throughput.RowsWritten,
                latency = m.Latency is null ? null : new
                {
                    rate = m.LatencyRate,
                    events = m.Latency.Events,
                    status = m.Latency.Status,
                    message = m.Latency.Message,
                    samples = m.Latency.LatencySamples,
                    p50Ms = m.Latency.LatencyP50Ms,
                    p99Ms = m.Latency.LatencyP99Ms,
                },
            }),
        };
        File.WriteAllText(Path.Combine(directory, "nexmark.json"), JsonSerializer.Serialize(json, JsonOptions));

        var md = new StringBuilder();
        md.AppendLine("# Nexmark streaming benchmark");
        md.AppendLine();
        md.AppendLine(Invariant($"Each query of `examples/nexmark` as a streaming job over **{options.Events:N0} events** (seeded generator, Flink's 1:3:46 person:auction:bid mix), RocksDB state, parallelism {options.Parallelism}, one process per run. events/s = events / wall time of the job; events per CPU-second = events / the process's CPU seconds over the job (every thread: generator, operators, sinks, GC), as Flink's Nexmark reports throughput per core; peak memory = the process's peak working set. Latency: a second run with the source rate-limited to half the measured events/s for about {options.LatencySeconds:0} s; each sink batch records the time from the source's read of the batch it results from to its write (p50 / p99 over those batches)."));
        md.AppendLine();
        md.AppendLine(Invariant($"- Machine: {Environment.ProcessorCount} cores, {cpu}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; shared with other jobs, so figures are noisy."));
        md.AppendLine(Invariant($"- Date: {now:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine($"- Command: `{command}`");
        md.AppendLine();
        md.AppendLine("| Query | events/s | events per CPU-second | CPU s | peak memory (MB) | rows written | latency rate (events/s) | p50 latency (ms) | p99 latency (ms) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (StreamQueryMeasurement m in measurements)
        {
            StreamRunResult t = m.Throughput;
            if (t.Status != StreamRunResult.Ok)
            {
                string what = t.Status == StreamRunResult.NotSupported ? "not supported in streaming" : "failed";
                md.AppendLine($"| {m.Query} | {what}: {OneLine(t.Message ?? string.Empty)} | | | | | | | |");
                continue;
            }

            string p50 = m.Latency?.LatencyP50Ms is { } a ? Number(a) : "-";
            string p99 = m.Latency?.LatencyP99Ms is { } b ? Number(b) : "-";
            md.AppendLine(Invariant($"| {m.Query} | {m.EventsPerSecond:N0} | {m.EventsPerCpuSecond:N0} | {t.CpuSeconds:N1} | {t.PeakWorkingSetBytes / (1 << 20):N0} | {t.RowsWritten:N0} | {(m.LatencyRate is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {p50} | {p99} |"));
        }

        File.WriteAllText(Path.Combine(directory, "nexmark.md"), md.ToString());
    }

    private static string Number(double ms) => ms.ToString(ms >= 100 ? "N0" : ms >= 1 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
