using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>
/// Reads a file or a directory tree of files in one format; one split per file, sorted by path, or one per part of a
/// file for formats that split (a Parquet file's row groups).
/// </summary>
public sealed class FilesystemSource(FilesystemTable table) : ITableSource
{
    public FilesystemTable Table { get; } = table;

    public bool IsBounded => true;

    /// <summary>The same splits regardless of <paramref name="parallelism"/>; readers take splits as they come.</summary>
    public IReadOnlyList<SourceSplit> PlanSplits(int parallelism)
    {
        var splits = new List<SourceSplit>();
        foreach (FileSplit file in TableFiles.List(Table))
        {
            IReadOnlyList<FileRange>? ranges = Table.Format.SplitFile(file.Path);
            if (ranges is null)
            {
                splits.Add(file);
                continue;
            }

            foreach (FileRange range in ranges)
            {
                string part = range.Count == 1 ? $"row group {range.First}" : $"row groups {range.First}..{range.First + range.Count - 1}";
                splits.Add(file with { Range = range, Description = $"{file.Path} ({part})" });
            }
        }

        return splits;
    }

    public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context) => Open(split, columns, context, []);

    public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context, IReadOnlyList<ScanPredicate> predicates) => split is FileSplit file
        ? new FilesystemSourceReader(Table, file, columns, context, predicates)
        : throw new ArgumentException($"The filesystem source of table '{Table.Table.Name}' cannot read the split '{split.Description}'.", nameof(split));

    /// <summary>The format decides for data columns; partition columns are never filtered by the reader.</summary>
    public bool AppliesDynamicFilter(int column) => Table.DataColumns.Contains(column) && Table.Format.AppliesDynamicFilter;

    /// <summary>The format decides for data columns; predicates on partition columns are never applied by the reader.</summary>
    public bool AppliesExactly(ScanPredicate predicate)
    {
        for (int i = 0; i < Table.DataColumns.Count; i++)
        {
            if (Table.DataColumns[i] == predicate.Column)
            {
                return Table.Format.AppliesExactly(predicate with { Column = i }, Table.DataSchema);
            }
        }

        return false;
    }
}
