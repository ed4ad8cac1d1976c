namespace VecFlow.Engine.Planning.Logical;

/// <summary>
/// Marks a scan whose physical column <paramref name="Column"/> is the first key of a TopN above it (batch mode): the
/// TopN publishes its cut-off on that column while it runs and the scan skips what cannot pass it.
/// </summary>
public sealed record ScanTopNFilter(int Column, bool Descending, bool NullsFirst);
