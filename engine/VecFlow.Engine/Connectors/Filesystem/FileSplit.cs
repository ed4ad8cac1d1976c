using VecFlow.Engine.Connectors.Formats;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>One file of a filesystem table, with the partition values its <c>key=value</c> directories give (null = NULL).</summary>
public sealed record FileSplit(string Path, IReadOnlyList<string?> PartitionValues) : SourceSplit(Path)
{
    /// <summary>The part of the file to read (Parquet row groups); null reads the whole file.</summary>
    public FileRange? Range { get; init; }
}
