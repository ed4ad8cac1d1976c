using VecFlow.Engine.Graph;
using VecFlow.State.Checkpoints;

namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>Checks that a savepoint's state fits a job: every operator with state in it must exist in the job, by stable operator id.</summary>
/// <remarks>
/// Operator ids come from the operator's definition and its inputs', so an unchanged query keeps them and a changed
/// one (another aggregate, another key) gets new ones. State of an operator the job no longer has would be lost
/// silently, so it is refused unless the user allows dropping it. A subtask's watermark is not state in this sense.
/// </remarks>
public static class SavepointMatch
{
    public static void Check(JobGraph graph, CompletedCheckpoint savepoint, bool ignoreUnclaimed)
    {
        var ids = graph.Vertices.SelectMany(v => v.Chain).Select(op => op.Id).ToHashSet(StringComparer.Ordinal);
        var unclaimed = new List<string>();
        foreach (string id in savepoint.KeyedOperators.Where(id => !ids.Contains(id)))
        {
            unclaimed.Add($"{Name(savepoint, id)}: keyed state");
        }

        foreach (string id in savepoint.OperatorStateOperators.Where(id => !ids.Contains(id)))
        {
            if (savepoint.OperatorState(id, SplitPosition.StateName).Count > 0)
            {
                unclaimed.Add($"{Name(savepoint, id)}: source read positions");
            }

            if (savepoint.OperatorState(id, SubtaskRun.CommittablesState).Any(s => CommittableList.Decode(s.Data).Count > 0))
            {
                unclaimed.Add($"{Name(savepoint, id)}: sink files awaiting commit");
            }
        }

        if (unclaimed.Count > 0 && !ignoreUnclaimed)
        {
            throw new SavepointMismatchException(
                $"The savepoint {savepoint.Directory} does not fit this job: no operator of the job claims the state of {string.Join("; ", unclaimed)}. "
                + $"Operators are matched by a stable id derived from their definition, so changing a stateful part of the query gives it a new id. "
                + $"Run the job it was taken from, or allow dropping that state with --allow-non-restored-state (SET '{CheckpointingOptions.IgnoreUnclaimedStateKey}' = 'true').");
        }
    }

    private static string Name(CompletedCheckpoint savepoint, string id) =>
        savepoint.Properties.TryGetValue($"operator.{id}.name", out string? name) ? $"operator {name} ({id})" : $"operator {id}";
}

/// <summary>A savepoint holds state the job would not restore.</summary>
public sealed class SavepointMismatchException(string message) : Exception(message);
