namespace VecFlow.Engine.Graph;

/// <summary>How the rows of a producer vertex's subtasks reach the subtasks of its consumer.</summary>
public enum ExchangeKind
{
    /// <summary>Subtask i feeds subtask i (same parallelism on both sides).</summary>
    Forward,

    /// <summary>Each row goes to the subtask that owns its key's key group.</summary>
    Hash,

    /// <summary>Every row goes to every consumer subtask.</summary>
    Broadcast,

    /// <summary>Whole batches go round-robin to the consumer subtasks.</summary>
    Rebalance,

    /// <summary>Everything goes to the single consumer subtask (a global sort, limit or aggregate).</summary>
    Global,
}
