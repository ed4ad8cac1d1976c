namespace VecFlow.Sql.Source;

/// <summary>
/// The SQL text as written and the text the lexer reads after <c>${NAME}</c> substitution, with the offset map
/// between them, so every position the parser or a binder reports points into what the user wrote.
/// </summary>
public sealed class SqlSource
{
    private readonly int[] _lineStarts;
    private readonly SubstitutionSegment[] _segments;

    internal SqlSource(string original, string text, IEnumerable<SubstitutionSegment> segments)
    {
        Original = original;
        Text = text;
        // Empty values occupy no substituted text, so no offset can map into them.
        _segments = [.. segments.Where(s => s.TextLength > 0)];
        HasSubstitutions = _segments.Any(s => s.IsVariable) || text.Length != original.Length;
        _lineStarts = ComputeLineStarts(original);
    }

    /// <summary>The text as the user wrote it.</summary>
    public string Original { get; }

    /// <summary>The text after variable substitution; what the lexer reads.</summary>
    public string Text { get; }

    /// <summary>Whether any variable was substituted (then <see cref="Text"/> differs from <see cref="Original"/>).</summary>
    public bool HasSubstitutions { get; }

    /// <summary>A source without variables: the lexer reads the original text.</summary>
    public static SqlSource FromText(string text) =>
        new(text, text, [new SubstitutionSegment(0, 0, text.Length, text.Length, false)]);

    /// <summary>1-based line and column of an offset in the original text.</summary>
    public (int Line, int Column) LineColumnOf(int originalOffset)
    {
        int line = Array.BinarySearch(_lineStarts, originalOffset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, originalOffset - _lineStarts[line] + 1);
    }

    /// <summary>The text of a 1-based line of the original, without its line break.</summary>
    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length)
        {
            return string.Empty;
        }

        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Original.Length;
        while (end > start && (Original[end - 1] == '\n' || Original[end - 1] == '\r'))
        {
            end--;
        }

        return Original[start..end];
    }

    /// <summary>The original-text span of a substituted-text range.</summary>
    /// <remarks>A range inside a substituted value maps to the whole <c>${NAME}</c> reference.</remarks>
    public SourceSpan SpanOf(int textStart, int textEnd)
    {
        int start = MapStart(textStart);
        int end = Math.Max(start, textEnd > textStart ? MapEnd(textEnd) : start);
        (int line, int column) = LineColumnOf(start);
        return new SourceSpan(start, end, line, column);
    }

    private int MapStart(int offset)
    {
        if (offset >= Text.Length || _segments.Length == 0)
        {
            return Original.Length;
        }

        SubstitutionSegment segment = SegmentContaining(offset);
        return segment.IsVariable ? segment.OriginalStart : segment.OriginalStart + (offset - segment.TextStart);
    }

    private int MapEnd(int offset)
    {
        if (offset <= 0 || _segments.Length == 0)
        {
            return 0;
        }

        SubstitutionSegment segment = SegmentContaining(Math.Min(offset, Text.Length) - 1);
        return segment.IsVariable
            ? segment.OriginalStart + segment.OriginalLength
            : segment.OriginalStart + (Math.Min(offset, Text.Length) - segment.TextStart);
    }

    /// <summary>The segment holding a substituted-text offset (segments are non-empty and sorted).</summary>
    private SubstitutionSegment SegmentContaining(int offset)
    {
        int lo = 0;
        int hi = _segments.Length - 1;
        int found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_segments[mid].TextStart <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return _segments[found];
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}

/// <summary>A run of the substituted text and the original text it came from.</summary>
internal readonly record struct SubstitutionSegment(
    int TextStart, int OriginalStart, int TextLength, int OriginalLength, bool IsVariable);
