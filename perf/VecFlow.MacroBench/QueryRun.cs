namespace VecFlow.MacroBench;

/// <summary>The rows one engine returned for a query and how long the query took end to end.</summary>
public sealed record QueryRun(IReadOnlyList<object?[]> Rows, TimeSpan Elapsed);
