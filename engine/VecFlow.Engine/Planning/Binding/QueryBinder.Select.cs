using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;
using JoinKind = VecFlow.Engine.Operators.JoinKind;
using VExpr = VecFlow.Vector.Expressions.Expr;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>SELECT blocks: WHERE (with IN / EXISTS as joins), GROUP BY and aggregates, HAVING, OVER, DISTINCT.</summary>
internal sealed partial class QueryBinder
{
    /// <summary>A bound SELECT: its plan (visible columns, then hidden ORDER BY columns) and the sort keys.</summary>
    private sealed record BoundSelect(RelationPlan Plan, List<SortKey> SortKeys, int VisibleColumns);

    /// <param name="select">The SELECT block.</param>
    /// <param name="ctes">The WITH items in scope.</param>
    /// <param name="orderBy">The ORDER BY of the enclosing query, bound over this block's columns.</param>
    /// <param name="boundFrom">The relation to select from instead of binding <paramref name="select"/>'s FROM (decorrelation).</param>
    private BoundSelect BindSelect(SelectQuery select, CteScope? ctes, IReadOnlyList<OrderItem> orderBy, RelationPlan? boundFrom = null)
    {
        RelationPlan from = boundFrom ?? (select.From is null
            ? new RelationPlan(new ValuesNode(new RowSchema([]), [[]]), Scope.Empty)
            : BindFrom(select.From, ctes));
        LogicalNode node = from.Node;
        Scope scope = from.Scope;
        Func<SqlExpression, VExpr?>? scalars = null;
        if (select.GroupBy is null)
        {
            (node, scope, scalars) = JoinScalarSubqueries(node, scope, select, ctes);
        }

        if (select.Where is not null)
        {
            node = BindWhere(node, scope, select.Where, ctes, scalars);
        }

        // Select items: expressions with output names (stars expanded).
        var items = new List<(SqlExpression? Expression, ColumnRef? Star, string Name)>();
        foreach (SelectItem item in select.Items)
        {
            if (item is StarSelectItem star)
            {
                foreach (int i in scope.Star(star.Qualifier, star.Span))
                {
                    items.Add((null, new ColumnRef(i, scope.Columns[i].Type, scope.Columns[i].Name), scope.Columns[i].Name));
                }
            }
            else if (item is ExpressionSelectItem e)
            {
                items.Add((e.Expression, null, e.Alias?.Value ?? DerivedName(e.Expression, items.Count)));
            }
        }

        var sqlForAggregates = items.Where(i => i.Expression is not null).Select(i => i.Expression!)
            .Concat(select.Having is null ? [] : [select.Having])
            .Concat(orderBy.Select(o => o.Expression))
            .ToList();
        bool grouped = select.GroupBy is not null || sqlForAggregates.Any(ContainsAggregate);
        ExpressionBinder binder;
        if (grouped)
        {
            if (items.Any(i => i.Star is not null))
            {
                throw new SqlValidationException(select.Span, "SELECT * is not allowed in a grouped query; list the grouped columns and aggregates");
            }

            (node, binder) = BindAggregation(node, scope, select, sqlForAggregates);
        }
        else
        {
            binder = new ExpressionBinder(scope, scalars, _catalog);
        }

        if (select.Having is not null)
        {
            node = new FilterNode(node, binder.BindCondition(select.Having, "HAVING"));
        }

        // OVER windows append their results as columns, then the select items read them.
        var overCalls = items.Where(i => i.Expression is not null).SelectMany(i => OverCalls(i.Expression!))
            .Concat(orderBy.SelectMany(o => OverCalls(o.Expression)))
            .Distinct(SqlNodeComparer.Instance).Cast<FunctionCallExpression>().ToList();
        if (overCalls.Count > 0)
        {
            (node, binder) = BindOver(node, binder, overCalls, select);
        }

        var expressions = new List<VExpr>();
        var names = new List<string>();
        foreach (var (expression, star, name) in items)
        {
            expressions.Add(star ?? binder.Bind(expression!));
            names.Add(name);
        }

        int visible = expressions.Count;
        var keys = new List<SortKey>();
        foreach (OrderItem item in orderBy)
        {
            int? column = OrderColumn(item.Expression, names, expressions, binder, select.Quantifier == SetQuantifier.Distinct);
            if (column is null)
            {
                expressions.Add(binder.Bind(item.Expression));
                names.Add($"$order{keys.Count}");
                column = expressions.Count - 1;
            }

            keys.Add(Key(column.Value, item));
        }

        LogicalNode projected = new ProjectNode(node, expressions, names);
        if (select.Quantifier == SetQuantifier.Distinct)
        {
            projected = new AggregateNode(projected, [.. Enumerable.Range(0, projected.Schema.Count)], []);
        }

        return new BoundSelect(RelationPlan.Of(projected, null), keys, visible);
    }

    private static int? OrderColumn(SqlExpression expression, List<string> names, List<VExpr> expressions, ExpressionBinder binder, bool distinct)
    {
        if (expression is NumericLiteral { Kind: NumericLiteralKind.Integer } n)
        {
            int position = int.Parse(n.Text, System.Globalization.CultureInfo.InvariantCulture);
            return position >= 1 && position <= names.Count
                ? position - 1
                : throw new SqlValidationException(n.Span, $"ORDER BY position {position} is out of range; the query has {names.Count} columns");
        }

        if (expression is IdentifierExpression { Parts.Count: 1 } id)
        {
            int alias = names.FindIndex(x => string.Equals(x, id.Parts[0].Value, StringComparison.OrdinalIgnoreCase));
            if (alias >= 0)
            {
                return alias;
            }
        }

        VExpr bound = binder.Bind(expression);
        int same = expressions.IndexOf(bound);
        if (same >= 0)
        {
            return same;
        }

        return distinct
            ? throw new SqlValidationException(expression.Span, "with SELECT DISTINCT, ORDER BY expressions must appear in the select list")
            : null;
    }

    /// <summary>Flink's name for an unnamed select item: the column's own name, else EXPR$n.</summary>
    private static string DerivedName(SqlExpression expression, int position) => expression switch
    {
        IdentifierExpression id => id.Parts[^1].Value,
        FieldAccessExpression f => f.Field.Value,
        _ => $"EXPR${position}",
    };

    internal static bool ContainsAggregate(SqlNode node) => node switch
    {
        FunctionCallExpression f when f.Over is null && AggregateTyping.IsAggregate(f.Name.Last.Value) => true,
        FunctionCallExpression f when f.Over is not null => false,
        QueryExpression => false,
        _ => node.Children().Any(ContainsAggregate),
    };

    private static IEnumerable<FunctionCallExpression> OverCalls(SqlNode node) => node switch
    {
        FunctionCallExpression { Over: not null } f => [f],
        QueryExpression => [],
        _ => node.Children().SelectMany(OverCalls),
    };

    private static IEnumerable<FunctionCallExpression> GroupingCalls(SqlNode node) => node switch
    {
        FunctionCallExpression f when f.Over is null && GroupingSets.IsGroupingFunction(f.Name.Last.Value) => [f],
        QueryExpression => [],
        _ => node.Children().SelectMany(GroupingCalls),
    };

    /// <summary>
    /// GROUPING SETS as an expand: one copy of every row per grouping set, the keys absent from the set replaced by
    /// NULL, then the values of GROUPING(..) / GROUP_ID() for the set and the set's ordinal, which the aggregate groups
    /// by too so that a key that is NULL in the data and a key that is absent from the set stay apart.
    /// </summary>
    /// <remarks>Output: the input columns (keys first), one column per grouping call, then the set ordinal.</remarks>
    private static LogicalNode ExpandGroupingSets(LogicalNode input, List<VExpr> keys, List<List<SqlExpression>> sets, List<FunctionCallExpression> groupingCalls, ExpressionBinder binder)
    {
        var members = sets.Select(set => set.Select(e => keys.IndexOf(binder.Bind(e))).ToHashSet()).ToList();
        var callKeys = groupingCalls.Select(List<int>? (call) =>
        {
            string name = call.Name.Last.Value.ToUpperInvariant();
            if (name == "GROUP_ID")
            {
                return call.Arguments.Count == 0 ? null : throw new SqlValidationException(call.Span, "GROUP_ID() takes no arguments");
            }

            if (call.Arguments.Count == 0 || call.StarArgument)
            {
                throw new SqlValidationException(call.Span, $"{name} takes one or more GROUP BY expressions");
            }

            return call.Arguments.Select(a =>
            {
                int k = keys.IndexOf(binder.Bind(a));
                return k >= 0 ? k : throw new SqlValidationException(a.Span, $"the arguments of {name} must be GROUP BY expressions");
            }).ToList();
        }).ToList();

        SqlType bigint = SqlType.BigInt.WithNullable(false);
        var branches = new List<LogicalNode>();
        var names = input.Schema.Names.Concat(groupingCalls.Select((_, i) => $"$grouping{i}")).Append("$groupingSet").ToList();
        for (int s = 0; s < sets.Count; s++)
        {
            HashSet<int> set = members[s];
            var expressions = input.Schema.Fields.Select((f, i) => i < keys.Count && !set.Contains(i)
                ? (VExpr)new Literal(ScalarValue.Null(f.Type))
                : new ColumnRef(i, f.Type, f.Name)).ToList();
            foreach (List<int>? arguments in callKeys)
            {
                // GROUPING(a, b, ..): one bit per argument, the first the most significant, set when it is not grouped;
                // GROUP_ID(): how many earlier sets equal this one.
                long value = arguments is null
                    ? members.Take(s).Count(m => m.SetEquals(set))
                    : arguments.Aggregate(0L, (bits, k) => (bits << 1) | (set.Contains(k) ? 0L : 1L));
                expressions.Add(new Literal(new ScalarValue(bigint, value)));
            }

            expressions.Add(new Literal(new ScalarValue(bigint, (long)s)));
            branches.Add(new ProjectNode(input, expressions, names));
        }

        return branches.Count == 1 ? branches[0] : new UnionNode(branches);
    }

    private static IEnumerable<FunctionCallExpression> AggregateCalls(SqlNode node) => node switch
    {
        FunctionCallExpression f when f.Over is null && AggregateTyping.IsAggregate(f.Name.Last.Value) => [f],
        FunctionCallExpression { Over: not null } => [],
        QueryExpression => [],
        _ => node.Children().SelectMany(AggregateCalls),
    };

    private (LogicalNode Node, ExpressionBinder Binder) BindAggregation(LogicalNode input, Scope scope, SelectQuery select, List<SqlExpression> uses)
    {
        var groupSql = new List<SqlExpression>();
        LegacyWindow? window = null;
        var plainElements = new List<GroupingElement>();
        foreach (GroupingElement element in select.GroupBy?.Elements ?? [])
        {
            if (element is ExpressionGrouping { Expression: FunctionCallExpression f } && LegacyWindow.IsWindow(f))
            {
                if (window is not null)
                {
                    throw new SqlValidationException(f.Span, "a GROUP BY can have only one group window");
                }

                window = LegacyWindow.Bind(f, new ExpressionBinder(scope));
            }
            else
            {
                plainElements.Add(element);
            }
        }

        var groupingCalls = uses.SelectMany(GroupingCalls).Distinct(SqlNodeComparer.Instance).Cast<FunctionCallExpression>().ToList();
        bool expand = GroupingSets.NeedsExpand(plainElements) || groupingCalls.Count > 0;
        List<List<SqlExpression>> sets = GroupingSets.Expand(plainElements, (SqlNode?)select.GroupBy ?? select);
        foreach (SqlExpression key in sets.SelectMany(s => s))
        {
            if (!groupSql.Contains(key, SqlNodeComparer.Instance))
            {
                groupSql.Add(key);
            }
        }

        if (expand && window is not null)
        {
            throw new SqlValidationException(select.GroupBy!.Span, "not supported: GROUPING SETS, ROLLUP, CUBE or GROUPING() with a group window; use a window table function (TUMBLE(TABLE ...)) and group by window_start, window_end");
        }

        LogicalNode node = input;
        if (window is not null)
        {
            node = window.Plan(input, groupSql, scope);
            scope = new Scope([.. scope.Columns, .. node.Schema.Fields.Skip(input.Schema.Count).Select(f => new ScopeColumn(null, "$" + f.Name, f.Type))]);
        }

        var fromBinder = new ExpressionBinder(scope, null, _catalog);
        var groups = groupSql.Select(fromBinder.Bind).ToList();
        var groupNames = groupSql.Select((g, i) => g switch
        {
            IdentifierExpression id => id.Parts[^1].Value,
            _ => $"$group{i}",
        }).ToList();
        int windowKey = -1;
        if (window is not null)
        {
            windowKey = groups.Count;
            int width = input.Schema.Count;
            groups.Add(new ColumnRef(width, node.Schema[width].Type, "window_start"));
            groups.Add(new ColumnRef(width + 1, node.Schema[width + 1].Type, "window_end"));
            groups.Add(new ColumnRef(width + 2, node.Schema[width + 2].Type, "window_time"));
            groupNames.AddRange(["window_start", "window_end", "window_time"]);
        }

        var aggregateSql = uses.SelectMany(AggregateCalls).Distinct(SqlNodeComparer.Instance).Cast<FunctionCallExpression>().ToList();
        var pre = new List<VExpr>(groups);
        var preNames = new List<string>(groupNames);
        var calls = new List<AggregateCall>();
        foreach (FunctionCallExpression call in aggregateSql)
        {
            string name = call.Name.Last.Value.ToUpperInvariant();
            if (call.Arguments.Any(ContainsAggregate))
            {
                throw new SqlValidationException(call.Span, "aggregates cannot be nested");
            }

            int? argument = null;
            SqlType? inputType = null;
            if (!call.StarArgument)
            {
                if (call.Arguments.Count != 1)
                {
                    throw new SqlValidationException(call.Span, $"{name} takes one argument{(name == "COUNT" ? " (or *)" : string.Empty)}");
                }

                VExpr bound = fromBinder.Bind(call.Arguments[0]);
                inputType = bound.Type;
                argument = pre.Count;
                pre.Add(bound);
                preNames.Add($"$arg{calls.Count}");
            }
            else if (name != "COUNT")
            {
                throw new SqlValidationException(call.Span, $"{name}(*) is not valid; only COUNT takes *");
            }

            int? filter = null;
            if (call.Filter is not null)
            {
                filter = pre.Count;
                pre.Add(fromBinder.BindCondition(call.Filter, "FILTER"));
                preNames.Add($"$filter{calls.Count}");
            }

            AggregateFunction function = AggregateTyping.Function(name, call.StarArgument);
            SqlType result = AggregateTyping.ResultType(function, inputType, call.Span);
            calls.Add(new AggregateCall(function, argument, call.Quantifier == SetQuantifier.Distinct, filter, result, $"$agg{calls.Count}"));
        }

        LogicalNode preNode = new ProjectNode(node, pre, preNames);
        List<int> keyColumns = [.. Enumerable.Range(0, groups.Count)];
        if (expand)
        {
            preNode = ExpandGroupingSets(preNode, groups, sets, groupingCalls, fromBinder);
            keyColumns.AddRange(Enumerable.Range(pre.Count, groupingCalls.Count + 1));
        }

        var aggregate = new AggregateNode(preNode, keyColumns, calls);
        RowSchema output = aggregate.Schema;
        int keyCount = groups.Count;
        int aggregateBase = keyColumns.Count;
        VExpr? Intercept(SqlExpression e)
        {
            if (e is FunctionCallExpression f && f.Over is null)
            {
                if (AggregateTyping.IsUnsupported(f.Name.Last.Value))
                {
                    throw AggregateTyping.Unsupported(f.Name.Last.Value, f.Span);
                }

                if (AggregateTyping.IsAggregate(f.Name.Last.Value))
                {
                    int j = aggregateBase + aggregateSql.FindIndex(a => SqlNodeComparer.Instance.Equals(a, f));
                    return new ColumnRef(j, output[j].Type, output[j].Name);
                }

                if (GroupingSets.IsGroupingFunction(f.Name.Last.Value))
                {
                    int g = keyCount + groupingCalls.FindIndex(a => SqlNodeComparer.Instance.Equals(a, f));
                    return new ColumnRef(g, output[g].Type, output[g].Name);
                }

                if (LegacyWindow.Property(f) is { } property)
                {
                    if (window is null || !window.Matches(f, fromBinder))
                    {
                        throw new SqlValidationException(f.Span, $"{f.Name.Last.Value.ToUpperInvariant()} must name the same window as the GROUP BY");
                    }

                    int k = windowKey + property;
                    return new ColumnRef(k, output[k].Type, output[k].Name);
                }
            }

            if (e is LiteralExpression || ContainsAggregate(e) || (e is FunctionCallExpression { Over: not null }))
            {
                return null;
            }

            VExpr bound;
            try
            {
                bound = fromBinder.Bind(e);
            }
            catch (SqlValidationException) when (e is not IdentifierExpression)
            {
                return null;
            }

            int key = groups.IndexOf(bound);
            if (key >= 0)
            {
                return new ColumnRef(key, output[key].Type, output[key].Name);
            }

            return e is IdentifierExpression id
                ? throw new SqlValidationException(id.Span, $"column '{string.Join('.', id.Parts.Select(p => p.Value))}' must appear in GROUP BY or be used in an aggregate function")
                : null;
        }

        return (aggregate, new ExpressionBinder(Scope.Empty, Intercept, _catalog));
    }

    private static (LogicalNode Node, ExpressionBinder Binder) BindOver(LogicalNode input, ExpressionBinder binder, List<FunctionCallExpression> calls, SelectQuery select)
    {
        // Partition keys, order keys and arguments become columns of a projection; each distinct window is one node.
        var expressions = input.Schema.Fields.Select((f, i) => (VExpr)new ColumnRef(i, f.Type, f.Name)).ToList();
        var names = input.Schema.Names.ToList();
        int Column(VExpr e)
        {
            if (e is ColumnRef c && c.Index < input.Schema.Count)
            {
                return c.Index;
            }

            int existing = expressions.IndexOf(e);
            if (existing >= 0)
            {
                return existing;
            }

            expressions.Add(e);
            names.Add($"$over{expressions.Count}");
            return expressions.Count - 1;
        }

        var specs = new List<(WindowSpecification Spec, List<int> Partition, List<SortKey> Order, List<(FunctionCallExpression Call, int? Argument, OverOffset? Offset)> Calls)>();
        foreach (FunctionCallExpression call in calls)
        {
            WindowSpecification spec = Resolve(call.Over!, select);
            var partition = spec.PartitionBy.Select(p => Column(binder.Bind(p))).ToList();
            var order = spec.OrderBy.Select(o => Key(Column(binder.Bind(o.Expression)), o)).ToList();
            OverOffset? offset = OverOffset.Bind(call, binder, Column);
            int? argument = offset is not null ? offset.Argument : call.Arguments.Count == 1 ? Column(binder.Bind(call.Arguments[0])) : null;
            var same = specs.FindIndex(s => SqlNodeComparer.Instance.Equals(s.Spec with { BaseWindow = null }, spec with { BaseWindow = null }));
            if (same < 0)
            {
                specs.Add((spec, partition, order, [(call, argument, offset)]));
            }
            else
            {
                specs[same].Calls.Add((call, argument, offset));
            }
        }

        LogicalNode node = expressions.Count == input.Schema.Count ? input : new ProjectNode(input, expressions, names);
        var results = new List<(FunctionCallExpression Call, int Column)>();
        foreach (var (spec, partition, order, group) in specs)
        {
            var aggregates = new List<OverAggregate>();
            foreach (var (call, argument, offset) in group)
            {
                string name = call.Name.Last.Value.ToUpperInvariant();
                if (name == "ROW_NUMBER" && group.Count == 1 && spec.Frame is null)
                {
                    // ROW_NUMBER alone is a rank node, which the optimizer turns into a TopN with the outer rn filter.
                    node = new RankNode(node, partition, order, 1, long.MaxValue, true, $"$rn{results.Count}");
                    results.Add((call, node.Schema.Count - 1));
                    aggregates.Clear();
                    break;
                }

                SqlType? inputType = argument is { } a ? node.Schema[a].Type : null;
                if (name is "ROW_NUMBER" or "RANK" or "DENSE_RANK")
                {
                    if (order.Count == 0)
                    {
                        throw new SqlValidationException(call.Span, $"{name}() needs ORDER BY in its OVER clause");
                    }

                    aggregates.Add(new OverAggregate(null, name, null, SqlType.BigInt.WithNullable(false), $"$w{results.Count + aggregates.Count}", Frame(spec, call)));
                }
                else if (AggregateTyping.IsAggregate(name))
                {
                    if (!call.StarArgument && argument is null)
                    {
                        throw new SqlValidationException(call.Span, $"{name} takes one argument");
                    }

                    if (call.Quantifier == SetQuantifier.Distinct || call.Filter is not null)
                    {
                        throw new SqlValidationException(call.Span, "not supported: DISTINCT or FILTER in an OVER aggregate");
                    }

                    AggregateFunction function = AggregateTyping.Function(name, call.StarArgument);
                    aggregates.Add(new OverAggregate(function, name, argument, AggregateTyping.ResultType(function, inputType, call.Span), $"$w{results.Count + aggregates.Count}", Frame(spec, call)));
                }
                else if (offset is not null)
                {
                    if (name is not ("FIRST_VALUE" or "LAST_VALUE") && order.Count == 0)
                    {
                        throw new SqlValidationException(call.Span, $"{name}() needs ORDER BY in its OVER clause");
                    }

                    aggregates.Add(new OverAggregate(null, name, offset.Argument, offset.ResultType, $"$w{results.Count + aggregates.Count}", Frame(spec, call), offset.Distance, offset.Default));
                }
                else
                {
                    throw new SqlValidationException(call.Span, $"not supported: {name} as a window function; valid: ROW_NUMBER, RANK, DENSE_RANK, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE, COUNT, SUM, MIN, MAX, AVG, STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP");
                }
            }

            if (aggregates.Count > 0)
            {
                int first = node.Schema.Count;
                node = new OverNode(node, partition, order, aggregates);
                for (int k = 0; k < group.Count; k++)
                {
                    results.Add((group[k].Call, first + k));
                }
            }
        }

        RowSchema output = node.Schema;
        var inner = binder.Intercept;
        VExpr? Intercept(SqlExpression e)
        {
            if (e is FunctionCallExpression { Over: not null } f)
            {
                int k = results.FindIndex(r => SqlNodeComparer.Instance.Equals(r.Call, f));
                return new ColumnRef(results[k].Column, output[results[k].Column].Type, output[results[k].Column].Name);
            }

            return inner?.Invoke(e);
        }

        return (node, new ExpressionBinder(binder.Scope, Intercept, binder.Functions));
    }

    private static WindowSpecification Resolve(OverWindow over, SelectQuery select) => over switch
    {
        WindowSpecification { BaseWindow: null } spec => spec,
        WindowSpecification spec => Merge(Named(spec.BaseWindow, select), spec),
        WindowReference reference => Named(reference.Name, select),
        _ => throw new SqlValidationException(over.Span, "not supported: this OVER clause"),
    };

    private static WindowSpecification Named(Identifier name, SelectQuery select) =>
        select.Windows.FirstOrDefault(w => string.Equals(w.Name.Value, name.Value, StringComparison.OrdinalIgnoreCase))?.Specification
        ?? throw new SqlValidationException(name.Span, $"unknown window '{name.Value}'");

    private static WindowSpecification Merge(WindowSpecification baseSpec, WindowSpecification spec) =>
        spec with { BaseWindow = null, PartitionBy = baseSpec.PartitionBy, OrderBy = spec.OrderBy.Count > 0 ? spec.OrderBy : baseSpec.OrderBy, Frame = spec.Frame ?? baseSpec.Frame };

    private static OverFrameSpec Frame(WindowSpecification spec, FunctionCallExpression call)
    {
        if (spec.Frame is null)
        {
            // The SQL default: RANGE UNBOUNDED PRECEDING to CURRENT ROW (the whole partition without ORDER BY).
            return new OverFrameSpec(false, null);
        }

        WindowFrame frame = spec.Frame;
        if (frame.End is not null && frame.End.Kind != FrameBoundKind.CurrentRow)
        {
            throw new SqlValidationException(frame.Span, "not supported: a window frame that ends after CURRENT ROW");
        }

        long? preceding = frame.Start.Kind switch
        {
            FrameBoundKind.UnboundedPreceding => null,
            FrameBoundKind.CurrentRow => 0,
            FrameBoundKind.Preceding when frame.Unit == WindowFrameUnit.Rows => Count(frame.Start.Offset!, "ROWS n PRECEDING"),
            FrameBoundKind.Preceding => IntervalOrCount(frame.Start.Offset!),
            _ => throw new SqlValidationException(frame.Span, "not supported: a window frame that starts after CURRENT ROW"),
        };
        _ = call;
        return new OverFrameSpec(frame.Unit == WindowFrameUnit.Rows, preceding);
    }

    private static long IntervalOrCount(SqlExpression offset) =>
        offset is NumericLiteral ? Count(offset, "RANGE n PRECEDING") : IntervalMillis(offset, "RANGE", "preceding range", allowZero: true);

    private LogicalNode BindWhere(LogicalNode node, Scope scope, SqlExpression where, CteScope? ctes, Func<SqlExpression, VExpr?>? scalars = null)
    {
        var plain = new List<VExpr>();
        var binder = new ExpressionBinder(scope, scalars, _catalog);
        foreach (SqlExpression conjunct in SqlConjuncts(where))
        {
            switch (conjunct)
            {
                case InSubqueryExpression inSub:
                    node = BindInSubquery(node, binder, inSub, ctes);
                    break;
                case ExistsExpression exists:
                    node = BindExists(node, scope, exists.Query, negated: false, ctes);
                    break;
                case UnaryExpression { Operator: UnaryOperator.Not, Operand: ExistsExpression exists }:
                    node = BindExists(node, scope, exists.Query, negated: true, ctes);
                    break;
                case UnaryExpression { Operator: UnaryOperator.Not, Operand: InSubqueryExpression inSub }:
                    node = BindInSubquery(node, binder, inSub with { Negated = !inSub.Negated }, ctes);
                    break;
                default:
                    plain.Add(binder.BindCondition(conjunct, "WHERE"));
                    break;
            }
        }

        return ExprRewriter.And(plain) is { } condition ? new FilterNode(node, condition) : node;
    }

    /// <summary>
    /// Uncorrelated scalar subqueries of the SELECT list and WHERE become one-row relations crossed with the FROM,
    /// correlated ones grouped aggregates LEFT-joined on their correlation keys; the returned intercept maps each
    /// subquery expression to its value.
    /// </summary>
    private (LogicalNode Node, Scope Scope, Func<SqlExpression, VExpr?>? Intercept) JoinScalarSubqueries(LogicalNode node, Scope scope, SelectQuery select, CteScope? ctes)
    {
        var found = select.Items.OfType<ExpressionSelectItem>().Select(i => (SqlNode)i.Expression)
            .Concat(select.Where is null ? [] : [select.Where])
            .SelectMany(ScalarSubqueries).Distinct(SqlNodeComparer.Instance).Cast<ScalarSubqueryExpression>().ToList();
        if (found.Count == 0)
        {
            return (node, scope, null);
        }

        var columns = new List<(ScalarSubqueryExpression Expression, VExpr Value)>();
        foreach (ScalarSubqueryExpression subquery in found)
        {
            LogicalNode value;
            try
            {
                value = BindQuery(subquery.Query, ctes).Node;
            }
            catch (SqlValidationException e) when (IsUnknownColumn(e))
            {
                // It names outer columns: decorrelate into a grouped aggregate LEFT-joined on the correlation keys.
                VExpr correlated;
                (node, correlated) = JoinCorrelatedScalar(node, scope, subquery, ctes, e);
                scope = new Scope([.. scope.Columns, .. node.Schema.Fields.Skip(scope.Columns.Count).Select((f, i) => new ScopeColumn(null, $"$scalar{columns.Count}_{i}", f.Type))]);
                columns.Add((subquery, correlated));
                continue;
            }

            if (value.Schema.Count != 1)
            {
                throw new SqlValidationException(subquery.Span, $"a scalar subquery must return one column, not {value.Schema.Count}");
            }

            var single = new SingleRowNode(value);
            int index = node.Schema.Count;
            node = MakeJoin(node, single, JoinKind.Inner, null);
            string name = $"$scalar{columns.Count}";
            scope = new Scope([.. scope.Columns, new ScopeColumn(null, name, single.Schema[0].Type)]);
            columns.Add((subquery, new ColumnRef(index, single.Schema[0].Type, single.Schema[0].Name)));
        }

        return (node, scope, e => e is ScalarSubqueryExpression s ? columns.FirstOrDefault(c => SqlNodeComparer.Instance.Equals(c.Expression, s)).Value : null);
    }

    private static IEnumerable<ScalarSubqueryExpression> ScalarSubqueries(SqlNode node) => node switch
    {
        ScalarSubqueryExpression s => [s],
        QueryExpression => [],
        _ => node.Children().SelectMany(ScalarSubqueries),
    };

    private static IEnumerable<SqlExpression> SqlConjuncts(SqlExpression e) =>
        e is BinaryExpression { Operator: BinaryOperator.And } and ? SqlConjuncts(and.Left).Concat(SqlConjuncts(and.Right)) : [e];

    private LogicalNode BindInSubquery(LogicalNode node, ExpressionBinder binder, InSubqueryExpression inSub, CteScope? ctes)
    {
        LogicalNode sub = BindQuery(inSub.Query, ctes).Node;
        if (sub.Schema.Count != 1)
        {
            throw new SqlValidationException(inSub.Query.Span, $"the subquery of IN must return one column, not {sub.Schema.Count}");
        }

        VExpr operand = binder.Bind(inSub.Operand);
        int width = node.Schema.Count;
        VExpr subColumn = new ColumnRef(width, sub.Schema[0].Type, sub.Schema[0].Name);
        VExpr equal = ExpressionBinder.Compare(ComparisonOp.Equal, operand, subColumn, inSub);
        if (!inSub.Negated)
        {
            return MakeJoin(node, sub, JoinKind.Semi, equal);
        }

        // NOT IN is NULL-aware: no row passes when the subquery holds a NULL, a NULL operand passes only when the
        // subquery is empty. Anti join, then check against the subquery's row and non-NULL counts.
        LogicalNode anti = MakeJoin(node, sub, JoinKind.Anti, equal);
        var counts = new AggregateNode(sub, [], [
            new AggregateCall(AggregateFunction.CountStar, null, false, null, SqlType.BigInt.WithNullable(false), "$rows"),
            new AggregateCall(AggregateFunction.Count, 0, false, null, SqlType.BigInt.WithNullable(false), "$values"),
        ]);
        LogicalNode crossed = MakeJoin(anti, counts, JoinKind.Inner, null);
        var rows = new ColumnRef(width, SqlType.BigInt.WithNullable(false), "$rows");
        var values = new ColumnRef(width + 1, SqlType.BigInt.WithNullable(false), "$values");
        var zero = new Literal(new ScalarValue(SqlType.BigInt.WithNullable(false), 0L));
        VExpr empty = ExpressionBinder.Compare(ComparisonOp.Equal, rows, zero, inSub);
        VExpr noNulls = ExpressionBinder.Compare(ComparisonOp.Equal, rows, values, inSub);
        VExpr passes = new FunctionCall(Vector.Expressions.Functions.LogicFunction.Or, [empty, ExprRewriter.And([new IsNullTest(operand, true), noNulls])!], SqlType.Boolean.WithNullable(false));
        return Keep(new FilterNode(crossed, passes), width);
    }

    private LogicalNode BindExists(LogicalNode node, Scope outer, QueryExpression query, bool negated, CteScope? ctes)
    {
        if (query is not SelectQuery { From: not null, GroupBy: null, Having: null } select || select.Items.Any(i => i is ExpressionSelectItem e && ContainsAggregate(e.Expression)))
        {
            throw new SqlValidationException(query.Span, "not supported: an EXISTS subquery other than SELECT ... FROM ... [WHERE ...] without aggregates");
        }

        RelationPlan inner = BindFrom(select.From, ctes);
        var local = new List<VExpr>();
        var correlated = new List<VExpr>();
        int width = node.Schema.Count;
        // Inner-only conjuncts filter the subquery; conjuncts naming outer columns become the join condition.
        var combined = new ExpressionBinder(outer.Concat(inner.Scope), null, _catalog);
        var innerOnly = new ExpressionBinder(inner.Scope, null, _catalog);
        foreach (SqlExpression conjunct in select.Where is null ? [] : SqlConjuncts(select.Where))
        {
            try
            {
                local.Add(innerOnly.BindCondition(conjunct, "WHERE"));
            }
            catch (SqlValidationException)
            {
                correlated.Add(combined.BindCondition(conjunct, "WHERE"));
            }
        }

        LogicalNode sub = ExprRewriter.And(local) is { } filter ? new FilterNode(inner.Node, filter) : inner.Node;
        return MakeJoin(node, sub, negated ? JoinKind.Anti : JoinKind.Semi, ExprRewriter.And(correlated) ?? null);
    }
}
