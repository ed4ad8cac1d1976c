using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>
/// Streaming two-phase (local-global) aggregation, Flink's <c>table.optimizer.agg-phase-strategy</c> with mini-batch:
/// a <see cref="LocalAggregateNode"/> folds each batch per key before the exchange, and the global aggregate merges
/// the partial rows into keyed state.
/// </summary>
/// <remarks>
/// <para>Applies to a group aggregate over an insert-only input whose calls are COUNT, SUM, MIN and MAX without
/// DISTINCT (after split distinct, the final aggregate of a split is such an aggregate). The global phase sums the
/// partial COUNTs and SUMs (COUNT then COALESCE(.., 0), so an empty global group still counts 0) and takes MIN / MAX
/// of the partial extremes; a SUM stays NULL exactly when every partial is NULL, i.e. when no non-NULL value
/// arrived. Other aggregates stay one-phase: an updating input (partials would need signed row counts), DISTINCT
/// (the partial distinct sets do not add up), AVG and the STDDEV / VAR family.</para>
/// </remarks>
public static class LocalGlobalAggregateRule
{
    /// <summary>Flink's option: AUTO (the default: two phases when mini-batch is on), ONE_PHASE or TWO_PHASE.</summary>
    public const string StrategyKey = "table.optimizer.agg-phase-strategy";

    /// <summary>Flink's mini-batch switch; in VecFlow every input batch is a mini-batch, and this turns on the AUTO local-global phase.</summary>
    public const string MiniBatchKey = "table.exec.mini-batch.enabled";

    public static LogicalNode? TryRewrite(AggregateNode aggregate)
    {
        if (aggregate.Calls.Any(c => c.Distinct || !PartialAggregateMerge.Mergeable(c)) || ChangelogMode.IsUpdating(aggregate.Input))
        {
            return null;
        }

        int keyCount = aggregate.Keys.Count;
        var localCalls = aggregate.Calls.Select((c, i) => c with
        {
            ResultType = PartialAggregateMerge.PartialType(c),
            Name = $"$local{i}",
        }).ToList();
        var local = new LocalAggregateNode(aggregate.Input, aggregate.Keys, localCalls);
        return PartialAggregateMerge.Merge(aggregate, local, keyCount, keyCount);
    }
}
