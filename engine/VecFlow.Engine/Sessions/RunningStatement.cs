using VecFlow.Engine.Execution;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Sessions;

/// <summary>A statement of a script while it runs: its index in the script and the live metrics of its operators.</summary>
public sealed class RunningStatement
{
    private readonly BatchExecutor _executor;

    internal RunningStatement(int index, BatchExecutor executor)
    {
        Index = index;
        _executor = executor;
    }

    /// <summary>The statement's position in its script, from 0.</summary>
    public int Index { get; }

    /// <summary>The operators opened so far with their metrics; safe to call from another thread while the statement runs.</summary>
    public IReadOnlyList<(string Name, OperatorMetrics Metrics)> Operators()
    {
        // The executor appends operators on its own thread without a lock. A list append publishes its count before
        // the slot is written, so an observer can see an empty slot: those are skipped and show up on the next call.
        IReadOnlyList<(string Name, OperatorContext Context)> live = _executor.Operators;
        var snapshot = new List<(string, OperatorMetrics)>(live.Count);
        for (int i = 0; i < live.Count; i++)
        {
            (string name, OperatorContext? context) = live[i];
            if (name is not null && context is not null)
            {
                snapshot.Add((name, context.Metrics));
            }
        }

        return snapshot;
    }
}
