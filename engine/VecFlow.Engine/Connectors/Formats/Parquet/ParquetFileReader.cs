using global::Parquet.Schema;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// Reads the requested columns of a parquet file (or of a range of its row groups), row group by row group, matching
/// columns by name; row groups whose statistics rule out the pushed predicates are skipped unread.
/// </summary>
/// <remarks>
/// The footer (schema, statistics) is read through Parquet.Net, as the writer and the row-group filter use it; the
/// pages of the chunks read are decoded by ParquetSharp (Apache Arrow's C++ reader), several times faster than
/// Parquet.Net's managed page pipeline.
/// </remarks>
internal sealed class ParquetFileReader : IFormatReader
{
    private readonly BufferPool _pool;
    private readonly ParquetFooter _footer;
    private readonly global::ParquetSharp.ParquetFileReader _pages;
    private readonly ParquetColumn[] _columns;
    private readonly int[] _leaves;
    private readonly string[] _names;
    private readonly ParquetRowGroupFilter? _filter;
    private readonly int _endGroup;
    private int _nextGroup;
    private ColumnBatch? _group;
    private int _groupOffset;
    private int _chunkRows;

    public ParquetFileReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context, FileRange? range, IReadOnlyList<ScanPredicate> predicates)
    {
        _pool = context.Pool;
        _footer = ParquetFooter.Of(path);
        global::ParquetSharp.ParquetFileReader? pages = null;
        try
        {
            DataField[] available = _footer.Fields;
            DataField Find(string name) => Array.Find(available, f => f.Name == name)
                ?? throw new ConnectorException(
                    $"The parquet file '{path}' has no column '{name}'; its columns are {string.Join(", ", available.Select(f => f.Name))}.");

            _columns = [.. columns.Select(c => new ParquetColumn(path, Find(fileSchema[c].Name), fileSchema[c]))];
            _names = [.. columns.Select(c => fileSchema[c].Name)];
            _leaves = [.. _columns.Select(c => Array.IndexOf(available, c.FileField))];
            _filter = ParquetRowGroupFilter.Create(predicates, c =>
                c >= 0 && c < fileSchema.Count && Array.FindIndex(available, f => f.Name == fileSchema[c].Name) is >= 0 and int leaf
                    ? (new ParquetColumn(path, available[leaf], fileSchema[c]), leaf)
                    : null);
            FileRange groups = range ?? new FileRange(0, _footer.RowGroupCount);
            _nextGroup = groups.First;
            _endGroup = Math.Min(groups.First + groups.Count, _footer.RowGroupCount);
            pages = OpenPages(path);
            CheckLeaves(path, pages);
            _pages = pages;
        }
        catch
        {
            pages?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The row groups of the file at <paramref name="path"/> in runs of at least <paramref name="rowsPerRange"/> rows
    /// (a run ends at the first row group that reaches it), so splits are big enough to be worth opening the file for.
    /// </summary>
    public static IReadOnlyList<FileRange> RowGroups(string path, long rowsPerRange)
    {
        ParquetFooter footer = ParquetFooter.Of(path);
        var ranges = new List<FileRange>();
        int first = 0;
        long rows = 0;
        for (int g = 0; g < footer.RowGroupCount; g++)
        {
            rows += footer.RowCount(g);
            if (rows >= rowsPerRange || g == footer.RowGroupCount - 1)
            {
                ranges.Add(new FileRange(first, g - first + 1));
                first = g + 1;
                rows = 0;
            }
        }

        return ranges;
    }

    public ColumnBatch? Read(int maxRows)
    {
        while (_group is null || _groupOffset >= _group.Length)
        {
            _group?.Dispose();
            _group = null;
            if (!NextGroup())
            {
                return null;
            }
        }

        if (_groupOffset == 0 && _group.Length <= maxRows)
        {
            ColumnBatch whole = _group;
            _group = null;
            return whole;
        }

        if (_groupOffset == 0)
        {
            // Even chunks, in whole 64-row words so validity bitmaps copy bytewise.
            int chunks = (_group.Length + maxRows - 1) / maxRows;
            int even = (_group.Length + chunks - 1) / chunks;
            _chunkRows = Math.Min(maxRows, (even + 63) & ~63);
        }

        int n = Math.Min(_chunkRows, _group.Length - _groupOffset);
        var columns = new List<ColumnVector>(_group.Columns.Count);
        try
        {
            foreach (ColumnVector column in _group.Columns)
            {
                columns.Add(ColumnSlicer.Slice(column, _groupOffset, n, _pool));
            }
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }

        _groupOffset += n;
        return new ColumnBatch(_names, columns, n);
    }

    public void Dispose()
    {
        _group?.Dispose();
        _group = null;
        _pages.Dispose();
    }

    private static global::ParquetSharp.ParquetFileReader OpenPages(string path)
    {
        try
        {
            return new global::ParquetSharp.ParquetFileReader(path);
        }
        catch (global::ParquetSharp.ParquetException e)
        {
            throw new ConnectorException($"The file '{path}' is not a readable parquet file: {e.Message}", e);
        }
    }

    /// <summary>Both libraries number the leaf columns in schema order; a file where they disagree is refused, not misread.</summary>
    private void CheckLeaves(string path, global::ParquetSharp.ParquetFileReader pages)
    {
        using global::ParquetSharp.FileMetaData metadata = pages.FileMetaData;
        for (int i = 0; i < _columns.Length; i++)
        {
            if (_leaves[i] < 0 || _leaves[i] >= metadata.NumColumns || metadata.Schema.Column(_leaves[i]).Name != _columns[i].FileField.Name)
            {
                throw new ConnectorException($"The parquet file '{path}' has a schema VecFlow cannot map for column '{_columns[i].Name}'.");
            }
        }
    }

    /// <summary>Reads the next row group that may hold matching rows into <see cref="_group"/>; false at the end of the range.</summary>
    private bool NextGroup()
    {
        while (_nextGroup < _endGroup)
        {
            int group = _nextGroup++;
            if (_filter is not null && !_filter.MayMatch(_footer, group))
            {
                continue;
            }

            int rows = checked((int)_footer.RowCount(group));
            var columns = new List<ColumnVector>(_columns.Length);
            try
            {
                using global::ParquetSharp.RowGroupReader chunks = _pages.RowGroup(_nextGroup - 1);
                if (chunks.MetaData.NumRows != rows)
                {
                    throw new ConnectorException($"The parquet file '{_columns[0].Path}' has row group {_nextGroup - 1} of {rows} rows by one reading and {chunks.MetaData.NumRows} by another; the file is damaged.");
                }

                for (int c = 0; c < _columns.Length; c++)
                {
                    columns.Add(ParquetColumnDecoder.Decode(chunks, _leaves[c], _columns[c], rows, _pool));
                }
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }

            _group = new ColumnBatch(_names, columns, rows);
            _groupOffset = 0;
            return true;
        }

        return false;
    }
}
