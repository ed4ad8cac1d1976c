namespace VecFlow.MacroBench.Nexmark;

/// <summary>One completed checkpoint of a benchmark run: trigger-to-completion time, bytes it wrote, and the full state size.</summary>
public sealed record CheckpointFigure(long Id, double DurationMs, long BytesWritten, long StateBytes);
