using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning;

/// <summary>
/// Streaming split distinct aggregation (Flink's <c>table.optimizer.distinct-agg.split.enabled</c>): a group aggregate
/// with DISTINCT calls becomes a partial aggregate grouped by the keys plus a hash bucket of the distinct value, and a
/// final aggregate that merges the buckets, so one hot key's distinct values spread over many subtasks.
/// </summary>
/// <remarks>
/// <para>With one distinct argument column the partial aggregate groups by (keys, HASH_BUCKET(value, n)). With several,
/// each input row goes once per distinct column (a union of projections, as GROUPING SETS expand) with that column's
/// bucket and the copy's ordinal as extra keys; a call counts only in its own copy (its FILTER is FALSE in the others)
/// and the non-distinct calls only in the first. Every value of a distinct column lands in exactly one bucket, so the
/// partial distinct results add up.</para>
/// <para>Final calls: COUNT and SUM of the partials become SUM (COUNT then COALESCE(.., 0), so an empty global group
/// still counts 0), MIN and MAX stay. The partial aggregate sends updates (-U / +U) as its groups change and the final
/// aggregate retracts them, so the materialized result equals the one-phase result. Aggregates with AVG or the
/// STDDEV / VAR family are left as they are (their partial states do not merge by one SQL aggregate).</para>
/// </remarks>
public static class SplitDistinctAggregateRule
{
    /// <summary>Turns the rewrite on (Flink's default: off).</summary>
    public const string EnabledKey = "table.optimizer.distinct-agg.split.enabled";

    /// <summary>How many buckets a key's distinct values spread over (Flink's default: 1024).</summary>
    public const string BucketsKey = "table.optimizer.distinct-agg.split.bucket-num";

    public const int DefaultBuckets = 1024;

    public static LogicalNode? TryRewrite(AggregateNode aggregate, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (!aggregate.Calls.Any(c => c.Distinct) || !aggregate.Calls.All(PartialAggregateMerge.Mergeable))
        {
            return null;
        }

        LogicalNode input = aggregate.Input;
        var distinctColumns = aggregate.Calls.Where(c => c.Distinct).Select(c => c.Argument!.Value).Distinct().ToList();
        var arguments = aggregate.Calls.Where(c => c.Argument is not null).Select(c => c.Argument!.Value).Distinct().ToList();
        int keyCount = aggregate.Keys.Count;

        // Copy layout: keys, argument columns, one FILTER column per call, the bucket, then (several copies) the ordinal.
        var names = new List<string>();
        names.AddRange(aggregate.Keys.Select(k => input.Schema[k].Name));
        names.AddRange(arguments.Select((a, i) => $"$arg{i}"));
        names.AddRange(aggregate.Calls.Select((_, i) => $"$filter{i}"));
        names.Add("$bucket");
        bool expand = distinctColumns.Count > 1;
        if (expand)
        {
            names.Add("$copy");
        }

        var copies = new List<LogicalNode>();
        for (int copy = 0; copy < distinctColumns.Count; copy++)
        {
            var expressions = new List<Expr>();
            expressions.AddRange(aggregate.Keys.Select(k => Column(input, k)));
            expressions.AddRange(arguments.Select(a => Column(input, a)));
            foreach (AggregateCall call in aggregate.Calls)
            {
                int owner = call.Distinct ? distinctColumns.IndexOf(call.Argument!.Value) : 0;
                expressions.Add(owner != copy
                    ? new Literal(ScalarValue.Boolean(false))
                    : call.Filter is { } f ? Column(input, f) : new Literal(ScalarValue.Boolean(true)));
            }

            expressions.Add(new FunctionCall(
                HashBucketFunction.Instance,
                [Column(input, distinctColumns[copy]), new Literal(ScalarValue.Int(buckets))],
                HashBucketFunction.ResultType));
            if (expand)
            {
                expressions.Add(new Literal(new ScalarValue(SqlType.Int.WithNullable(false), copy)));
            }

            copies.Add(new ProjectNode(input, expressions, names));
        }

        LogicalNode copied = copies.Count == 1 ? copies[0] : new UnionNode(copies);
        int filterBase = keyCount + arguments.Count;
        var partialKeys = Enumerable.Range(0, keyCount).Append(filterBase + aggregate.Calls.Count).ToList();
        if (expand)
        {
            partialKeys.Add(filterBase + aggregate.Calls.Count + 1);
        }

        var partialCalls = aggregate.Calls.Select((c, i) => c with
        {
            Argument = c.Argument is { } a ? keyCount + arguments.IndexOf(a) : null,
            Filter = filterBase + i,
            ResultType = PartialAggregateMerge.PartialType(c),
            Name = $"$partial{i}",
        }).ToList();
        var partial = new AggregateNode(copied, partialKeys, partialCalls);

        return PartialAggregateMerge.Merge(aggregate, partial, keyCount, partialKeys.Count);
    }

    private static ColumnRef Column(LogicalNode node, int index) => new(index, node.Schema[index].Type, node.Schema[index].Name);
}
