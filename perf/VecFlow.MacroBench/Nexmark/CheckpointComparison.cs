namespace VecFlow.MacroBench.Nexmark;

/// <summary>One query run without and with checkpoints, and what checkpointing cost.</summary>
/// <param name="Query">q0 ... q22.</param>
/// <param name="Without">The run without checkpoints.</param>
/// <param name="With">The run with checkpoints (its <see cref="StreamRunResult.Checkpoints"/> are the checkpoints it took).</param>
public sealed record CheckpointComparison(string Query, StreamRunResult Without, StreamRunResult With)
{
    public double? WithoutPerCpuSecond => PerCpuSecond(Without);

    public double? WithPerCpuSecond => PerCpuSecond(With);

    /// <summary>Throughput lost to checkpointing, in % of events per CPU-second without (negative: the run with checkpoints was faster).</summary>
    public double? CostPercent => WithoutPerCpuSecond is { } a && WithPerCpuSecond is { } b && a > 0 ? (1 - (b / a)) * 100 : null;

    /// <summary>The same cost measured in events per wall-clock second.</summary>
    public double? WallCostPercent => PerSecond(Without) is { } a && PerSecond(With) is { } b && a > 0 ? (1 - (b / a)) * 100 : null;

    public IReadOnlyList<CheckpointFigure> Checkpoints => With.Checkpoints ?? [];

    public double? MeanDurationMs => Checkpoints.Count > 0 ? Checkpoints.Average(c => c.DurationMs) : null;

    public double? MaxDurationMs => Checkpoints.Count > 0 ? Checkpoints.Max(c => c.DurationMs) : null;

    public double? MeanBytesWritten => Checkpoints.Count > 0 ? Checkpoints.Average(c => (double)c.BytesWritten) : null;

    public long? MaxBytesWritten => Checkpoints.Count > 0 ? Checkpoints.Max(c => c.BytesWritten) : null;

    /// <summary>The full state size of the last checkpoint.</summary>
    public long? LastStateBytes => Checkpoints.Count > 0 ? Checkpoints[^1].StateBytes : null;

    public long? MaxStateBytes => Checkpoints.Count > 0 ? Checkpoints.Max(c => c.StateBytes) : null;

    private static double? PerCpuSecond(StreamRunResult run) => run.Status == StreamRunResult.Ok && run.CpuSeconds > 0 ? run.Events / run.CpuSeconds : null;

    private static double? PerSecond(StreamRunResult run) => run.Status == StreamRunResult.Ok && run.WallSeconds > 0 ? run.Events / run.WallSeconds : null;
}
