namespace VecFlow.MacroBench.Nexmark;

/// <summary>One query's row of the report: the full-speed run and the rate-limited latency run.</summary>
/// <param name="Query">q0 ... q22.</param>
/// <param name="Throughput">The run at full speed.</param>
/// <param name="LatencyRate">Events per second of the latency run (half the full-speed rate), or null when none ran.</param>
/// <param name="Latency">The rate-limited run, or null.</param>
public sealed record StreamQueryMeasurement(string Query, StreamRunResult Throughput, long? LatencyRate, StreamRunResult? Latency)
{
    public double? EventsPerSecond => Throughput.Status == StreamRunResult.Ok && Throughput.WallSeconds > 0 ? Throughput.Events / Throughput.WallSeconds : null;

    /// <summary>Events per second per CPU-second: events over the process's CPU seconds (Flink Nexmark's "throughput per core").</summary>
    public double? EventsPerCpuSecond => Throughput.Status == StreamRunResult.Ok && Throughput.CpuSeconds > 0 ? Throughput.Events / Throughput.CpuSeconds : null;
}
