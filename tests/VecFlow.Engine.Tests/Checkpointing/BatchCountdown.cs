using VecFlow.Engine.Execution.Checkpointing;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>Never fails a task: signals once the job's operator chains have processed <paramref name="batches"/> batches, so a test acts part-way through a job without sleeping.</summary>
internal sealed class BatchCountdown(int batches) : IFaultInjector
{
    private int _seen;

    public ManualResetEventSlim Reached { get; } = new();

    public void At(FaultPoint point, string task, long checkpointId)
    {
        if (point == FaultPoint.Process && Interlocked.Increment(ref _seen) >= batches)
        {
            Reached.Set();
        }
    }
}
