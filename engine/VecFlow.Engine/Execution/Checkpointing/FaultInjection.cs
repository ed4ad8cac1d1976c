namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>Where the runtime lets an <see cref="IFaultInjector"/> fail a task: tests of exactly-once delivery fail jobs for real at these points.</summary>
public enum FaultPoint
{
    /// <summary>Before an operator chain processes a batch.</summary>
    Process,

    /// <summary>While a subtask snapshots its state for a checkpoint.</summary>
    Snapshot,

    /// <summary>While the sinks' files of a completed checkpoint are committed.</summary>
    Commit,
}

/// <summary>Decides whether the runtime throws at a <see cref="FaultPoint"/>; used by tests that inject task failures.</summary>
public interface IFaultInjector
{
    /// <summary>Throws (any exception) to fail the task at this point; returns to carry on.</summary>
    void At(FaultPoint point, string task, long checkpointId);
}

/// <summary>A task failure injected on purpose (by an <see cref="IFaultInjector"/>).</summary>
public sealed class InjectedFaultException(string message) : Exception(message);
