using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary><c>EXTRACT(unit FROM x)</c>.</summary>
public sealed record ExtractExpression(TimeUnit Unit, SqlExpression Source, SourceSpan Span) : SqlExpression(Span);

/// <summary>FLOOR or CEIL.</summary>
public enum FloorCeilKind
{
    Floor,
    Ceil,
}

/// <summary>
/// <c>FLOOR(x TO unit)</c> or <c>CEIL(x TO unit)</c> (CEILING is read as CEIL). Plain <c>FLOOR(x)</c> is an ordinary
/// <see cref="FunctionCallExpression"/>.
/// </summary>
public sealed record FloorCeilExpression(FloorCeilKind Kind, SqlExpression Operand, TimeUnit Unit, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>Which ends TRIM strips.</summary>
public enum TrimSide
{
    Both,
    Leading,
    Trailing,
}

/// <summary>
/// <c>TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)</c> or <c>TRIM(s)</c>; no characters means spaces, no side means BOTH.
/// </summary>
public sealed record TrimExpression(TrimSide Side, SqlExpression? Characters, SqlExpression Source, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>SUBSTRING(s FROM start [FOR length])</c> or <c>SUBSTRING(s, start[, length])</c>.</summary>
public sealed record SubstringExpression(SqlExpression Source, SqlExpression Start, SqlExpression? Length, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>POSITION(needle IN haystack [FROM start])</c>.</summary>
public sealed record PositionExpression(
    SqlExpression Needle, SqlExpression Haystack, SqlExpression? Start, SourceSpan Span) : SqlExpression(Span);

/// <summary><c>OVERLAY(s PLACING replacement FROM start [FOR length])</c>.</summary>
public sealed record OverlayExpression(
    SqlExpression Source, SqlExpression Replacement, SqlExpression Start, SqlExpression? Length, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>TIMESTAMPADD(unit, count, timestamp)</c>.</summary>
public sealed record TimestampAddExpression(TimeUnit Unit, SqlExpression Count, SqlExpression Timestamp, SourceSpan Span)
    : SqlExpression(Span);

/// <summary><c>TIMESTAMPDIFF(unit, start, end)</c>.</summary>
public sealed record TimestampDiffExpression(TimeUnit Unit, SqlExpression Start, SqlExpression End, SourceSpan Span)
    : SqlExpression(Span);

/// <summary>The niladic date-time functions, written without parentheses.</summary>
public enum CurrentTimeFunction
{
    CurrentDate,
    CurrentTime,
    CurrentTimestamp,
    LocalTime,
    LocalTimestamp,
}

/// <summary><c>CURRENT_TIMESTAMP</c>, <c>CURRENT_DATE</c>, <c>CURRENT_TIME</c>, <c>LOCALTIME</c>, <c>LOCALTIMESTAMP</c>.</summary>
public sealed record CurrentTimeExpression(CurrentTimeFunction Function, SourceSpan Span) : SqlExpression(Span);
