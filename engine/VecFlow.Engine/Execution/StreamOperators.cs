using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Execution;

/// <summary>Chooses the streaming operator for each stateful logical node (the streaming counterpart of <see cref="PhysicalOperators"/>).</summary>
/// <remarks>Stateless steps (calc, window assignment, union) are the batch operators themselves: they pass row kinds through.</remarks>
public static class StreamOperators
{
    public static IStreamOperator Create(LogicalNode node) => node switch
    {
        StreamWindowAggregateNode window => new StreamWindowAggregateOperator(window),
        StreamWindowJoinNode windowJoin => new StreamWindowJoinOperator(windowJoin),
        AggregateNode a => new Operators.Streaming.StreamGroupAggregateOperator(a.Input.Schema, a.Keys, a.Calls),
        _ => throw new NotSupportedException($"not supported in streaming mode yet: {PhysicalOperators.Describe(node)}"),
    };
}
