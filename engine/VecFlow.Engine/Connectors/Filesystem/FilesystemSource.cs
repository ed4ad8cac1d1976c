using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Reads a file or a directory tree of files in one format; one split per file, sorted by path.</summary>
public sealed class FilesystemSource(FilesystemTable table) : ITableSource
{
    public FilesystemTable Table { get; } = table;

    public bool IsBounded => true;

    /// <summary>One split per file regardless of <paramref name="parallelism"/>; readers take splits as they come.</summary>
    public IReadOnlyList<SourceSplit> PlanSplits(int parallelism) => TableFiles.List(Table);

    public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context) => split is FileSplit file
        ? new FilesystemSourceReader(Table, file, columns, context)
        : throw new ArgumentException($"The filesystem source of table '{Table.Table.Name}' cannot read the split '{split.Description}'.", nameof(split));
}
