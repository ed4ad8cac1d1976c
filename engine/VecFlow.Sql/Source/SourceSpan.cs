namespace VecFlow.Sql.Source;

/// <summary>Where a token or AST node sits in the original SQL text (before variable substitution).</summary>
/// <param name="Start">Offset of the first character, 0-based, in UTF-16 code units.</param>
/// <param name="End">Offset just past the last character.</param>
/// <param name="Line">1-based line of <paramref name="Start"/>.</param>
/// <param name="Column">1-based column of <paramref name="Start"/>.</param>
public readonly record struct SourceSpan(int Start, int End, int Line, int Column)
{
    public int Length => End - Start;

    /// <summary>A span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static SourceSpan Cover(SourceSpan first, SourceSpan last) =>
        new(first.Start, Math.Max(first.End, last.End), first.Line, first.Column);

    public override string ToString() => $"line {Line}, column {Column}";
}
