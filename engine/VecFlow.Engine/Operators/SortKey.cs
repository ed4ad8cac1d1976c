namespace VecFlow.Engine.Operators;

/// <summary>One ORDER BY key over an input column, with its null placement already decided by the planner.</summary>
/// <remarks>
/// Flink orders NULL as the smallest value: ASC puts NULLs first and DESC puts them last unless NULLS FIRST/LAST says
/// otherwise; the planner resolves the default, so operators never guess.
/// </remarks>
public sealed record SortKey(int Column, bool Descending, bool NullsFirst)
{
    public static SortKey Ascending(int column) => new(column, false, true);

    public static SortKey DescendingOf(int column) => new(column, true, false);

    public override string ToString() => $"${Column} {(Descending ? "DESC" : "ASC")} NULLS {(NullsFirst ? "FIRST" : "LAST")}";
}
