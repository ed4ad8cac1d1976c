using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;

namespace VecFlow.Engine.Planning;

/// <summary>
/// The final step of an aggregate computed in two steps (split distinct, local-global): partial COUNT, SUM, MIN and
/// MAX results merged into the original aggregate's columns.
/// </summary>
internal static class PartialAggregateMerge
{
    /// <summary>True for the calls whose partial results merge with one SQL aggregate.</summary>
    public static bool Mergeable(AggregateCall call) =>
        call.Function is AggregateFunction.Count or AggregateFunction.CountStar or AggregateFunction.Sum or AggregateFunction.Min or AggregateFunction.Max;

    /// <summary>The partial step's type for <paramref name="call"/>: a SUM, MIN or MAX of a group may be NULL there.</summary>
    public static Vector.Types.SqlType PartialType(AggregateCall call) =>
        call.Function is AggregateFunction.Count or AggregateFunction.CountStar ? call.ResultType : call.ResultType.WithNullable(true);

    /// <summary>
    /// The final aggregate over <paramref name="partial"/>, whose first <paramref name="keyCount"/> columns are the keys
    /// and whose partial result of call i is column <paramref name="partialBase"/> + i; then the projection to the
    /// original columns: COUNTs and SUMs add up, MIN and MAX of the extremes; a COUNT of no partial row is 0.
    /// </summary>
    public static ProjectNode Merge(AggregateNode original, LogicalNode partial, int keyCount, int partialBase)
    {
        var calls = original.Calls.Select((c, i) => new AggregateCall(
            c.Function is AggregateFunction.Min or AggregateFunction.Max ? c.Function : AggregateFunction.Sum,
            partialBase + i,
            false,
            null,
            c.ResultType.WithNullable(true),
            c.Name)).ToList();
        var final = new AggregateNode(partial, [.. Enumerable.Range(0, keyCount)], calls);

        var outputs = new List<Expr>();
        outputs.AddRange(Enumerable.Range(0, keyCount).Select(k => (Expr)new ColumnRef(k, final.Schema[k].Type, final.Schema[k].Name)));
        for (int i = 0; i < original.Calls.Count; i++)
        {
            AggregateCall call = original.Calls[i];
            Expr merged = new ColumnRef(keyCount + i, final.Schema[keyCount + i].Type, call.Name);
            if (call.Function is AggregateFunction.Count or AggregateFunction.CountStar)
            {
                merged = new Coalesce([merged, new Literal(new ScalarValue(call.ResultType.WithNullable(false), 0L))], call.ResultType);
            }
            else if (merged.Type != call.ResultType)
            {
                merged = new CastTo(merged, call.ResultType);
            }

            outputs.Add(merged);
        }

        return new ProjectNode(final, outputs, original.Schema.Names);
    }
}
