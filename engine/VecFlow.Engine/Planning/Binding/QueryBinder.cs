using VecFlow.Engine.Catalog;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;
using VExpr = VecFlow.Vector.Expressions.Expr;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Binds queries (SELECT, set operations, VALUES, WITH, ORDER BY / LIMIT) into logical plans.</summary>
internal sealed partial class QueryBinder(SessionCatalog catalog)
{
    /// <summary>The WITH items visible at a point, innermost first.</summary>
    private sealed record CteScope(CommonTableExpression Item, CteScope? Outer, CteScope? Parent)
    {
        public CteScope? Find(string name)
        {
            for (CteScope? s = this; s is not null; s = s.Parent)
            {
                if (string.Equals(s.Item.Name.Value, name, StringComparison.OrdinalIgnoreCase))
                {
                    return s;
                }
            }

            return null;
        }
    }

    private readonly SessionCatalog _catalog = catalog;
    private readonly HashSet<string> _expandingViews = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Binds a top-level query; the plan's output names are the query's column names.</summary>
    public LogicalNode Bind(QueryExpression query) => BindQuery(query, null).Node;

    private RelationPlan BindQuery(QueryExpression query, CteScope? ctes) => query switch
    {
        SelectQuery s => BindSelect(s, ctes, []).Plan,
        OrderedQuery o => BindOrdered(o, ctes),
        SetOperationQuery s => BindSetOperation(s, ctes),
        ValuesQuery v => BindValues(v),
        WithQuery w => BindWith(w, ctes),
        _ => throw new SqlValidationException(query.Span, $"not supported: {query.GetType().Name}"),
    };

    private RelationPlan BindWith(WithQuery with, CteScope? ctes)
    {
        CteScope? scope = ctes;
        foreach (CommonTableExpression item in with.Items)
        {
            scope = new CteScope(item, scope, scope);
        }

        return BindQuery(with.Body, scope);
    }

    private RelationPlan BindOrdered(OrderedQuery ordered, CteScope? ctes)
    {
        LogicalNode node;
        List<SortKey> keys = [];
        int visible;
        if (ordered.Body is SelectQuery select && ordered.OrderBy.Count > 0)
        {
            var bound = BindSelect(select, ctes, ordered.OrderBy);
            node = bound.Plan.Node;
            keys = bound.SortKeys;
            visible = bound.VisibleColumns;
        }
        else
        {
            RelationPlan body = BindQuery(ordered.Body, ctes);
            node = body.Node;
            visible = node.Schema.Count;
            foreach (OrderItem item in ordered.OrderBy)
            {
                int column = OutputColumn(item.Expression, node.Schema)
                    ?? throw new SqlValidationException(item.Span, $"ORDER BY of a {(ordered.Body is SetOperationQuery ? "set operation" : "query")} must name an output column ({string.Join(", ", node.Schema.Names)}) or its position");
                keys.Add(Key(column, item));
            }
        }

        long? limit = ordered.Limit is null ? null : Count(ordered.Limit, "LIMIT");
        long offset = ordered.Offset is null ? 0 : Count(ordered.Offset, "OFFSET");
        if (keys.Count > 0)
        {
            node = new SortNode(node, keys, limit, offset);
        }
        else if (limit is not null || offset > 0)
        {
            node = new LimitNode(node, limit ?? long.MaxValue, offset);
        }

        if (visible < node.Schema.Count)
        {
            node = Keep(node, visible);
        }

        return RelationPlan.Of(node, null);
    }

    /// <summary>A projection to the first <paramref name="count"/> columns (drops hidden sort keys).</summary>
    private static ProjectNode Keep(LogicalNode node, int count) =>
        new(node, [.. Enumerable.Range(0, count).Select(i => (VExpr)new ColumnRef(i, node.Schema[i].Type, node.Schema[i].Name))], [.. node.Schema.Names.Take(count)]);

    internal static SortKey Key(int column, OrderItem item)
    {
        bool descending = item.Direction == SortDirection.Descending;
        // Flink orders NULL as the smallest value unless told otherwise.
        bool nullsFirst = item.Nulls switch
        {
            NullOrdering.First => true,
            NullOrdering.Last => false,
            _ => !descending,
        };
        return new SortKey(column, descending, nullsFirst);
    }

    /// <summary>The output column an ORDER BY item names by position or by name, or null.</summary>
    private static int? OutputColumn(SqlExpression expression, RowSchema schema)
    {
        if (expression is NumericLiteral { Kind: NumericLiteralKind.Integer } n)
        {
            int position = int.Parse(n.Text, System.Globalization.CultureInfo.InvariantCulture);
            return position >= 1 && position <= schema.Count
                ? position - 1
                : throw new SqlValidationException(n.Span, $"ORDER BY position {position} is out of range; the query has {schema.Count} columns");
        }

        if (expression is IdentifierExpression { Parts.Count: 1 } id)
        {
            var matches = Enumerable.Range(0, schema.Count).Where(i => string.Equals(schema[i].Name, id.Parts[0].Value, StringComparison.OrdinalIgnoreCase)).ToList();
            return matches.Count >= 1 ? matches[0] : null;
        }

        return null;
    }

    private static long Count(SqlExpression expression, string clause)
    {
        if (expression is NumericLiteral { Kind: NumericLiteralKind.Integer } n && long.TryParse(n.Text, System.Globalization.CultureInfo.InvariantCulture, out long value))
        {
            return value;
        }

        throw new SqlValidationException(expression.Span, $"{clause} needs a non-negative integer literal");
    }

    private RelationPlan BindSetOperation(SetOperationQuery operation, CteScope? ctes)
    {
        var branches = new List<LogicalNode>();
        if (operation.Operator == SetOperator.Union)
        {
            Flatten(operation);
        }
        else
        {
            branches.Add(BindQuery(operation.Left, ctes).Node);
            branches.Add(BindQuery(operation.Right, ctes).Node);
        }

        int width = branches[0].Schema.Count;
        if (branches.Any(b => b.Schema.Count != width))
        {
            throw new SqlValidationException(operation.Span, $"the branches of UNION have different numbers of columns: {string.Join(" vs ", branches.Select(b => b.Schema.Count))}");
        }

        var types = new SqlType[width];
        for (int c = 0; c < width; c++)
        {
            int column = c;
            types[c] = TypeCoercion.CommonType(branches.Select(b => b.Schema[column].Type))
                ?? throw new SqlValidationException(operation.Span, $"column {c + 1} of UNION has types that do not meet: {string.Join(", ", branches.Select(b => b.Schema[column].Type.WithNullable(true)).Distinct())}; add a CAST");
            if (types[c].Kind == SqlTypeKind.Null)
            {
                types[c] = SqlType.Varchar;
            }
        }

        var names = branches[0].Schema.Names;
        var aligned = branches.Select(b => Enumerable.Range(0, width).All(c => Coercion.SameLayout(b.Schema[c].Type, types[c])) && b.Schema.Names.SequenceEqual(names)
            ? b
            : new ProjectNode(b, [.. Enumerable.Range(0, width).Select(c => Coercion.To(new ColumnRef(c, b.Schema[c].Type, b.Schema[c].Name), types[c]))], names)).ToList();
        if (operation.Operator != SetOperator.Union)
        {
            bool intersect = operation.Operator == SetOperator.Intersect;
            if (operation.Quantifier != SetQuantifier.All)
            {
                return RelationPlan.Of(IntersectOrExcept(aligned[0], aligned[1], intersect), null);
            }

            // Multiset semantics: the k-th copy of a row on each side is numbered k, so a row that occurs l times on
            // the left and r times on the right survives INTERSECT as (row, 1..min(l, r)) and EXCEPT as (row, r+1..l).
            LogicalNode Numbered(LogicalNode side) => new RankNode(side, [.. Enumerable.Range(0, width)], [], 1, long.MaxValue, true, "$occurrence");
            return RelationPlan.Of(Keep(IntersectOrExcept(Numbered(aligned[0]), Numbered(aligned[1]), intersect), width), null);
        }

        LogicalNode union = new UnionNode(aligned);
        if (operation.Quantifier != SetQuantifier.All)
        {
            union = new AggregateNode(union, [.. Enumerable.Range(0, width)], []);
        }

        return RelationPlan.Of(union, null);

        void Flatten(QueryExpression q)
        {
            // A chain of UNION ALLs becomes one n-ary union; a UNION DISTINCT deduplicates its whole chain.
            if (q is SetOperationQuery { Operator: SetOperator.Union } s && s.Quantifier == SetQuantifier.All == (operation.Quantifier == SetQuantifier.All))
            {
                Flatten(s.Left);
                Flatten(s.Right);
            }
            else
            {
                branches.Add(BindQuery(q, ctes).Node);
            }
        }
    }

    /// <summary>
    /// INTERSECT / EXCEPT (distinct) as one aggregation: both sides tagged, unioned and grouped by every column, so NULLs
    /// compare equal as set operations require; a group is kept when it has rows from both sides (INTERSECT) or only
    /// from the left (EXCEPT).
    /// </summary>
    private static LogicalNode IntersectOrExcept(LogicalNode left, LogicalNode right, bool intersect)
    {
        int width = left.Schema.Count;
        LogicalNode Tagged(LogicalNode side, bool isLeft) => new ProjectNode(
            side,
            [.. side.Schema.Fields.Select((f, i) => (VExpr)new ColumnRef(i, f.Type, f.Name)), BooleanLiteral(isLeft), BooleanLiteral(!isLeft)],
            [.. left.Schema.Names, "$left", "$right"]);
        var counts = new AggregateNode(
            new UnionNode([Tagged(left, true), Tagged(right, false)]),
            [.. Enumerable.Range(0, width)],
            [
                new AggregateCall(Vector.Kernels.AggregateFunction.CountStar, null, false, width, SqlType.BigInt.WithNullable(false), "$inLeft"),
                new AggregateCall(Vector.Kernels.AggregateFunction.CountStar, null, false, width + 1, SqlType.BigInt.WithNullable(false), "$inRight"),
            ]);
        var zero = new Literal(new ScalarValue(SqlType.BigInt.WithNullable(false), 0L));
        var inLeft = new ColumnRef(width, SqlType.BigInt.WithNullable(false), "$inLeft");
        var inRight = new ColumnRef(width + 1, SqlType.BigInt.WithNullable(false), "$inRight");
        VExpr keep = ExprRewriter.And([
            new FunctionCall(Vector.Expressions.Functions.ComparisonFunction.Greater, [inLeft, zero], SqlType.Boolean.WithNullable(false)),
            new FunctionCall(intersect ? Vector.Expressions.Functions.ComparisonFunction.Greater : Vector.Expressions.Functions.ComparisonFunction.Equal, [inRight, zero], SqlType.Boolean.WithNullable(false)),
        ])!;
        return Keep(new FilterNode(counts, keep), width);
    }

    private static Literal BooleanLiteral(bool value) => new(new ScalarValue(SqlType.Boolean.WithNullable(false), value));

    private static RelationPlan BindValues(ValuesQuery values)
    {
        var binder = new ExpressionBinder(Scope.Empty);
        var rows = values.Rows.Select(r => r.Values.Select(v =>
        {
            VExpr bound = binder.Bind(v);
            return bound as Literal ?? throw new SqlValidationException(v.Span, "VALUES takes constants here (literals, negative numbers, CASTs of literals)");
        }).ToList()).ToList();
        int width = rows[0].Count;
        if (rows.Any(r => r.Count != width))
        {
            throw new SqlValidationException(values.Span, "the rows of VALUES have different numbers of values");
        }

        var fields = new List<Field>();
        for (int c = 0; c < width; c++)
        {
            int column = c;
            SqlType type = Coercion.Common([.. rows.Select(r => (VExpr)r[column])], values.Span, $"column {c + 1} of VALUES");
            type = type.WithNullable(rows.Any(r => r[column].Type.Nullable));
            fields.Add(new Field($"EXPR${c}", type));
            foreach (var row in rows)
            {
                row[c] = (Literal)Coercion.To(row[c], type);
            }
        }

        var node = new ValuesNode(new RowSchema(fields), [.. rows.Select(r => (IReadOnlyList<ScalarValue>)[.. r.Select(l => l.Value)])]);
        return RelationPlan.Of(node, null);
    }
}
