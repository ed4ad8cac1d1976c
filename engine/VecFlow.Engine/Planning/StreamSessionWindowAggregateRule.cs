using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning;

/// <summary>Streaming planning: an aggregate grouped by a SESSION window's partition keys, window_start and window_end becomes a <see cref="StreamSessionWindowAggregateNode"/>.</summary>
/// <remarks>
/// It matches what the binder plans for a SESSION window TVF aggregate and for a legacy <c>GROUP BY SESSION(ts, ..)</c>:
/// <c>Aggregate(Project?(Filter*(SessionWindow(x))))</c> whose keys are window_start, window_end (window_time optional)
/// and plain column references whose set is the session's partition keys, and where nothing else reads a window
/// column. The filters move below the session cut (they read only columns of x); the projection keeps the time
/// attribute first, then the plain keys, the arguments and the filters. Anything else is left as it is (and refused in
/// streaming mode by the job graph).
/// </remarks>
public static class StreamSessionWindowAggregateRule
{
    /// <summary>The streaming session window aggregate equivalent to <paramref name="aggregate"/>, or null when it does not match.</summary>
    public static StreamSessionWindowAggregateNode? TryRewrite(AggregateNode aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        LogicalNode below = aggregate.Input;
        var project = below as ProjectNode;
        if (project is not null)
        {
            below = project.Input;
        }

        var conditions = new List<Expr>();
        while (below is FilterNode filter)
        {
            conditions.Add(filter.Condition);
            below = filter.Input;
        }

        if (below is not SessionWindowNode session)
        {
            return null;
        }

        LogicalNode source = session.Input;
        int width = source.Schema.Count;
        bool ReadsWindow(Expr e) => ExprRewriter.Columns(e).Any(c => c >= width);
        if (conditions.Any(ReadsWindow))
        {
            return null;
        }

        IReadOnlyList<Expr> columns = project?.Expressions
            ?? [.. session.Schema.Fields.Select((f, i) => (Expr)new ColumnRef(i, f.Type, f.Name))];
        IReadOnlyList<string> names = project?.Names ?? session.Schema.Names;

        var expressions = new List<Expr> { new ColumnRef(session.TimeColumn, source.Schema[session.TimeColumn].Type, source.Schema[session.TimeColumn].Name) };
        var projectedNames = new List<string> { source.Schema[session.TimeColumn].Name };
        int Column(int aggregateInput)
        {
            Expr e = columns[aggregateInput];
            int at = expressions.IndexOf(e);
            if (at < 0)
            {
                expressions.Add(e);
                projectedNames.Add(names[aggregateInput]);
                at = expressions.Count - 1;
            }

            return at;
        }

        RowSchema output = aggregate.Schema;
        var keys = new List<StreamWindowKey>(aggregate.Keys.Count);
        var plainSources = new HashSet<int>();
        for (int i = 0; i < aggregate.Keys.Count; i++)
        {
            Expr e = columns[aggregate.Keys[i]];
            if (e is not ColumnRef c)
            {
                return null;
            }

            if (c.Index >= width)
            {
                keys.Add(StreamWindowKey.Of((StreamWindowProperty)(c.Index - width + 1), output[i]));
            }
            else
            {
                plainSources.Add(c.Index);
                keys.Add(StreamWindowKey.Of(Column(aggregate.Keys[i]), output[i]));
            }
        }

        // Sessions are cut per partition key; aggregating them per other keys would need the cut on other rows.
        if (!plainSources.SetEquals(session.PartitionKeys)
            || !keys.Any(k => k.Property == StreamWindowProperty.WindowStart) || !keys.Any(k => k.Property == StreamWindowProperty.WindowEnd))
        {
            return null;
        }

        var calls = new List<Operators.AggregateCall>(aggregate.Calls.Count);
        foreach (Operators.AggregateCall call in aggregate.Calls)
        {
            if ((call.Argument is { } a && ReadsWindow(columns[a])) || (call.Filter is { } f && ReadsWindow(columns[f])))
            {
                return null;
            }

            calls.Add(call with
            {
                Argument = call.Argument is { } argument ? Column(argument) : null,
                Filter = call.Filter is { } condition ? Column(condition) : null,
            });
        }

        LogicalNode input = conditions.Count == 0 ? source : new FilterNode(source, ExprRewriter.And(conditions)!);
        return new StreamSessionWindowAggregateNode(new ProjectNode(input, expressions, projectedNames), 0, session.GapMillis, keys, calls);
    }
}
