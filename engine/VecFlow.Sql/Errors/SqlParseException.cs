using System.Text;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Errors;

/// <summary>
/// A syntax error in SQL text: where it is (in the text the user wrote), what was found, and what would be valid.
/// </summary>
/// <remarks>
/// The message is one line, <c>line 3, column 15: unexpected 'FORM', expected one of FROM, WHERE, ...</c>, so it reads
/// well in logs and cmdlet errors; <see cref="FormatWithCaret"/> adds the source line with a caret for humans.
/// This is the only exception type the lexer and parser throw.
/// </remarks>
public sealed class SqlParseException : Exception
{
    internal SqlParseException(
        SqlParseErrorKind kind, string detail, SourceSpan span, string offending, IReadOnlyList<string> expected,
        string sourceLine, Exception? inner = null)
        : base($"line {span.Line}, column {span.Column}: {detail}", inner)
    {
        Kind = kind;
        Detail = detail;
        Span = span;
        Offending = offending;
        Expected = expected;
        SourceLine = sourceLine;
    }

    public SqlParseErrorKind Kind { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Detail { get; }

    /// <summary>The offending text's position in the original (unsubstituted) SQL.</summary>
    public SourceSpan Span { get; }

    public int Line => Span.Line;

    public int Column => Span.Column;

    /// <summary>The text that could not be parsed (a token, a character, a variable reference); empty at end of input.</summary>
    public string Offending { get; }

    /// <summary>What the parser would have accepted at this position, in the order it tried them; empty when not a choice.</summary>
    public IReadOnlyList<string> Expected { get; }

    /// <summary>The original line that holds the error, without its line break.</summary>
    public string SourceLine { get; }

    /// <summary>The message followed by the source line and a caret under the offending text.</summary>
    public string FormatWithCaret()
    {
        string gutter = Line.ToString();
        var text = new StringBuilder();
        text.AppendLine(Message);
        text.Append(' ').Append(gutter).Append(" | ").AppendLine(SourceLine.Replace('\t', ' '));
        int width = Math.Max(1, Math.Min(Span.Length, Math.Max(1, SourceLine.Length - (Column - 1))));
        text.Append(' ').Append(' ', gutter.Length).Append(" | ").Append(' ', Column - 1).Append('^', width);
        return text.ToString();
    }
}
