using VecFlow.Sql.Source;

namespace VecFlow.Engine.Planning;

/// <summary>A statement that parses but cannot be planned: an unknown table, column or function, a type error, an unsupported feature.</summary>
/// <remarks>One line: <c>line 3, column 8: unknown column 'prise'; valid columns: price, bidder, ...</c>.</remarks>
public sealed class SqlValidationException(SourceSpan span, string detail)
    : Exception($"line {span.Line}, column {span.Column}: {detail}")
{
    public SourceSpan Span { get; } = span;

    public string Detail { get; } = detail;
}
