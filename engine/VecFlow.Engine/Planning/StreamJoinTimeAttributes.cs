using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Streaming planning: refuses event-time windows over a join's output, whose rows the watermark does not bound.</summary>
/// <remarks>
/// A streaming join emits a row when its second side arrives, which can be long after the watermark passed the
/// row's time attribute; a window aggregate downstream would drop it as late, and the answer would differ from batch
/// mode. Flink refuses the same plans (a regular join's output has no time attributes); windowing the inputs before
/// the join is the way to write them.
/// </remarks>
public static class StreamJoinTimeAttributes
{
    /// <summary>Returns <paramref name="plan"/> unchanged, or throws when a window aggregate reads a join's output.</summary>
    public static LogicalNode Check(LogicalNode plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan is StreamWindowAggregateNode or StreamSessionWindowAggregateNode && FirstJoin(plan.Inputs[0]) is { } join)
        {
            throw new NotSupportedException(
                $"not supported in streaming mode: a window aggregate over the output of a join ({join.Describe()}); a join's rows can arrive after the watermark passed their time, so aggregate the inputs in windows before joining them, or run in batch mode");
        }

        foreach (LogicalNode input in plan.Inputs)
        {
            Check(input);
        }

        return plan;
    }

    /// <summary>The first join below <paramref name="node"/> that can emit a row late; a lookup join emits each probe row on arrival, so it keeps the probe side's time.</summary>
    private static JoinNode? FirstJoin(LogicalNode node) => node is JoinNode { Lookup: false } join ? join : node.Inputs.Select(FirstJoin).FirstOrDefault(j => j is not null);
}
