using VecFlow.Sql.Source;

namespace VecFlow.Sql.Errors;

/// <summary>Builds <see cref="SqlParseException"/>s with the source line filled in.</summary>
internal static class ParseErrors
{
    public static SqlParseException At(
        SqlSource source, SqlParseErrorKind kind, SourceSpan span, string detail, string offending = "",
        IReadOnlyList<string>? expected = null) =>
        new(kind, detail, span, offending, expected ?? [], source.LineText(span.Line));

    /// <summary>Quotes text for a message, shortening long text so the message stays one readable line.</summary>
    public static string Quote(string text)
    {
        const int MaxLength = 40;
        string oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxLength ? $"'{oneLine}'" : $"'{oneLine[..(MaxLength - 3)]}...'";
    }
}
