namespace VecFlow.MacroBench;

/// <summary>The rows one engine returned for a query, how long the query took end to end, and the process CPU time it used.</summary>
/// <param name="Rows">The result rows.</param>
/// <param name="Elapsed">Wall-clock time end to end.</param>
/// <param name="Cpu">The whole process's CPU time over the run (every thread: the engine's, the GC's), which the other
/// jobs of a shared machine disturb far less than the wall-clock time.</param>
public sealed record QueryRun(IReadOnlyList<object?[]> Rows, TimeSpan Elapsed, TimeSpan Cpu);
