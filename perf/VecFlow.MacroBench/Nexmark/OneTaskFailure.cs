using System.Diagnostics;
using VecFlow.Engine.Execution.Checkpointing;

namespace VecFlow.MacroBench.Nexmark;

/// <summary>Fails one task once, at the first batch any task processes after <see cref="Arm"/>, and records when.</summary>
public sealed class OneTaskFailure : IFaultInjector
{
    private int _armed;
    private int _fired;
    private long _firedAt;

    /// <summary>The task that failed, once it has.</summary>
    public string? Task { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the failure; null before it.</summary>
    public long? FiredAt => Interlocked.Read(ref _firedAt) is var at && at != 0 ? at : null;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public void At(FaultPoint point, string task, long checkpointId)
    {
        if (point != FaultPoint.Process || Volatile.Read(ref _armed) == 0 || Interlocked.Exchange(ref _fired, 1) == 1)
        {
            return;
        }

        Task = task;
        Interlocked.Exchange(ref _firedAt, Stopwatch.GetTimestamp());
        throw new InjectedFaultException($"benchmark: task '{task}' fails once to measure recovery");
    }
}
