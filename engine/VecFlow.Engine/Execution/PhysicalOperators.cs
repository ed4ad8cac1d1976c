using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Operators.Calc;
using VecFlow.Engine.Operators.Join;
using VecFlow.Engine.Operators.Over;
using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Execution;

/// <summary>An operator chosen for a plan node, and which node input feeds each operator input (in feeding order).</summary>
public sealed record PhysicalOperator(IBatchOperator Operator, IReadOnlyList<int> Feeds, string Description);

/// <summary>Chooses the physical operator for each blocking or multi-input logical node.</summary>
public static class PhysicalOperators
{
    public static PhysicalOperator Create(LogicalNode node) => node switch
    {
        JoinNode { LeftKeys.Count: > 0 } j => new(
            new HashJoinOperator(j.Kind, j.Left.Schema, j.Right.Schema, j.LeftKeys, j.RightKeys, j.Condition, BuildSide(j)),
            BuildSide(j) == JoinSide.Right ? [1, 0] : [0, 1],
            Describe(j)),
        AggregateNode a => new(new HashAggregateOperator(a.Input.Schema, a.Keys, a.Calls), [0], Describe(a)),
        WindowTableNode w => new(new WindowTableFunctionOperator(w.Input.Schema, new WindowTableFunction(w.Kind, w.TimeColumn, w.SizeMillis, w.StepMillis, w.OffsetMillis)), [0], Describe(w)),
        SessionWindowNode s => new(new SessionWindowOperator(s.Input.Schema, s.PartitionKeys, s.TimeColumn, s.GapMillis), [0], s.Describe()),
        SingleRowNode single => new(new SingleRowOperator(single.Schema), [0], single.Describe()),
        SortNode sort => new(new SortOperator(sort.Input.Schema, sort.Keys, sort.Limit, sort.Offset), [0], Describe(sort)),
        LimitNode limit => new(new LimitOperator(limit.Limit, limit.Offset), [0], Describe(limit)),
        RankNode rank => new(new RankOperator(rank.Input.Schema, rank.PartitionKeys, rank.OrderKeys, rank.RankStart, rank.RankEnd, rank.OutputRank), [0], Describe(rank)),
        OverNode over => new(new OverAggregateOperator(over.Input.Schema, over.PartitionKeys, over.OrderKeys, [.. over.Aggregates.Select(Call)]), [0], Describe(over)),
        JoinNode j => new(new NestedLoopJoinOperator(j.Kind, j.Left.Schema, j.Right.Schema, j.Condition), [1, 0], Describe(j)),
        _ => throw new NotSupportedException($"Not supported yet in batch mode: {node.Describe()}"),
    };

    internal static OverCall Call(OverAggregate aggregate)
    {
        OverFunction function = aggregate.Function is { } f ? OverCall.FromAggregate(f) : aggregate.RankingFunction switch
        {
            "RANK" => OverFunction.Rank,
            "DENSE_RANK" => OverFunction.DenseRank,
            "LAG" => OverFunction.Lag,
            "LEAD" => OverFunction.Lead,
            "FIRST_VALUE" => OverFunction.FirstValue,
            "LAST_VALUE" => OverFunction.LastValue,
            "NTILE" => OverFunction.Ntile,
            _ => OverFunction.RowNumber,
        };
        var frame = new OverFrame(aggregate.Frame.Rows ? OverFrameUnit.Rows : OverFrameUnit.Range, aggregate.Frame.Preceding);
        return new OverCall(function, aggregate.Argument, aggregate.ResultType, aggregate.Name, frame, aggregate.Offset, aggregate.Default);
    }

    /// <summary>The side whose rows are hashed: the right, except for a RIGHT join, which keeps every right row streaming.</summary>
    private static JoinSide BuildSide(JoinNode join) => join.Kind == JoinKind.Right ? JoinSide.Left : JoinSide.Right;

    /// <summary>The operator chosen for a node, described for EXPLAIN.</summary>
    public static string Describe(LogicalNode node) => node switch
    {
        JoinNode { LeftKeys.Count: > 0 } j => $"HashJoin(build=[{BuildSide(j).ToString().ToLowerInvariant()}], {j.Describe()[5..]}",
        AggregateNode a => $"HashAggregate{a.Describe()[9..]}",
        SortNode { Limit: not null } sort => $"SortLimit{sort.Describe()[4..]}",
        RankNode rank => $"Rank(TopN){rank.Describe()[4..]}",
        OverNode over => $"OverAggregate{over.Describe()[4..]}",
        JoinNode j => $"NestedLoopJoin(build=[right], {j.Describe()[5..]}",
        _ => node.Describe(),
    };
}
