using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of literal values.</summary>
public abstract record LiteralExpression(SourceSpan Span) : SqlExpression(Span);

/// <summary>How a number literal was written, which decides its type.</summary>
public enum NumericLiteralKind
{
    /// <summary>Digits only: INT, BIGINT or DECIMAL by magnitude.</summary>
    Integer,

    /// <summary>With a decimal point: an exact DECIMAL.</summary>
    Decimal,

    /// <summary>With an exponent: an approximate DOUBLE.</summary>
    Approximate,
}

/// <summary>An unsigned number, kept as written so no precision is lost before the binder types it.</summary>
public sealed record NumericLiteral(string Text, NumericLiteralKind Kind, SourceSpan Span) : LiteralExpression(Span);

/// <summary>A character string, decoded (<c>''</c> and U&amp; escapes resolved).</summary>
public sealed record StringLiteral(string Value, SourceSpan Span) : LiteralExpression(Span);

/// <summary><c>X'0AFF'</c>.</summary>
/// <remarks><see cref="Hex"/>: The hex digits in upper case.</remarks>
public sealed record BinaryStringLiteral(string Hex, SourceSpan Span) : LiteralExpression(Span);

/// <summary>TRUE, FALSE, or UNKNOWN (a null <paramref name="Value"/>).</summary>
public sealed record BooleanLiteral(bool? Value, SourceSpan Span) : LiteralExpression(Span);

/// <summary>NULL.</summary>
public sealed record NullLiteral(SourceSpan Span) : LiteralExpression(Span);

/// <summary>Which typed date-time literal.</summary>
public enum DateTimeLiteralKind
{
    Date,
    Time,
    Timestamp,

    /// <summary><c>TIMESTAMP_LTZ '..'</c> or <c>TIMESTAMP WITH LOCAL TIME ZONE '..'</c>.</summary>
    TimestampLtz,
}

/// <summary>
/// <c>DATE 'yyyy-mm-dd'</c>, <c>TIME 'hh:mm:ss'</c>, <c>TIMESTAMP 'yyyy-mm-dd hh:mm:ss[.f]'</c>. The text is not
/// validated here; the binder reports a malformed value at this node's span.
/// </summary>
public sealed record DateTimeLiteral(DateTimeLiteralKind Kind, string Value, SourceSpan Span) : LiteralExpression(Span);

/// <summary><c>INTERVAL [-]'value' qualifier</c>, such as <c>INTERVAL '10' SECOND</c> or <c>INTERVAL '2-3' YEAR TO MONTH</c>.</summary>
/// <remarks><see cref="Negative"/>: Whether a minus sign preceded the quoted value (<c>INTERVAL -'1' DAY</c>).</remarks>
public sealed record IntervalLiteral(string Value, bool Negative, IntervalQualifier Qualifier, SourceSpan Span)
    : LiteralExpression(Span);

/// <summary>
/// <c>unit [(precision [, fractional precision])] [TO unit [(fractional precision)]]</c>, as in <c>SECOND(3)</c>
/// or <c>DAY TO SECOND(3)</c>. Plural units (MINUTES) are read as singular.
/// </summary>
public sealed record IntervalQualifier(
    TimeUnit Start, int? StartPrecision, TimeUnit? End, int? FractionalPrecision, SourceSpan Span) : SqlNode(Span);
