using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of query expressions: a SELECT, a set operation, VALUES, or one of those with WITH / ORDER BY / LIMIT.</summary>
/// <remarks>
/// Parentheses around a query are not kept: <c>(SELECT 1)</c> and <c>SELECT 1</c> give the same tree, and the
/// printer adds parentheses wherever precedence needs them.
/// </remarks>
public abstract record QueryExpression(SourceSpan Span) : SqlNode(Span);

/// <summary>ALL or DISTINCT on SELECT, set operations and aggregate calls; <see cref="Default"/> when not written.</summary>
public enum SetQuantifier
{
    Default,
    All,
    Distinct,
}

/// <summary>A SELECT block: <c>SELECT [ALL|DISTINCT] items [FROM ..] [WHERE ..] [GROUP BY ..] [HAVING ..] [WINDOW ..]</c>.</summary>
public sealed record SelectQuery(
    SetQuantifier Quantifier,
    IReadOnlyList<SelectItem> Items,
    TableReference? From,
    SqlExpression? Where,
    GroupByClause? GroupBy,
    SqlExpression? Having,
    IReadOnlyList<NamedWindow> Windows,
    SourceSpan Span) : QueryExpression(Span);

/// <summary>UNION, INTERSECT or EXCEPT.</summary>
public enum SetOperator
{
    Union,
    Intersect,
    Except,
}

/// <summary><c>left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right</c>. INTERSECT binds tighter than UNION and EXCEPT.</summary>
public sealed record SetOperationQuery(
    QueryExpression Left, SetOperator Operator, SetQuantifier Quantifier, QueryExpression Right, SourceSpan Span)
    : QueryExpression(Span);

/// <summary><c>VALUES (a, b), (c, d)</c> used as a query or a table.</summary>
public sealed record ValuesQuery(IReadOnlyList<ValuesRow> Rows, SourceSpan Span) : QueryExpression(Span);

/// <summary>One row of VALUES.</summary>
public sealed record ValuesRow(IReadOnlyList<SqlExpression> Values, SourceSpan Span) : SqlNode(Span);

/// <summary><c>WITH name [(cols)] AS (query), .. body</c>.</summary>
public sealed record WithQuery(IReadOnlyList<CommonTableExpression> Items, QueryExpression Body, SourceSpan Span)
    : QueryExpression(Span);

/// <summary>One named subquery of a WITH clause.</summary>
public sealed record CommonTableExpression(
    Identifier Name, IReadOnlyList<Identifier> Columns, QueryExpression Query, SourceSpan Span) : SqlNode(Span);

/// <summary>
/// A query with <c>ORDER BY</c>, <c>LIMIT n</c>, <c>OFFSET m</c> or <c>FETCH FIRST n ROWS ONLY</c> applied to its result.
/// </summary>
/// <remarks><c>FETCH FIRST n ROWS ONLY</c> is stored as <see cref="Limit"/>, like <c>LIMIT n</c>.</remarks>
public sealed record OrderedQuery(
    QueryExpression Body,
    IReadOnlyList<OrderItem> OrderBy,
    SqlExpression? Offset,
    SqlExpression? Limit,
    SourceSpan Span) : QueryExpression(Span);

/// <summary>ASC or DESC; <see cref="Default"/> (ascending) when not written.</summary>
public enum SortDirection
{
    Default,
    Ascending,
    Descending,
}

/// <summary>NULLS FIRST or NULLS LAST; <see cref="Default"/> when not written.</summary>
public enum NullOrdering
{
    Default,
    First,
    Last,
}

/// <summary><c>expr [ASC|DESC] [NULLS FIRST|LAST]</c> in ORDER BY (of a query, a window or a table argument).</summary>
public sealed record OrderItem(
    SqlExpression Expression, SortDirection Direction, NullOrdering Nulls, SourceSpan Span) : SqlNode(Span);

/// <summary>Base of the items of a SELECT list.</summary>
public abstract record SelectItem(SourceSpan Span) : SqlNode(Span);

/// <summary><c>expr [[AS] alias]</c>.</summary>
public sealed record ExpressionSelectItem(SqlExpression Expression, Identifier? Alias, SourceSpan Span)
    : SelectItem(Span);

/// <summary><c>*</c> or <c>t.*</c>.</summary>
public sealed record StarSelectItem(QualifiedName? Qualifier, SourceSpan Span) : SelectItem(Span);

/// <summary><c>GROUP BY elements</c>.</summary>
public sealed record GroupByClause(IReadOnlyList<GroupingElement> Elements, SourceSpan Span) : SqlNode(Span);

/// <summary>Base of what GROUP BY lists.</summary>
public abstract record GroupingElement(SourceSpan Span) : SqlNode(Span);

/// <summary>
/// A plain grouping expression. Legacy group windows (<c>TUMBLE(ts, INTERVAL ..)</c>, HOP, SESSION) are function
/// calls here; the binder recognises them.
/// </summary>
public sealed record ExpressionGrouping(SqlExpression Expression, SourceSpan Span) : GroupingElement(Span);

/// <summary><c>()</c>: the grand total.</summary>
public sealed record EmptyGrouping(SourceSpan Span) : GroupingElement(Span);

/// <summary>ROLLUP or CUBE.</summary>
public enum GroupingSetsShorthand
{
    Rollup,
    Cube,
}

/// <summary>
/// <c>ROLLUP(a, b)</c> or <c>CUBE(a, b)</c>. A parenthesised list inside, <c>(a, b)</c>, is a
/// <see cref="RowConstructorExpression"/> and means a composite column.
/// </summary>
public sealed record RollupCubeGrouping(
    GroupingSetsShorthand Kind, IReadOnlyList<SqlExpression> Expressions, SourceSpan Span) : GroupingElement(Span);

/// <summary>
/// <c>GROUPING SETS (set, ..)</c>; a set is an element, <c>()</c>, or <c>(a, b)</c> (a
/// <see cref="RowConstructorExpression"/> in an <see cref="ExpressionGrouping"/>).
/// </summary>
public sealed record GroupingSetsGrouping(IReadOnlyList<GroupingElement> Sets, SourceSpan Span) : GroupingElement(Span);

/// <summary><c>WINDOW name AS (spec)</c> in a SELECT.</summary>
public sealed record NamedWindow(Identifier Name, WindowSpecification Specification, SourceSpan Span) : SqlNode(Span);
