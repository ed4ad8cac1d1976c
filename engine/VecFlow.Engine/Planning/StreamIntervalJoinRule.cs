using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning;

/// <summary>Streaming planning: recognises an interval join, an inner join whose condition bounds the distance between two event-time attributes.</summary>
/// <remarks>
/// <para>Matches <c>a JOIN b ON a.k = b.k AND a.t BETWEEN b.t - INTERVAL .. AND b.t + INTERVAL ..</c> and the same
/// bounds written as comparisons (<c>b.t &gt; a.t AND b.t &lt;= a.t + INTERVAL '1' MINUTE</c>, in any order and
/// direction): conjuncts comparing a left and a right time column, each plus or minus constant intervals, give a
/// lower and an upper bound of <c>left.t - right.t</c>. Both bounds must be found, both inputs append-only, and both
/// columns event-time attributes (a table's <c>WATERMARK FOR</c> column or a window aggregate's window_time, through projections and filters), so the
/// watermark says when a row can meet no new row. Batch plans are not touched: the bounds only let the streaming
/// join drop rows from state; the condition stays as it is and still decides the matches.</para>
/// </remarks>
public static class StreamIntervalJoinRule
{
    /// <summary>The interval bounds of <paramref name="join"/> (right time column relative to the right input), or null when it is a regular join.</summary>
    public static StreamJoinBounds? Bounds(JoinNode join)
    {
        ArgumentNullException.ThrowIfNull(join);
        if (join.Kind != JoinKind.Inner || join.Condition is null || ChangelogMode.IsUpdating(join.Left) || ChangelogMode.IsUpdating(join.Right))
        {
            return null;
        }

        int leftWidth = join.Left.Schema.Count;
        (int Left, int Right)? columns = null;
        long? lower = null;
        long? upper = null;
        foreach (Expr conjunct in ExprRewriter.Conjuncts(join.Condition))
        {
            foreach ((ComparisonOp op, Expr a, Expr b) in Comparisons(conjunct))
            {
                if (Term(a) is not { } x || Term(b) is not { } y)
                {
                    continue;
                }

                // x.column + x.offset OP y.column + y.offset  <=>  x.column - y.column OP y.offset - x.offset
                long k = y.Offset - x.Offset;
                ComparisonOp relation = op;
                (int Left, int Right) pair;
                if (x.Column < leftWidth && y.Column >= leftWidth)
                {
                    pair = (x.Column, y.Column - leftWidth);
                }
                else if (y.Column < leftWidth && x.Column >= leftWidth)
                {
                    pair = (y.Column, x.Column - leftWidth);
                    k = -k;
                    relation = Flip(op);
                }
                else
                {
                    continue;
                }

                if (columns is { } seen && seen != pair)
                {
                    continue;
                }

                columns = pair;
                if (relation is ComparisonOp.Less or ComparisonOp.LessOrEqual or ComparisonOp.Equal)
                {
                    upper = upper is { } u ? Math.Min(u, k) : k;
                }

                if (relation is ComparisonOp.Greater or ComparisonOp.GreaterOrEqual or ComparisonOp.Equal)
                {
                    lower = lower is { } l ? Math.Max(l, k) : k;
                }
            }
        }

        if (columns is not { } time || lower is not { } low || upper is not { } high
            || !IsRowtime(join.Left, time.Left) || !IsRowtime(join.Right, time.Right))
        {
            return null;
        }

        return new StreamJoinBounds(time.Left, time.Right, low, high);
    }

    /// <summary>The comparisons a conjunct states: itself, or the two of a BETWEEN.</summary>
    private static IEnumerable<(ComparisonOp Op, Expr Left, Expr Right)> Comparisons(Expr conjunct)
    {
        switch (conjunct)
        {
            case FunctionCall { Function: ComparisonFunction f, Arguments: [var a, var b] } when f.Op != ComparisonOp.NotEqual:
                yield return (f.Op, a, b);
                break;
            case Between { Negated: false } between:
                yield return (ComparisonOp.GreaterOrEqual, between.Operand, between.Low);
                yield return (ComparisonOp.LessOrEqual, between.Operand, between.High);
                break;
        }
    }

    /// <summary>A time column plus a constant number of milliseconds: <c>t</c>, <c>t + INTERVAL ..</c>, <c>t - INTERVAL ..</c> (nested).</summary>
    private static (int Column, long Offset)? Term(Expr e)
    {
        switch (e)
        {
            case ColumnRef c when c.Type.Kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                return (c.Index, 0);
            case FunctionCall { Arguments: [var x, Literal { Value: var v }] } call
                when call.Function.Name is "+" or "-" && v.Type.Kind == SqlTypeKind.IntervalDayTime && v.Value is long millis && Term(x) is { } inner:
                return (inner.Column, call.Function.Name == "+" ? inner.Offset + millis : inner.Offset - millis);
            case FunctionCall { Arguments: [Literal { Value: var v }, var x] } call
                when call.Function.Name == "+" && v.Type.Kind == SqlTypeKind.IntervalDayTime && v.Value is long millis && Term(x) is { } inner:
                return (inner.Column, inner.Offset + millis);
            default:
                return null;
        }
    }

    private static ComparisonOp Flip(ComparisonOp op) => op switch
    {
        ComparisonOp.Less => ComparisonOp.Greater,
        ComparisonOp.LessOrEqual => ComparisonOp.GreaterOrEqual,
        ComparisonOp.Greater => ComparisonOp.Less,
        ComparisonOp.GreaterOrEqual => ComparisonOp.LessOrEqual,
        _ => op,
    };

    /// <summary>True when <paramref name="column"/> of <paramref name="node"/> is an event-time attribute, unchanged: a table's watermarked column or an event-time window aggregate's window_time.</summary>
    /// <remarks>
    /// The column is traced through projections and filters down to a scan and compared, as SQL text over the
    /// table's physical columns, with the table's rowtime column (itself, or its computed expression); or down to a
    /// streaming window aggregate, whose window_time (<c>TUMBLE_ROWTIME</c> and the like) is one (Flink's window
    /// attribute propagation): a window's row comes out when the watermark reaches its window_time (end - 1), before
    /// the aggregate forwards that watermark, so the row's time is above every watermark sent before it, just as a
    /// source row that is not late.
    /// </remarks>
    public static bool IsRowtime(LogicalNode node, int column)
    {
        ArgumentNullException.ThrowIfNull(node);
        (LogicalNode Leaf, Expr Expression)? traced = Resolve(node, new ColumnRef(column, node.Schema[column].Type));
        if (traced is (StreamWindowAggregateNode { ProcessingTime: false } aggregate, ColumnRef { Index: var key }))
        {
            return key < aggregate.Keys.Count && aggregate.Keys[key].Property == StreamWindowProperty.WindowTime;
        }

        if (traced is not (ScanNode scan, Expr resolved) || scan.Table.Watermark is not { } watermark)
        {
            return false;
        }

        try
        {
            LogicalNode rows = Binding.QueryBinder.Scan(scan.Table, watermark.Span);
            int at = rows.Schema.Names.ToList().FindIndex(n => string.Equals(n, watermark.Column.Value, StringComparison.OrdinalIgnoreCase));
            if (at < 0)
            {
                return false;
            }

            Expr definition = rows is ProjectNode computed ? computed.Expressions[at] : new ColumnRef(at, rows.Schema[at].Type);
            var physical = scan.Table.PhysicalSchema;
            return string.Equals(ExprText.Of(definition, physical), ExprText.Of(resolved, physical), StringComparison.Ordinal);
        }
        catch (SqlValidationException)
        {
            // A computed column this context cannot bind (a user function): not recognised, the join stays regular.
            return false;
        }
    }

    /// <summary><paramref name="e"/> over <paramref name="node"/>'s columns rewritten, through projections and filters, over the physical columns of the one scan below or the columns of a streaming window aggregate.</summary>
    private static (LogicalNode Leaf, Expr Expression)? Resolve(LogicalNode node, Expr e) => node switch
    {
        ScanNode scan => (scan, ExprRewriter.MapColumns(e, c => scan.Columns[c])),
        StreamWindowAggregateNode aggregate => (aggregate, e),
        FilterNode filter => Resolve(filter.Input, e),
        ProjectNode project => Resolve(project.Input, ExprRewriter.Replace(e, x => x is ColumnRef c ? project.Expressions[c.Index] : null)),
        _ => null,
    };
}
