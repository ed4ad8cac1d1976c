using global::Parquet;
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
    // One instance for every reader: Parquet.Net sets up its stream pool per options object.
    private static readonly ParquetOptions Options = new();

    private readonly BufferPool _pool;
    private readonly ParquetReader _reader;
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
        _reader = Open(path);
        global::ParquetSharp.ParquetFileReader? pages = null;
        try
        {
            DataField[] available = _reader.Schema.GetDataFields();
            DataField Find(string name) => Array.Find(available, f => f.Name == name)
                ?? throw new ConnectorException(
                    $"The parquet file '{path}' has no column '{name}'; its columns are {string.Join(", ", available.Select(f => f.Name))}.");

            _columns = [.. columns.Select(c => new ParquetColumn(path, Find(fileSchema[c].Name), fileSchema[c]))];
            _names = [.. columns.Select(c => fileSchema[c].Name)];
            _leaves = [.. _columns.Select(c => Array.IndexOf(available, c.FileField))];
            _filter = ParquetRowGroupFilter.Create(predicates, c =>
                c >= 0 && c < fileSchema.Count && Array.Find(available, f => f.Name == fileSchema[c].Name) is { } field
                    ? (new ParquetColumn(path, field, fileSchema[c]), field)
                    : null);
            FileRange groups = range ?? new FileRange(0, _reader.RowGroupCount);
            _nextGroup = groups.First;
            _endGroup = Math.Min(groups.First + groups.Count, _reader.RowGroupCount);
            pages = OpenPages(path);
            CheckLeaves(path, pages);
            _pages = pages;
        }
        catch
        {
            pages?.Dispose();
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// The row groups of the file at <paramref name="path"/> in runs of at least <paramref name="rowsPerRange"/> rows
    /// (a run ends at the first row group that reaches it), so splits are big enough to be worth opening the file for.
    /// </summary>
    public static IReadOnlyList<FileRange> RowGroups(string path, long rowsPerRange)
    {
        ParquetReader reader = Open(path);
        try
        {
            var ranges = new List<FileRange>();
            int first = 0;
            long rows = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                rows += reader.Metadata?.RowGroups[g].NumRows ?? 0;
                if (rows >= rowsPerRange || g == reader.RowGroupCount - 1)
                {
                    ranges.Add(new FileRange(first, g - first + 1));
                    first = g + 1;
                    rows = 0;
                }
            }

            return ranges;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
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
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
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

    private static ParquetReader Open(string path)
    {
        try
        {
            return ParquetReader.CreateAsync(FileStreams.OpenRead(path), Options, leaveStreamOpen: false).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or global::Parquet.ParquetException or InvalidDataException)
        {
            throw new ConnectorException($"The file '{path}' is not a readable parquet file: {e.Message}", e);
        }
    }

    /// <summary>Reads the next row group that may hold matching rows into <see cref="_group"/>; false at the end of the range.</summary>
    private bool NextGroup()
    {
        while (_nextGroup < _endGroup)
        {
            using ParquetRowGroupReader group = _reader.OpenRowGroupReader(_nextGroup++);
            if (_filter is not null && !_filter.MayMatch(group))
            {
                continue;
            }

            int rows = checked((int)group.RowCount);
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
