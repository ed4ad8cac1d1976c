using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of what follows OVER: a window name or a window specification.</summary>
public abstract record OverWindow(SourceSpan Span) : SqlNode(Span);

/// <summary><c>OVER w</c>: a window defined in the WINDOW clause.</summary>
public sealed record WindowReference(Identifier Name, SourceSpan Span) : OverWindow(Span);

/// <summary><c>([base] [PARTITION BY ..] [ORDER BY ..] [frame])</c>.</summary>
public sealed record WindowSpecification(
    Identifier? BaseWindow,
    IReadOnlyList<SqlExpression> PartitionBy,
    IReadOnlyList<OrderItem> OrderBy,
    WindowFrame? Frame,
    SourceSpan Span) : OverWindow(Span);

/// <summary>ROWS or RANGE.</summary>
public enum WindowFrameUnit
{
    Rows,
    Range,
}

/// <summary><c>ROWS|RANGE start</c> or <c>ROWS|RANGE BETWEEN start AND end</c>.</summary>
/// <remarks><see cref="End"/>: Null for the single-bound form, which means <c>BETWEEN start AND CURRENT ROW</c>.</remarks>
public sealed record WindowFrame(WindowFrameUnit Unit, FrameBound Start, FrameBound? End, SourceSpan Span)
    : SqlNode(Span);

/// <summary>The kinds of frame bound.</summary>
public enum FrameBoundKind
{
    UnboundedPreceding,
    Preceding,
    CurrentRow,
    Following,
    UnboundedFollowing,
}

/// <summary>
/// <c>UNBOUNDED PRECEDING</c>, <c>n PRECEDING</c>, <c>INTERVAL '1' HOUR PRECEDING</c>, <c>CURRENT ROW</c>,
/// <c>n FOLLOWING</c>, <c>UNBOUNDED FOLLOWING</c>.
/// </summary>
public sealed record FrameBound(FrameBoundKind Kind, SqlExpression? Offset, SourceSpan Span) : SqlNode(Span);
