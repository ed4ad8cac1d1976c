using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Rewrites an optimized logical plan for streaming execution (window aggregates fused with their window assignment, window steps after window steps, window joins).</summary>
/// <remarks>One bottom-up pass, so a step sees its inputs already rewritten and the window attributes they carry.</remarks>
public static class StreamPlanning
{
    public static LogicalNode Prepare(LogicalNode plan) => StreamJoinTimeAttributes.Check(Rewrite(plan));

    private static LogicalNode Rewrite(LogicalNode plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        LogicalNode rebuilt = plan.Inputs.Count == 0 ? plan : plan.WithInputs([.. plan.Inputs.Select(Rewrite)]);
        return rebuilt switch
        {
            AggregateNode aggregate => (LogicalNode?)StreamWindowAggregateRule.TryRewrite(aggregate) ?? StreamWindowAggregateRule.TryRewriteAttached(aggregate) ?? StreamSessionWindowAggregateRule.TryRewrite(aggregate) ?? rebuilt,
            JoinNode { Lookup: true } => rebuilt,
            JoinNode join => StreamWindowJoinRule.TryRewrite(join) ?? rebuilt,
            _ => rebuilt,
        };
    }
}
