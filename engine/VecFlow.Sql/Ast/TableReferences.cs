using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of what FROM reads: tables, subqueries, table functions and joins of them.</summary>
public abstract record TableReference(SourceSpan Span) : SqlNode(Span);

/// <summary><c>alias [(col, ..)]</c> after a table reference.</summary>
public sealed record TableAlias(Identifier Name, IReadOnlyList<Identifier> Columns, SourceSpan Span) : SqlNode(Span);

/// <summary>A table or view by name, optionally as of a time (<c>FOR SYSTEM_TIME AS OF expr</c>: a temporal join side).</summary>
public sealed record NamedTable(QualifiedName Name, SqlExpression? SystemTimeAsOf, TableAlias? Alias, SourceSpan Span)
    : TableReference(Span);

/// <summary><c>[LATERAL] (query) [[AS] alias]</c>.</summary>
public sealed record DerivedTable(QueryExpression Query, bool Lateral, TableAlias? Alias, SourceSpan Span)
    : TableReference(Span);

/// <summary>
/// <c>[LATERAL] TABLE(f(args)) [[AS] alias]</c>: a table function, including the window table functions
/// <c>TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND))</c>, HOP, CUMULATE and SESSION.
/// </summary>
public sealed record TableFunctionTable(FunctionCallExpression Call, bool Lateral, TableAlias? Alias, SourceSpan Span)
    : TableReference(Span);

/// <summary><c>UNNEST(expr, ..) [WITH ORDINALITY] [[AS] alias]</c>.</summary>
public sealed record UnnestTable(
    IReadOnlyList<SqlExpression> Arguments, bool WithOrdinality, TableAlias? Alias, SourceSpan Span)
    : TableReference(Span);

/// <summary>How two table references are joined.</summary>
public enum JoinKind
{
    Inner,
    Left,
    Right,
    Full,
    Cross,

    /// <summary><c>a, b</c>: a cross join written with a comma.</summary>
    Comma,
}

/// <summary>
/// <c>left [NATURAL] [INNER|LEFT [OUTER]|RIGHT [OUTER]|FULL [OUTER]|CROSS] JOIN right [ON cond | USING (cols)]</c>,
/// or <c>left, right</c>. Joins associate to the left.
/// </summary>
public sealed record JoinedTable(
    TableReference Left, JoinKind Kind, bool Natural, TableReference Right, JoinCondition? Condition, SourceSpan Span)
    : TableReference(Span);

/// <summary>Base of ON and USING.</summary>
public abstract record JoinCondition(SourceSpan Span) : SqlNode(Span);

/// <summary><c>ON condition</c>.</summary>
public sealed record OnJoinCondition(SqlExpression Condition, SourceSpan Span) : JoinCondition(Span);

/// <summary><c>USING (cols)</c>.</summary>
public sealed record UsingJoinCondition(IReadOnlyList<Identifier> Columns, SourceSpan Span) : JoinCondition(Span);
