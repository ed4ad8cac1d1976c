using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of scalar expressions.</summary>
/// <remarks>Parentheses are not kept; the printer adds them wherever precedence needs them.</remarks>
public abstract record SqlExpression(SourceSpan Span) : SqlNode(Span);

/// <summary>
/// A name or dotted name in an expression: <c>price</c>, <c>B.price</c>, <c>bid.dateTime</c>. Whether a prefix is a
/// table, a column of ROW type, or a catalog path is for the binder to decide.
/// </summary>
public sealed record IdentifierExpression(IReadOnlyList<Identifier> Parts, SourceSpan Span) : SqlExpression(Span);

/// <summary><c>(expr).field</c> or <c>f(x).field</c>: a field of a ROW value that is not a plain dotted name.</summary>
public sealed record FieldAccessExpression(SqlExpression Target, Identifier Field, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>expr[index]</c>: an array element or map value.</summary>
public sealed record SubscriptExpression(SqlExpression Target, SqlExpression Index, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>Prefix operators.</summary>
public enum UnaryOperator
{
    Plus,
    Minus,
    Not,
}

/// <summary><c>+x</c>, <c>-x</c>, <c>NOT x</c>. A negative number literal is a minus over a literal.</summary>
public sealed record UnaryExpression(UnaryOperator Operator, SqlExpression Operand, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>Infix operators, from loosest to tightest: OR; AND; comparisons; ||, +, -; *, /, %.</summary>
public enum BinaryOperator
{
    Or,
    And,
    Equal,

    /// <summary><c>&lt;&gt;</c> or <c>!=</c>.</summary>
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Concat,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// <summary><c>left op right</c>.</summary>
public sealed record BinaryExpression(BinaryOperator Operator, SqlExpression Left, SqlExpression Right, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>What IS tests for.</summary>
public enum IsPredicate
{
    Null,
    True,
    False,
    Unknown,
}

/// <summary><c>x IS [NOT] NULL|TRUE|FALSE|UNKNOWN</c>.</summary>
public sealed record IsExpression(SqlExpression Operand, IsPredicate Predicate, bool Negated, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>a IS [NOT] DISTINCT FROM b</c>.</summary>
public sealed record IsDistinctFromExpression(SqlExpression Left, SqlExpression Right, bool Negated, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>x [NOT] IN (v, ..)</c>.</summary>
public sealed record InListExpression(
    SqlExpression Operand, IReadOnlyList<SqlExpression> Values, bool Negated, SourceSpan Span) : SqlExpression(Span);

/// <summary><c>x [NOT] IN (query)</c>.</summary>
public sealed record InSubqueryExpression(SqlExpression Operand, QueryExpression Query, bool Negated, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>ASYMMETRIC or SYMMETRIC on BETWEEN; <see cref="Default"/> (asymmetric) when not written.</summary>
public enum BetweenSymmetry
{
    Default,
    Asymmetric,
    Symmetric,
}

/// <summary><c>x [NOT] BETWEEN [ASYMMETRIC|SYMMETRIC] low AND high</c>.</summary>
public sealed record BetweenExpression(
    SqlExpression Operand, SqlExpression Low, SqlExpression High, bool Negated, BetweenSymmetry Symmetry,
    SourceSpan Span) : SqlExpression(Span);

/// <summary>LIKE or SIMILAR TO.</summary>
public enum PatternMatchKind
{
    Like,
    SimilarTo,
}

/// <summary><c>x [NOT] LIKE pattern [ESCAPE c]</c> or <c>x [NOT] SIMILAR TO pattern [ESCAPE c]</c>.</summary>
public sealed record PatternMatchExpression(
    PatternMatchKind Kind, SqlExpression Operand, SqlExpression Pattern, SqlExpression? Escape, bool Negated,
    SourceSpan Span) : SqlExpression(Span);

/// <summary><c>EXISTS (query)</c>.</summary>
public sealed record ExistsExpression(QueryExpression Query, SourceSpan Span) : SqlExpression(Span);

/// <summary><c>(query)</c> used as a value.</summary>
public sealed record ScalarSubqueryExpression(QueryExpression Query, SourceSpan Span) : SqlExpression(Span);

/// <summary><c>CASE [operand] WHEN .. THEN .. [ELSE ..] END</c>, simple (with operand) or searched.</summary>
public sealed record CaseExpression(
    SqlExpression? Operand, IReadOnlyList<WhenClause> Whens, SqlExpression? Else, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>WHEN condition-or-value THEN result</c>.</summary>
public sealed record WhenClause(SqlExpression Condition, SqlExpression Result, SourceSpan Span) : SqlNode(Span);

/// <summary><c>CAST(x AS type)</c> or <c>TRY_CAST(x AS type)</c>.</summary>
public sealed record CastExpression(SqlExpression Operand, SqlDataType TargetType, bool Try, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>
/// A function call <c>name([ALL|DISTINCT] args)</c> with optional <c>FILTER (WHERE cond)</c> and <c>OVER</c>.
/// Built-ins without special syntax (COUNT, ROW_NUMBER, TUMBLE_START, PROCTIME, FLOOR(x), ...) and user functions
/// are all calls; the binder resolves the name.
/// </summary>
/// <remarks><see cref="StarArgument"/>: True for <c>COUNT(*)</c>; then <see cref="Arguments"/> is empty.</remarks>
public sealed record FunctionCallExpression(
    QualifiedName Name,
    SetQuantifier Quantifier,
    IReadOnlyList<SqlExpression> Arguments,
    bool StarArgument,
    SqlExpression? Filter,
    OverWindow? Over,
    SourceSpan Span) : SqlExpression(Span);

/// <summary><c>ROW(a, b)</c> or <c>(a, b)</c>.</summary>
/// <remarks><see cref="ExplicitRow"/>: Whether the ROW keyword was written (the printer keeps the spelling).</remarks>
public sealed record RowConstructorExpression(IReadOnlyList<SqlExpression> Fields, bool ExplicitRow, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>ARRAY[a, b]</c>.</summary>
public sealed record ArrayConstructorExpression(IReadOnlyList<SqlExpression> Elements, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>MAP[k1, v1, k2, v2]</c>.</summary>
public sealed record MapConstructorExpression(IReadOnlyList<MapEntry> Entries, SourceSpan Span) : SqlExpression(Span);

/// <summary>One key and value of a MAP constructor.</summary>
public sealed record MapEntry(SqlExpression Key, SqlExpression Value, SourceSpan Span) : SqlNode(Span);

/// <summary>
/// <c>TABLE name [PARTITION BY ..] [ORDER BY ..]</c> (or <c>TABLE (query)</c>): a table passed to a table function,
/// as in <c>TUMBLE(TABLE bid, ..)</c> or <c>SESSION(TABLE bid PARTITION BY auction, ..)</c>. Several keys are written
/// in parentheses, <c>PARTITION BY (a, b)</c>, as in Flink.
/// </summary>
public sealed record TableArgumentExpression(
    QualifiedName? Table,
    QueryExpression? Query,
    IReadOnlyList<SqlExpression> PartitionBy,
    IReadOnlyList<OrderItem> OrderBy,
    SourceSpan Span) : SqlExpression(Span);

/// <summary><c>DESCRIPTOR(col, ..)</c>: column names passed to a table function (the time column of a window TVF).</summary>
public sealed record DescriptorExpression(IReadOnlyList<Identifier> Columns, SourceSpan Span) : SqlExpression(Span);

/// <summary><c>name => value</c>: a named argument, as in <c>TUMBLE(DATA => TABLE t, SIZE => INTERVAL '1' MINUTE)</c>.</summary>
public sealed record NamedArgumentExpression(Identifier Name, SqlExpression Value, SourceSpan Span)
    : SqlExpression(Span);
