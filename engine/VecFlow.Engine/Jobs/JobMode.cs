namespace VecFlow.Engine.Jobs;

/// <summary>How a job runs: over bounded input to the end (Batch), or continuously with checkpoints (Streaming).</summary>
public enum JobMode
{
    Batch,
    Streaming,
}
