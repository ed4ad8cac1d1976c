using VecFlow.Engine.Planning.Logical;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Printing;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;
using JoinKind = VecFlow.Engine.Operators.JoinKind;
using VExpr = VecFlow.Vector.Expressions.Expr;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Correlated scalar subqueries, decorrelated into a grouped aggregate LEFT-joined on the correlation keys.</summary>
internal sealed partial class QueryBinder
{
    private static bool IsUnknownColumn(SqlValidationException e) => e.Detail.StartsWith("unknown column", StringComparison.Ordinal);

    /// <summary>
    /// <c>(SELECT agg(..) FROM t WHERE t.k = outer.k [AND local conditions])</c>: the subquery grouped by its side of
    /// the correlation equalities, LEFT-joined to <paramref name="node"/> on them. An outer row without a matching
    /// group gets the value the select item has over no rows (COUNT is 0, SUM NULL), as the subquery would give it.
    /// </summary>
    /// <returns>The joined plan (the outer columns first) and the subquery's value as an expression over it.</returns>
    private (LogicalNode Node, VExpr Value) JoinCorrelatedScalar(LogicalNode node, Scope outer, ScalarSubqueryExpression subquery, CteScope? ctes, SqlValidationException unresolved)
    {
        string Unsupported(string what) => $"not supported: a correlated scalar subquery {what} ({unresolved.Detail}); valid: (SELECT aggregate FROM t WHERE t.col = outer.col [AND ...])";
        if (subquery.Query is not SelectQuery { From: not null, GroupBy: null, Having: null, Quantifier: not SetQuantifier.Distinct } select
            || select.Items is not [ExpressionSelectItem item])
        {
            throw new SqlValidationException(subquery.Span, Unsupported("other than one aggregate of a plain SELECT ... FROM ... WHERE"));
        }

        if (!ContainsAggregate(item.Expression))
        {
            throw new SqlValidationException(subquery.Span, Unsupported("without an aggregate (it may return many rows per outer row)"));
        }

        RelationPlan inner = BindFrom(select.From, ctes);
        var innerBinder = new ExpressionBinder(inner.Scope, null, _catalog);
        var outerBinder = new ExpressionBinder(outer, null, _catalog);
        var local = new List<VExpr>();
        var innerKeys = new List<SqlExpression>();
        var outerKeys = new List<VExpr>();
        foreach (SqlExpression conjunct in select.Where is null ? [] : SqlConjuncts(select.Where))
        {
            if (TryBind(innerBinder, conjunct, condition: true) is { } plain)
            {
                local.Add(plain);
                continue;
            }

            // Names resolve innermost first, so each side of the equality is tried against the subquery's FROM first.
            if (conjunct is BinaryExpression { Operator: BinaryOperator.Equal } equal)
            {
                if (TryBind(innerBinder, equal.Left) is not null && TryBind(outerBinder, equal.Right) is { } right)
                {
                    innerKeys.Add(equal.Left);
                    outerKeys.Add(right);
                    continue;
                }

                if (TryBind(innerBinder, equal.Right) is not null && TryBind(outerBinder, equal.Left) is { } left)
                {
                    innerKeys.Add(equal.Right);
                    outerKeys.Add(left);
                    continue;
                }
            }

            throw new SqlValidationException(conjunct.Span, Unsupported($"whose condition '{SqlPrinter.Print(conjunct)}' is not an equality between a subquery column and an outer column"));
        }

        if (innerKeys.Count == 0)
        {
            throw new SqlValidationException(subquery.Span, Unsupported("that uses outer columns outside equalities of its WHERE"));
        }

        LogicalNode filtered = ExprRewriter.And(local) is { } filter ? new FilterNode(inner.Node, filter) : inner.Node;
        var groupedSelect = select with
        {
            Items = [.. innerKeys.Select((k, i) => (SelectItem)new ExpressionSelectItem(k, new Identifier($"$key{i}", false, k.Span), k.Span)), item],
            Where = null,
            GroupBy = new GroupByClause([.. innerKeys.Select(k => (GroupingElement)new ExpressionGrouping(k, k.Span))], subquery.Span),
        };
        LogicalNode grouped = BindCorrelatedPart(groupedSelect, ctes, new RelationPlan(filtered, inner.Scope), Unsupported);

        int width = node.Schema.Count;
        var keyColumns = outerKeys.Select((_, i) => new ColumnRef(width + i, grouped.Schema[i].Type, grouped.Schema[i].Name)).ToList();
        VExpr? on = ExprRewriter.And([.. outerKeys.Select((o, i) => ExpressionBinder.Compare(ComparisonOp.Equal, o, keyColumns[i], subquery))]);
        LogicalNode joined = MakeJoin(node, grouped, JoinKind.Left, on);
        SqlType valueType = joined.Schema[width + innerKeys.Count].Type;
        var value = new ColumnRef(width + innerKeys.Count, valueType, "$value");

        // A missing group is an empty one; the join key of a matched row is never NULL.
        VExpr missing = new IsNullTest(new ColumnRef(width, joined.Schema[width].Type, "$key0"), false);
        if (item.Expression is FunctionCallExpression { Over: null } call && AggregateTyping.IsAggregate(call.Name.Last.Value))
        {
            // One aggregate alone: over no rows COUNT is 0 and the others are NULL, which the LEFT join gives already.
            return string.Equals(call.Name.Last.Value, "COUNT", StringComparison.OrdinalIgnoreCase)
                ? (joined, new Coalesce([value, new Literal(new ScalarValue(SqlType.BigInt.WithNullable(false), 0L))], valueType.WithNullable(false)))
                : (joined, value);
        }

        // Any other expression of aggregates: its value over no rows, computed once by the same plan over an empty input.
        var emptyInput = new RelationPlan(new ValuesNode(inner.Node.Schema, []), inner.Scope);
        LogicalNode overNothing = BindCorrelatedPart(select with { Where = null }, ctes, emptyInput, Unsupported);
        int emptyColumn = joined.Schema.Count;
        joined = MakeJoin(joined, overNothing, JoinKind.Inner, null);
        var empty = new ColumnRef(emptyColumn, overNothing.Schema[0].Type, "$empty");
        SqlType type = Coercion.Common([value, empty], subquery.Span, "the scalar subquery");
        VExpr result = new CaseWhen([new Vector.Expressions.WhenClause(missing, Coercion.To(empty, type))], Coercion.To(value, type), type.WithNullable(true));
        return (joined, result);
    }

    /// <summary>Binds part of a decorrelated subquery; a name it cannot resolve is an outer column used where it cannot be.</summary>
    private LogicalNode BindCorrelatedPart(SelectQuery select, CteScope? ctes, RelationPlan from, Func<string, string> unsupported)
    {
        try
        {
            return BindSelect(select, ctes, [], from).Plan.Node;
        }
        catch (SqlValidationException e) when (IsUnknownColumn(e))
        {
            throw new SqlValidationException(e.Span, unsupported($"that uses outer columns outside equalities of its WHERE: {e.Detail}"));
        }
    }

    private static VExpr? TryBind(ExpressionBinder binder, SqlExpression expression, bool condition = false)
    {
        try
        {
            return condition ? binder.BindCondition(expression, "WHERE") : binder.Bind(expression);
        }
        catch (SqlValidationException e) when (IsUnknownColumn(e))
        {
            return null;
        }
    }
}
