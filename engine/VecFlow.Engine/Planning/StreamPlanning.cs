using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Rewrites an optimized logical plan for streaming execution (window aggregates fused with their window assignment).</summary>
public static class StreamPlanning
{
    public static LogicalNode Prepare(LogicalNode plan) => StreamJoinTimeAttributes.Check(StreamWindowAggregateRule.Rewrite(plan));
}
