using VecFlow.Engine.Catalog;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Source;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;
using JoinKind = VecFlow.Engine.Operators.JoinKind;
using SqlJoinKind = VecFlow.Sql.Ast.JoinKind;
using VExpr = VecFlow.Vector.Expressions.Expr;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>FROM: tables, views, CTEs, subqueries, joins and window table functions.</summary>
internal sealed partial class QueryBinder
{
    private RelationPlan BindFrom(TableReference reference, CteScope? ctes) => reference switch
    {
        NamedTable t => BindNamedTable(t, ctes),
        DerivedTable d => Alias(BindQuery(d.Query, ctes), d.Alias, d.Span),
        JoinedTable j => BindJoin(j, ctes),
        TableFunctionTable f => BindTableFunction(f, ctes),
        _ => throw new SqlValidationException(reference.Span, $"not supported: {reference.GetType().Name} in FROM"),
    };

    private static RelationPlan Alias(RelationPlan plan, TableAlias? alias, SourceSpan span)
    {
        if (alias is null)
        {
            return plan;
        }

        LogicalNode node = plan.Node;
        if (alias.Columns.Count > 0)
        {
            if (alias.Columns.Count != node.Schema.Count)
            {
                throw new SqlValidationException(alias.Span, $"the alias names {alias.Columns.Count} columns but the relation has {node.Schema.Count}");
            }

            node = new ProjectNode(node, [.. node.Schema.Fields.Select((f, i) => (VExpr)new ColumnRef(i, f.Type, alias.Columns[i].Value))], [.. alias.Columns.Select(c => c.Value)]);
        }

        _ = span;
        return new RelationPlan(node, new Scope([.. node.Schema.Fields.Select(f => new ScopeColumn(alias.Name.Value, f.Name, f.Type))]));
    }

    private RelationPlan BindNamedTable(NamedTable table, CteScope? ctes)
    {
        if (table.SystemTimeAsOf is not null)
        {
            throw new SqlValidationException(table.Span, "FOR SYSTEM_TIME AS OF applies to the right side of a JOIN: FROM probe JOIN table FOR SYSTEM_TIME AS OF probe.proctime AS t ON ...");
        }

        string name = table.Name.Last.Value;
        string qualifier = table.Alias?.Name.Value ?? name;
        if (table.Name.Parts.Count == 1 && ctes?.Find(name) is { } cte)
        {
            RelationPlan bound = BindQuery(cte.Item.Query, cte.Outer);
            if (cte.Item.Columns.Count > 0)
            {
                bound = Alias(bound, new TableAlias(cte.Item.Name, cte.Item.Columns, cte.Item.Span), cte.Item.Span);
            }

            return table.Alias is null ? RelationPlan.Of(bound.Node, qualifier) : Alias(RelationPlan.Of(bound.Node, qualifier), table.Alias, table.Span);
        }

        if (_catalog.FindView(name) is { } view)
        {
            if (!_expandingViews.Add(view.Name))
            {
                throw new SqlValidationException(table.Span, $"view '{view.Name}' refers to itself");
            }

            try
            {
                RelationPlan bound = BindQuery(view.Query, null);
                LogicalNode node = bound.Node;
                if (view.ColumnNames.Count > 0)
                {
                    node = new ProjectNode(node, [.. node.Schema.Fields.Select((f, i) => (VExpr)new ColumnRef(i, f.Type, view.ColumnNames[i]))], view.ColumnNames);
                }

                return table.Alias is null ? RelationPlan.Of(node, qualifier) : Alias(RelationPlan.Of(node, qualifier), table.Alias, table.Span);
            }
            finally
            {
                _expandingViews.Remove(view.Name);
            }
        }

        if (_catalog.FindTable(name) is { } catalogTable)
        {
            RelationPlan scan = RelationPlan.Of(Scan(catalogTable, table.Span, _catalog), qualifier);
            return table.Alias is null ? scan : Alias(scan, table.Alias, table.Span);
        }

        string known = string.Join(", ", _catalog.Names);
        throw new SqlValidationException(table.Name.Span, $"unknown table '{string.Join('.', table.Name.Parts.Select(p => p.Value))}'; {(known.Length == 0 ? "no table is defined yet (CREATE TABLE first)" : $"known tables and views: {known}")}");
    }

    /// <summary>A table's rows: its physical columns, then its computed columns.</summary>
    internal static LogicalNode Scan(CatalogTable table, SourceSpan span, SessionCatalog? functions = null)
    {
        var scan = new ScanNode(table, [.. Enumerable.Range(0, table.PhysicalSchema.Count)]);
        if (table.ComputedColumns.Count == 0)
        {
            return scan;
        }

        var physical = RelationPlan.Of(scan, null);
        var binder = new ExpressionBinder(physical.Scope, null, functions);
        var expressions = scan.Schema.Fields.Select((f, i) => (VExpr)new ColumnRef(i, f.Type, f.Name)).ToList();
        var names = scan.Schema.Names.ToList();
        foreach (ComputedColumnDefinition computed in table.ComputedColumns)
        {
            expressions.Add(binder.Bind(computed.Expression));
            names.Add(computed.Name);
        }

        _ = span;
        return new ProjectNode(scan, expressions, names);
    }

    private RelationPlan BindJoin(JoinedTable join, CteScope? ctes)
    {
        if (join.Natural)
        {
            throw new SqlValidationException(join.Span, "not supported: NATURAL JOIN; write the join condition with ON or USING");
        }

        RelationPlan left = BindFrom(join.Left, ctes);
        SqlExpression? asOf = (join.Right as NamedTable)?.SystemTimeAsOf;
        RelationPlan right = asOf is null ? BindFrom(join.Right, ctes) : BindFrom(((NamedTable)join.Right) with { SystemTimeAsOf = null }, ctes);
        Scope combined = left.Scope.Concat(right.Scope);
        JoinKind kind = join.Kind switch
        {
            SqlJoinKind.Left => JoinKind.Left,
            SqlJoinKind.Right => JoinKind.Right,
            SqlJoinKind.Full => JoinKind.Full,
            _ => JoinKind.Inner,
        };

        VExpr? condition = join.Condition switch
        {
            null => null,
            OnJoinCondition on => new ExpressionBinder(combined, null, _catalog).BindCondition(on.Condition, "ON"),
            UsingJoinCondition usingColumns => ExprRewriter.And(usingColumns.Columns.Select(c =>
                ExpressionBinder.Compare(VecFlow.Vector.Kernels.ComparisonOp.Equal, left.Scope.Resolve([c], c.Span), Shift(right.Scope.Resolve([c], c.Span), left.Node.Schema.Count), c))),
            _ => null,
        };

        if (condition is null && kind != JoinKind.Inner)
        {
            throw new SqlValidationException(join.Span, $"a {kind.ToString().ToUpperInvariant()} JOIN needs an ON condition");
        }

        if (asOf is not null)
        {
            CheckTemporalJoin(join, (NamedTable)join.Right, asOf, left, kind, ctes);
        }

        LogicalNode node = MakeJoin(left.Node, right.Node, kind, condition, lookup: asOf is not null);
        if (asOf is not null && (node as JoinNode ?? (JoinNode)node.Inputs[0]).LeftKeys.Count == 0)
        {
            throw new SqlValidationException(join.Span, "a temporal join (FOR SYSTEM_TIME AS OF) needs an equality between the two sides to look rows up by: ON probe.column = table.column");
        }

        return new RelationPlan(node, combined);
    }

    private static ColumnRef Shift(ColumnRef c, int by) => c with { Index = c.Index + by };

    /// <summary>
    /// A join whose equality conjuncts between the two sides become hash keys (computed keys and type-unifying casts are
    /// projected onto the inputs first); the output is exactly left ++ right (or left for SEMI / ANTI).
    /// </summary>
    internal static LogicalNode MakeJoin(LogicalNode left, LogicalNode right, JoinKind kind, VExpr? condition, bool lookup = false)
    {
        int leftCount = left.Schema.Count;
        int rightCount = right.Schema.Count;
        var leftKeys = new List<VExpr>();
        var rightKeys = new List<VExpr>();
        var residual = new List<VExpr>();
        foreach (VExpr conjunct in condition is null ? [] : ExprRewriter.Conjuncts(condition))
        {
            if (conjunct is FunctionCall { Function: ComparisonFunction { Op: VecFlow.Vector.Kernels.ComparisonOp.Equal } } eq)
            {
                VExpr a = eq.Arguments[0];
                VExpr b = eq.Arguments[1];
                if (Side(a, leftCount) == -1 && Side(b, leftCount) == 1)
                {
                    leftKeys.Add(a);
                    rightKeys.Add(ExprRewriter.MapColumns(b, i => i - leftCount));
                    continue;
                }

                if (Side(a, leftCount) == 1 && Side(b, leftCount) == -1)
                {
                    leftKeys.Add(b);
                    rightKeys.Add(ExprRewriter.MapColumns(a, i => i - leftCount));
                    continue;
                }
            }

            residual.Add(conjunct);
        }

        var (newLeft, leftKeyColumns) = WithKeyColumns(left, leftKeys);
        var (newRight, rightKeyColumns) = WithKeyColumns(right, rightKeys);
        int extraLeft = newLeft.Schema.Count - leftCount;
        VExpr? rest = ExprRewriter.And(residual.Select(r => ExprRewriter.MapColumns(r, i => i < leftCount ? i : i + extraLeft)));
        LogicalNode join = new JoinNode(newLeft, newRight, kind, leftKeyColumns, rightKeyColumns, rest) { Lookup = lookup };
        if (newLeft == left && newRight == right)
        {
            return join;
        }

        // Drop the key columns added for the join.
        var keep = Enumerable.Range(0, leftCount).ToList();
        if (kind is not (JoinKind.Semi or JoinKind.Anti))
        {
            keep.AddRange(Enumerable.Range(newLeft.Schema.Count, rightCount));
        }

        RowSchema schema = join.Schema;
        return new ProjectNode(join, [.. keep.Select(i => (VExpr)new ColumnRef(i, schema[i].Type, schema[i].Name))], [.. keep.Select(i => schema[i].Name)]);
    }

    /// <summary>-1 when the expression reads only left columns, 1 only right columns, 0 both or none.</summary>
    private static int Side(VExpr e, int leftCount)
    {
        var columns = ExprRewriter.Columns(e).ToList();
        if (columns.Count == 0)
        {
            return 0;
        }

        return columns.All(c => c < leftCount) ? -1 : columns.All(c => c >= leftCount) ? 1 : 0;
    }

    private static (LogicalNode Node, IReadOnlyList<int> Keys) WithKeyColumns(LogicalNode input, List<VExpr> keys)
    {
        if (keys.All(k => k is ColumnRef))
        {
            return (input, [.. keys.Cast<ColumnRef>().Select(k => k.Index)]);
        }

        var expressions = input.Schema.Fields.Select((f, i) => (VExpr)new ColumnRef(i, f.Type, f.Name)).ToList();
        var names = input.Schema.Names.ToList();
        var indices = new List<int>();
        foreach (VExpr key in keys)
        {
            if (key is ColumnRef c)
            {
                indices.Add(c.Index);
                continue;
            }

            indices.Add(expressions.Count);
            expressions.Add(key);
            names.Add($"$key{indices.Count - 1}");
        }

        return (new ProjectNode(input, expressions, names), indices);
    }

    private RelationPlan BindTableFunction(TableFunctionTable function, CteScope? ctes)
    {
        FunctionCallExpression call = function.Call;
        string name = call.Name.Last.Value.ToUpperInvariant();
        if (name is not ("TUMBLE" or "HOP" or "CUMULATE" or "SESSION"))
        {
            throw new SqlValidationException(call.Span, $"unknown table function '{name}'; valid: TUMBLE, HOP, CUMULATE, SESSION");
        }

        // Positional or named (DATA =>, TIMECOL =>, SIZE =>, SLIDE =>, STEP =>, OFFSET =>) arguments.
        var named = new Dictionary<string, SqlExpression>(StringComparer.OrdinalIgnoreCase);
        string[] positions = name switch
        {
            "TUMBLE" => ["DATA", "TIMECOL", "SIZE", "OFFSET"],
            "HOP" => ["DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"],
            "SESSION" => ["DATA", "TIMECOL", "GAP"],
            _ => ["DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"],
        };
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (call.Arguments[i] is NamedArgumentExpression n)
            {
                named[n.Name.Value] = n.Value;
            }
            else if (i < positions.Length)
            {
                named[positions[i]] = call.Arguments[i];
            }
            else
            {
                throw new SqlValidationException(call.Arguments[i].Span, $"{name} takes at most {positions.Length} arguments: {string.Join(", ", positions)}");
            }
        }

        SqlExpression Required(string key) => named.TryGetValue(key, out var value)
            ? value
            : throw new SqlValidationException(call.Span, $"{name} needs its {key} argument: {name}({string.Join(", ", positions.Select(p => p == "DATA" ? "TABLE t" : p == "TIMECOL" ? "DESCRIPTOR(time_col)" : p == "OFFSET" ? "[offset]" : p.ToLowerInvariant()))})");

        if (Required("DATA") is not TableArgumentExpression data)
        {
            throw new SqlValidationException(call.Span, $"the first argument of {name} must be TABLE name or TABLE (query)");
        }

        RelationPlan input = data.Table is { } t
            ? BindNamedTable(new NamedTable(t, null, null, t.Span), ctes)
            : BindQuery(data.Query!, ctes);
        if (Required("TIMECOL") is not DescriptorExpression { Columns.Count: 1 } descriptor)
        {
            throw new SqlValidationException(call.Span, $"the time column of {name} is written DESCRIPTOR(column)");
        }

        ColumnRef time = input.Scope.Resolve([descriptor.Columns[0]], descriptor.Span);
        if (time.Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new SqlValidationException(descriptor.Span, $"the time column of a window must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), not {time.Type.WithNullable(true)}");
        }

        string? qualifier = function.Alias?.Name.Value ?? data.Table?.Last.Value;
        if (name == "SESSION")
        {
            return SessionTable(input, data, time, IntervalMillis(Required("GAP"), name, "gap"), qualifier);
        }

        if (data.PartitionBy.Count > 0)
        {
            throw new SqlValidationException(data.PartitionBy[0].Span, $"PARTITION BY applies to SESSION windows, not {name}");
        }

        long size = IntervalMillis(Required("SIZE"), name, "size");
        long step = name switch
        {
            "HOP" => IntervalMillis(Required("SLIDE"), name, "slide"),
            "CUMULATE" => IntervalMillis(Required("STEP"), name, "step"),
            _ => size,
        };
        long offset = named.TryGetValue("OFFSET", out var o) ? IntervalMillis(o, name, "offset", allowZero: true) : 0;
        if (name != "TUMBLE" && size % step != 0)
        {
            throw new SqlValidationException(call.Span, $"the size of a {name} window ({size} ms) must be a whole multiple of its {(name == "HOP" ? "slide" : "step")} ({step} ms)");
        }

        var node = new WindowTableNode(input.Node, name switch { "TUMBLE" => WindowKind.Tumble, "HOP" => WindowKind.Hop, _ => WindowKind.Cumulate }, time.Index, size, step, offset);
        var scope = new Scope([.. input.Scope.Columns.Select(c => c with { Qualifier = qualifier ?? c.Qualifier }), .. node.Schema.Fields.Skip(input.Node.Schema.Count).Select(f => new ScopeColumn(qualifier, f.Name, f.Type))]);
        return new RelationPlan(node, scope);
    }

    /// <summary>SESSION(TABLE t [PARTITION BY k | (k1, k2)], DESCRIPTOR(ts), gap): the partition keys must be columns of t.</summary>
    private static RelationPlan SessionTable(RelationPlan input, TableArgumentExpression data, ColumnRef time, long gap, string? qualifier)
    {
        var binder = new ExpressionBinder(input.Scope);
        var keys = new List<int>();
        foreach (SqlExpression key in data.PartitionBy)
        {
            keys.Add(binder.Bind(key) is ColumnRef { Index: var index } && index < input.Node.Schema.Count
                ? index
                : throw new SqlValidationException(key.Span, "the PARTITION BY keys of SESSION must be columns of its table"));
        }

        var node = new SessionWindowNode(input.Node, keys, time.Index, gap);
        var scope = new Scope([.. input.Scope.Columns.Select(c => c with { Qualifier = qualifier ?? c.Qualifier }), .. node.Schema.Fields.Skip(input.Node.Schema.Count).Select(f => new ScopeColumn(qualifier, f.Name, f.Type))]);
        return new RelationPlan(node, scope);
    }

    internal static long IntervalMillis(SqlExpression expression, string function, string what, bool allowZero = false)
    {
        VExpr bound = new ExpressionBinder(Scope.Empty).Bind(expression);
        if (bound is Literal { Value: { Type.Kind: SqlTypeKind.IntervalDayTime, Value: long millis } } && (millis > 0 || (allowZero && millis >= 0)))
        {
            return millis;
        }

        throw new SqlValidationException(expression.Span, $"the {what} of {function} must be a positive INTERVAL literal of days to milliseconds, e.g. INTERVAL '10' MINUTE");
    }
}
