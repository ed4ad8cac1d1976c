using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Rewrites an optimized logical plan for streaming execution (window aggregates fused with their window assignment, window steps after window steps, window joins).</summary>
/// <remarks>One bottom-up pass, so a step sees its inputs already rewritten and the window attributes they carry.</remarks>
public static class StreamPlanning
{
    public static LogicalNode Prepare(LogicalNode plan) => Prepare(plan, StreamPlanningOptions.Default);

    public static LogicalNode Prepare(LogicalNode plan, StreamPlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StreamJoinTimeAttributes.Check(Rewrite(plan, options));
    }

    /// <summary>
    /// ORDER BY ... LIMIT n [OFFSET m] in streaming is Flink's sort-limit: a TopN over one partition holding all rows,
    /// which updates its n rows as better ones arrive (the final table is the batch result's rows).
    /// </summary>
    private static LogicalNode SortLimit(SortNode sort, long limit) =>
        limit == 0
            ? new FilterNode(sort.Input, new Vector.Expressions.Literal(Vector.Columns.ScalarValue.Boolean(false)))
            : new RankNode(sort.Input, [], sort.Keys, sort.Offset + 1, sort.Offset + limit, false, "$row");

    private static LogicalNode Rewrite(LogicalNode plan, StreamPlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        LogicalNode rebuilt = plan.Inputs.Count == 0 ? plan : plan.WithInputs([.. plan.Inputs.Select(i => Rewrite(i, options))]);
        return rebuilt switch
        {
            AggregateNode aggregate => (LogicalNode?)StreamWindowAggregateRule.TryRewrite(aggregate) ?? StreamWindowAggregateRule.TryRewriteAttached(aggregate) ?? StreamSessionWindowAggregateRule.TryRewrite(aggregate) ?? GroupAggregate(aggregate, options),
            JoinNode { Lookup: true } => rebuilt,
            JoinNode join => StreamWindowJoinRule.TryRewrite(join) ?? rebuilt,
            SortNode { Limit: { } limit } sort => SortLimit(sort, limit),
            _ => rebuilt,
        };
    }

    /// <summary>A regular (not windowed) group aggregate: split by distinct value, or in two phases, when the options ask for it.</summary>
    private static LogicalNode GroupAggregate(AggregateNode aggregate, StreamPlanningOptions options)
    {
        if (options.SplitDistinctBuckets is { } buckets && SplitDistinctAggregateRule.TryRewrite(aggregate, buckets) is { } split)
        {
            return split;
        }

        return options.TwoPhase ? LocalGlobalAggregateRule.TryRewrite(aggregate) ?? aggregate : aggregate;
    }
}
