namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>The outcome of comparing an engine's rows with the reference rows; <see cref="Message"/> explains a difference.</summary>
public sealed record ResultComparison(bool Matches, string Message, int MissingRows, int UnexpectedRows)
{
    public static readonly ResultComparison Match = new(true, "results match", 0, 0);
}
