namespace VecFlow.Engine.Connectors.Formats;

/// <summary>A contiguous run of a file's independently readable units (Parquet row groups): <see cref="Count"/> of them from <see cref="First"/>.</summary>
public readonly record struct FileRange(int First, int Count);
