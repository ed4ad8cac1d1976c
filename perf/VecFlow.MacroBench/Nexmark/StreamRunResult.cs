namespace VecFlow.MacroBench.Nexmark;

/// <summary>What one run of one Nexmark query in its own process measured (the child's answer, as one JSON line).</summary>
/// <param name="Status">"ok", "not supported in streaming" or "failed".</param>
/// <param name="Message">The refusal or failure message, or null.</param>
/// <param name="Events">Events the source generated.</param>
/// <param name="WallSeconds">Wall time of the query's statements (the job from start to end of input).</param>
/// <param name="CpuSeconds">Process CPU time (every thread: generator, operators, sinks, GC) over the same span.</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set (Linux VmHWM) at the end.</param>
/// <param name="RowsWritten">Rows the sinks received (changelog rows count one each).</param>
/// <param name="LatencySamples">Sink batches with a latency sample.</param>
/// <param name="LatencyP50Ms">Median event-to-sink latency, ms (null without samples).</param>
/// <param name="LatencyP99Ms">99th percentile event-to-sink latency, ms.</param>
/// <param name="Checkpoints">The checkpoints the run completed (null: checkpointing was off).</param>
public sealed record StreamRunResult(
    string Status,
    string? Message,
    long Events,
    double WallSeconds,
    double CpuSeconds,
    long PeakWorkingSetBytes,
    long RowsWritten,
    long LatencySamples,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    IReadOnlyList<CheckpointFigure>? Checkpoints = null)
{
    public const string Ok = "ok";
    public const string NotSupported = "not supported in streaming";
    public const string Failed = "failed";
}
