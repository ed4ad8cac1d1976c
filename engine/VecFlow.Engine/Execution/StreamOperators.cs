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
        StreamSessionWindowAggregateNode session => new StreamSessionWindowAggregateOperator(session),
        StreamWindowJoinNode windowJoin => new StreamWindowJoinOperator(windowJoin),
        RankNode rank => new StreamRankOperator(rank.Input.Schema, rank.PartitionKeys, rank.OrderKeys, rank.RankStart, rank.RankEnd, rank.OutputRank, rank.RankName, Planning.ChangelogMode.IsUpdating(rank.Input)),
        OverNode over => new StreamOverOperator(over.Input.Schema, over.PartitionKeys, over.OrderKeys, [.. over.Aggregates.Select(PhysicalOperators.Call)]),
        AggregateNode a => new Operators.Streaming.StreamGroupAggregateOperator(a.Input.Schema, a.Keys, a.Calls, null, insertOnly: !Planning.ChangelogMode.IsUpdating(a.Input)),
        JoinNode j => new StreamJoinOperator(j.Kind, j.Left.Schema, j.Right.Schema, j.LeftKeys, j.RightKeys, j.Condition, JoinFeeds(j), Planning.StreamIntervalJoinRule.Bounds(j), [!Planning.ChangelogMode.IsUpdating(j.Left), !Planning.ChangelogMode.IsUpdating(j.Right)]),
        _ => throw new NotSupportedException($"not supported in streaming mode yet: {PhysicalOperators.Describe(node)}"),
    };

    /// <summary>Which join input each operator input carries: the job graph feeds a join's inputs in the batch operator's order.</summary>
    private static IReadOnlyList<int> JoinFeeds(JoinNode join)
    {
        PhysicalOperator batch = PhysicalOperators.Create(join);
        batch.Operator.Dispose();
        return batch.Feeds;
    }
}
