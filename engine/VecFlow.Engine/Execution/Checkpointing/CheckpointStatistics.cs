namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>What one completed checkpoint cost: how long it took from trigger to completion and how many bytes it wrote.</summary>
/// <param name="Id">The checkpoint's number.</param>
/// <param name="TriggeredAt">When the coordinator started it (asked the sources for barriers).</param>
/// <param name="Duration">From the trigger to the completion (metadata written, sinks committed).</param>
/// <param name="BytesWritten">Bytes it added to checkpoint storage (an incremental checkpoint only counts its new files).</param>
/// <param name="StateBytes">Bytes of every file it needs, files shared with earlier checkpoints included (the full state size).</param>
/// <param name="IsSavepoint">True for a savepoint.</param>
public sealed record CheckpointStatistics(long Id, DateTimeOffset TriggeredAt, TimeSpan Duration, long BytesWritten, long StateBytes, bool IsSavepoint);
