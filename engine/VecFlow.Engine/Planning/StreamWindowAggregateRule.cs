using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning;

/// <summary>Streaming planning: an aggregate grouped by window_start and window_end over TUMBLE / HOP / CUMULATE becomes a <see cref="StreamWindowAggregateNode"/>.</summary>
/// <remarks>
/// <para>The runtime calls <see cref="Rewrite"/> on the optimized plan (after <see cref="LogicalOptimizer.Optimize"/>)
/// before it builds the streaming job graph; the new node goes through <c>StreamOperators.Create</c>, and its input is
/// hash-partitioned on <see cref="StreamWindowAggregateNode.PartitionKeys"/> (a global exchange when there are none).</para>
/// <para>It matches what the binder plans for a window TVF aggregate and for a legacy <c>GROUP BY TUMBLE(ts, ..)</c> /
/// <c>HOP(..)</c>: <c>Aggregate(Project?(Filter*(WindowTable(x))))</c> whose keys include window_start and window_end
/// (window_time optional) as plain column references, and where nothing else reads a window column. The filters move
/// below the window assignment (they read only columns of x), the projection keeps the time attribute, the plain keys,
/// the arguments and the filters; the output schema is the aggregate's, column for column. Anything else is left as it
/// is.</para>
/// <para>An aggregate grouped by the window_start and window_end attributes of an upstream window step (see
/// <see cref="StreamWindowAttributes"/>) becomes an attached window aggregate (<see cref="TryRewriteAttached"/>): Flink's
/// window aggregate after a window aggregate, such as Nexmark q5's maximum over per-auction counts; also a window
/// TVF aggregate that reads a window column in an argument). <see cref="StreamPlanning.Prepare(Logical.LogicalNode, StreamPlanningOptions)"/> tries it after
/// <see cref="TryRewrite"/>.</para>
/// </remarks>
public static class StreamWindowAggregateRule
{
    /// <summary>The plan with every matching aggregate replaced, bottom-up; other nodes unchanged.</summary>
    public static LogicalNode Rewrite(LogicalNode plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        LogicalNode rebuilt = plan.Inputs.Count == 0 ? plan : plan.WithInputs([.. plan.Inputs.Select(Rewrite)]);
        return rebuilt is AggregateNode aggregate && TryRewrite(aggregate) is { } window ? window : rebuilt;
    }

    /// <summary>
    /// The attached streaming window aggregate equivalent to <paramref name="aggregate"/> when its keys hold the
    /// window_start and window_end attributes of one upstream window; null otherwise.
    /// </summary>
    /// <remarks>The first key holding each property becomes that property (the operator computes it from the window's
    /// end); every other key, also a second copy of a window attribute, stays a plain key column.</remarks>
    public static StreamWindowAggregateNode? TryRewriteAttached(AggregateNode aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        IReadOnlyList<StreamWindowColumn?> attributes = StreamWindowAttributes.Of(aggregate.Input);
        WindowTableFunction? window = null;
        int endColumn = -1;
        bool hasStart = false;
        foreach (int key in aggregate.Keys)
        {
            if (attributes[key] is not { } attribute || attribute.Property == StreamWindowProperty.WindowTime)
            {
                continue;
            }

            window ??= attribute.Window;
            if (attribute.Window != window)
            {
                continue;
            }

            hasStart |= attribute.Property == StreamWindowProperty.WindowStart;
            if (attribute.Property == StreamWindowProperty.WindowEnd && endColumn < 0)
            {
                endColumn = key;
            }
        }

        if (!hasStart || endColumn < 0)
        {
            return null;
        }

        RowSchema output = aggregate.Schema;
        var taken = new HashSet<StreamWindowProperty>();
        var keys = new List<StreamWindowKey>(aggregate.Keys.Count);
        for (int i = 0; i < aggregate.Keys.Count; i++)
        {
            int key = aggregate.Keys[i];
            keys.Add(attributes[key] is { } a && a.Window == window && taken.Add(a.Property)
                ? StreamWindowKey.Of(a.Property, output[i])
                : StreamWindowKey.Of(key, output[i]));
        }

        return new StreamWindowAggregateNode(aggregate.Input, window! with { TimeColumn = endColumn }, keys, aggregate.Calls) { Attached = true };
    }

    /// <summary>The streaming window aggregate equivalent to <paramref name="aggregate"/>, or null when it is not a window aggregate.</summary>
    public static StreamWindowAggregateNode? TryRewrite(AggregateNode aggregate)
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

        if (below is not WindowTableNode table)
        {
            return null;
        }

        LogicalNode source = table.Input;
        int width = source.Schema.Count;
        bool ReadsWindow(Expr e) => ExprRewriter.Columns(e).Any(c => c >= width);
        if (conditions.Any(ReadsWindow))
        {
            return null;
        }

        IReadOnlyList<Expr> columns = project?.Expressions
            ?? [.. table.Schema.Fields.Select((f, i) => (Expr)new ColumnRef(i, f.Type, f.Name))];
        IReadOnlyList<string> names = project?.Names ?? table.Schema.Names;

        // The projection under the new node: the time attribute first, then every plain key, argument and filter once.
        var expressions = new List<Expr> { new ColumnRef(table.TimeColumn, source.Schema[table.TimeColumn].Type, source.Schema[table.TimeColumn].Name) };
        var projectedNames = new List<string> { source.Schema[table.TimeColumn].Name };
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
        for (int i = 0; i < aggregate.Keys.Count; i++)
        {
            Expr e = columns[aggregate.Keys[i]];
            if (e is ColumnRef c && c.Index >= width)
            {
                keys.Add(StreamWindowKey.Of((StreamWindowProperty)(c.Index - width + 1), output[i]));
            }
            else if (ReadsWindow(e))
            {
                return null;
            }
            else
            {
                keys.Add(StreamWindowKey.Of(Column(aggregate.Keys[i]), output[i]));
            }
        }

        if (!keys.Any(k => k.Property == StreamWindowProperty.WindowStart) || !keys.Any(k => k.Property == StreamWindowProperty.WindowEnd))
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
        var projected = new ProjectNode(input, expressions, projectedNames);
        var window = new WindowTableFunction(table.Kind, 0, table.SizeMillis, table.StepMillis, table.OffsetMillis);
        return new StreamWindowAggregateNode(projected, window, keys, calls) { ProcessingTime = IsProcessingTime(source, table.TimeColumn) };
    }

    /// <summary>True when column <paramref name="column"/> of <paramref name="node"/> is <c>PROCTIME()</c>, through projections and filters.</summary>
    public static bool IsProcessingTime(LogicalNode node, int column) => node switch
    {
        ProjectNode project => project.Expressions[column] switch
        {
            FunctionCall call => call.Function.Name.Equals("PROCTIME", StringComparison.OrdinalIgnoreCase),
            ColumnRef reference => IsProcessingTime(project.Input, reference.Index),
            _ => false,
        },
        FilterNode filter => IsProcessingTime(filter.Input, column),
        _ => false,
    };
}
