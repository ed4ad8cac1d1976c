using System.Buffers;
using global::Parquet.Schema;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// Reads the requested columns of a parquet file (or of a range of its row groups), row group by row group, matching
/// columns by name; row groups whose statistics rule out the pushed predicates are skipped unread, and within a row
/// group only the rows where every predicate it can check is TRUE are returned.
/// </summary>
/// <remarks>
/// The footer (schema, statistics) is read through Parquet.Net, as the writer and the row-group filter use it; the
/// pages of the chunks read are decoded by ParquetSharp (Apache Arrow's C++ reader), several times faster than
/// Parquet.Net's managed page pipeline. Late materialization: the columns the predicates read are decoded first; the
/// others are skipped for a batch where no row survives and gathered to the survivors otherwise. A TopN above may
/// publish a cut-off (<see cref="Runtime.OperatorContext.DynamicFilter"/>), taken up between batches as one more
/// predicate; when survivors are sparse the other columns are decoded only in the windows holding one.
/// </remarks>
internal sealed class ParquetFileReader : IFormatReader
{
    // Rows per window of the sparse late-materialization path (a multiple of 64, so windows start on bitmap words).
    private const int SparseWindow = 1024;

    private readonly BufferPool _pool;
    private readonly ParquetFooter _footer;
    private readonly global::ParquetSharp.ParquetFileReader _pages;

    // The file for the chunks VecFlow decodes itself (FixedWidthParquetChunk); the others are read through _pages.
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _file;
    private readonly ParquetColumn[] _columns;
    private readonly int[] _leaves;
    private readonly string[] _names;

    // The columns returned are the first _outputs of _columns; the rest are read only for the row filter.
    private readonly int _outputs;
    private readonly ParquetRowGroupFilter? _filter;
    private readonly Func<int, (ParquetColumn Column, int Leaf)?> _statisticsColumns;
    private readonly IReadOnlyList<ScanPredicate> _predicates;
    private readonly int[] _read;

    // A TopN's cut-off on one of the columns (a dynamic filter): refreshed between batches into _rowFilter and _dynamicGroups.
    private readonly ParquetDynamicFilter? _dynamic;
    private ParquetRowGroupFilter? _dynamicGroups;
    private ParquetRowFilter? _rowFilter;

    private readonly int _endGroup;
    private int _nextGroup;
    private global::ParquetSharp.RowGroupReader? _group;
    private ParquetChunk[] _chunks = [];
    private int[] _pendingSkips = [];
    private int _groupRows;
    private int _groupOffset;
    private int _chunkRows;

    public ParquetFileReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context, FileRange? range, IReadOnlyList<ScanPredicate> predicates)
    {
        _pool = context.Pool;
        _footer = ParquetFooter.Of(path);
        global::ParquetSharp.ParquetFileReader? pages = null;
        Microsoft.Win32.SafeHandles.SafeFileHandle? file = null;
        try
        {
            DataField[] available = _footer.Fields;
            DataField Find(string name) => Array.Find(available, f => f.Name == name)
                ?? throw new ConnectorException(
                    $"The parquet file '{path}' has no column '{name}'; its columns are {string.Join(", ", available.Select(f => f.Name))}.");

            int[] read = [.. columns, .. FilterOnlyColumns(predicates, columns, fileSchema)];
            _columns = [.. read.Select(c => new ParquetColumn(path, Find(fileSchema[c].Name), fileSchema[c]))];
            _names = [.. columns.Select(c => fileSchema[c].Name)];
            _outputs = columns.Count;
            _leaves = [.. _columns.Select(c => Array.IndexOf(available, c.FileField))];
            _statisticsColumns = c =>
                c >= 0 && c < fileSchema.Count && Array.FindIndex(available, f => f.Name == fileSchema[c].Name) is >= 0 and int leaf
                    ? (new ParquetColumn(path, available[leaf], fileSchema[c]), leaf)
                    : null;
            _filter = ParquetRowGroupFilter.Create(predicates, _statisticsColumns);
            _predicates = predicates;
            _read = read;
            _rowFilter = ParquetRowFilter.Create(predicates, read, [.. _columns.Select(c => c.Type)]);
            _dynamic = ParquetDynamicFilter.Create(context.DynamicFilter, read, _columns);
            FileRange groups = range ?? new FileRange(0, _footer.RowGroupCount);
            _nextGroup = groups.First;
            _endGroup = Math.Min(groups.First + groups.Count, _footer.RowGroupCount);
            pages = OpenPages(path);
            CheckLeaves(path, pages);
            file = FileStreams.OpenHandle(path);
            _pages = pages;
            _file = file;
        }
        catch
        {
            pages?.Dispose();
            file?.Dispose();
            throw;
        }
    }

    /// <summary>The columns of the predicates checked here that are not among <paramref name="columns"/>: read for the check alone.</summary>
    private static IEnumerable<int> FilterOnlyColumns(IReadOnlyList<ScanPredicate> predicates, IReadOnlyList<int> columns, RowSchema fileSchema) =>
        predicates
            .Where(p => p.Column >= 0 && p.Column < fileSchema.Count && !columns.Contains(p.Column) && ParquetRowFilter.Applies(p, fileSchema[p.Column].Type))
            .Select(p => p.Column)
            .Distinct()
            .Order();

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

    /// <summary>
    /// The next rows of the current row group that may satisfy the predicates, decoded straight into the batch's
    /// buffers (no row-group-sized copy to cut); batches where no row survives are passed over.
    /// </summary>
    public ColumnBatch? Read(int maxRows)
    {
        while (true)
        {
            RefreshDynamicFilter();
            while (_group is null || _groupOffset >= _groupRows)
            {
                CloseGroup();
                if (!NextGroup())
                {
                    return null;
                }
            }

            if (_groupOffset == 0)
            {
                // Even batches, in whole 64-row words, rather than full batches and a small tail.
                int batches = (_groupRows + maxRows - 1) / maxRows;
                int even = (_groupRows + batches - 1) / batches;
                _chunkRows = Math.Min(maxRows, (even + 63) & ~63);
            }

            int n = Math.Min(_chunkRows, _groupRows - _groupOffset);
            ColumnBatch? batch = _rowFilter is null ? DecodeAll(n) : DecodeFiltered(_rowFilter, n);
            _groupOffset += n;
            if (batch is not null)
            {
                return batch;
            }
        }
    }

    /// <summary>Takes up the TopN's latest cut-off, when it published one since the last batch.</summary>
    private void RefreshDynamicFilter()
    {
        if (_dynamic is null || !_dynamic.TryRefresh(out ScanPredicate? cutoff))
        {
            return;
        }

        ParquetRowFilter? rows = cutoff is null ? null : ParquetRowFilter.Create(_predicates, _read, [.. _columns.Select(c => c.Type)], cutoff);
        _rowFilter = rows ?? ParquetRowFilter.Create(_predicates, _read, [.. _columns.Select(c => c.Type)]);
        _dynamicGroups = cutoff is null ? null : ParquetRowGroupFilter.Create([cutoff], _statisticsColumns);
    }

    /// <summary>False when the row group's statistics prove that no row of it passes the TopN's cut-off.</summary>
    private bool PassesDynamicFilter(int group)
    {
        if (_dynamicGroups is null || _dynamicGroups.MayMatch(_footer, group))
        {
            return true;
        }

        // NULLs that sort first pass whatever the cut-off: a row group that may hold one is read.
        if (_dynamic!.NullsPass && _footer.StatisticsOf(group, _leaves[_dynamic.Position]) is not { NullCount: 0 })
        {
            return true;
        }

        _dynamic.CountSkippedRowGroup();
        return false;
    }

    private ColumnBatch DecodeAll(int n)
    {
        var columns = new List<ColumnVector>(_columns.Length);
        try
        {
            // Without a row filter every column read is returned.
            for (int c = 0; c < _columns.Length; c++)
            {
                columns.Add(ParquetColumnDecoder.Decode(Chunk(c), _columns[c], n, _groupOffset, _pool));
            }
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }

        return new ColumnBatch(_names, columns, n);
    }

    /// <summary>
    /// Decodes the filter columns of the next <paramref name="n"/> rows, then the others only if a row survives; the
    /// batch of the surviving rows, or null when none does.
    /// </summary>
    private ColumnBatch? DecodeFiltered(ParquetRowFilter filter, int n)
    {
        var decoded = new ColumnVector?[_columns.Length];
        ulong[] words = ArrayPool<ulong>.Shared.Rent(Bits.WordCount(n));
        int[]? rows = null;
        try
        {
            // One filter column at a time: once no row survives, the remaining filter columns are skipped too.
            Span<ulong> live = words.AsSpan(0, Bits.WordCount(n));
            Bits.SetAll(live, n);
            int count = n;
            Span<bool> tested = stackalloc bool[_columns.Length];
            foreach (int c in filter.Positions)
            {
                // A column read for the filter alone is tested where the decoder left its values, when it can be.
                if (c >= _outputs && filter.TryNarrowUndecoded(c, Chunk(c), _columns[c], n, _groupOffset, live))
                {
                    tested[c] = true;
                }
                else
                {
                    ColumnVector column = ParquetColumnDecoder.Decode(Chunk(c), _columns[c], n, _groupOffset, _pool);
                    decoded[c] = column;
                    filter.Narrow(c, column, live);
                }

                count = Bits.PopCount(live);
                if (count == 0)
                {
                    break;
                }
            }

            if (count == 0)
            {
                for (int c = 0; c < _columns.Length; c++)
                {
                    if (decoded[c] is null && !tested[c])
                    {
                        Skip(c, n);
                    }
                }

                return null;
            }

            var columns = new List<ColumnVector>(_columns.Length);
            try
            {
                if (count == n)
                {
                    for (int c = 0; c < _outputs; c++)
                    {
                        columns.Add(decoded[c] ?? ParquetColumnDecoder.Decode(Chunk(c), _columns[c], n, _groupOffset, _pool));
                        decoded[c] = null;
                    }

                    return new ColumnBatch(_names, columns, n);
                }

                // Filter columns are gathered to the survivors; the others are converted for the survivors alone.
                rows = ArrayPool<int>.Shared.Rent(count);
                Bits.ForEachSet(live, rows);
                bool sparse = count * SparseWindow * 2 <= n;
                for (int c = 0; c < _outputs; c++)
                {
                    columns.Add(decoded[c] is { } column
                        ? GatherKernels.Gather(column, rows.AsSpan(0, count), _pool)
                        : sparse
                            ? DecodeSparse(c, n, rows, count)
                            : ParquetColumnDecoder.Decode(Chunk(c), _columns[c], n, _groupOffset, rows, count, _pool));
                }


                return new ColumnBatch(_names, columns, count);
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }
        }
        finally
        {
            foreach (ColumnVector? column in decoded)
            {
                column?.Dispose();
            }

            ArrayPool<ulong>.Shared.Return(words);
            if (rows is not null)
            {
                ArrayPool<int>.Shared.Return(rows);
            }
        }
    }

    /// <summary>
    /// The survivors <paramref name="rows"/>[..<paramref name="count"/>] of the next <paramref name="n"/> rows of
    /// column <paramref name="c"/> when they are few (a TopN's cut-off lets a handful of rows through): only the windows
    /// of <see cref="SparseWindow"/> rows that hold one are decoded, the rows between them are skipped.
    /// </summary>
    private ColumnVector DecodeSparse(int c, int n, int[] rows, int count)
    {
        var parts = new List<ColumnVector>();
        int[] local = ArrayPool<int>.Shared.Rent(Math.Min(count, SparseWindow));
        try
        {
            int position = 0;
            int k = 0;
            while (k < count)
            {
                int start = rows[k] / SparseWindow * SparseWindow;
                int end = Math.Min(start + SparseWindow, n);
                int m = 0;
                for (; k < count && rows[k] < end; k++)
                {
                    local[m++] = rows[k] - start;
                }

                if (start > position)
                {
                    Skip(c, start - position);
                }

                parts.Add(ParquetColumnDecoder.Decode(Chunk(c), _columns[c], end - start, _groupOffset + start, local, m, _pool));
                position = end;
            }

            if (n > position)
            {
                Skip(c, n - position);
            }

            if (parts.Count == 1)
            {
                ColumnVector only = parts[0];
                parts.Clear();
                return only;
            }

            return Operators.ColumnConcatenation.Concatenate(_columns[c].Type, parts, _pool);
        }
        finally
        {
            parts.ForEach(p => p.Dispose());
            ArrayPool<int>.Shared.Return(local);
        }
    }

    /// <summary>
    /// Moves column <paramref name="c"/>'s chunk past <paramref name="n"/> rows without decoding them: lazily, when the
    /// column is next decoded in this row group; rows skipped up to the end of the row group are never read at all.
    /// </summary>
    private void Skip(int c, int n) => _pendingSkips[c] += n;

    /// <summary>Column <paramref name="c"/>'s chunk, moved past the rows skipped since it was last decoded.</summary>
    private ParquetChunk Chunk(int c)
    {
        int pending = _pendingSkips[c];
        if (pending > 0)
        {
            _pendingSkips[c] = 0;
            SkipNow(c, pending);
        }

        return _chunks[c];
    }

    private void SkipNow(int c, int n)
    {
        ParquetColumn column = _columns[c];
        long skipped;
        try
        {
            skipped = _chunks[c].Skip(n);
        }
        catch (global::ParquetSharp.ParquetException e)
        {
            throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' cannot be read: {e.Message}", e);
        }

        if (skipped != n)
        {
            throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' ends after {_groupOffset + skipped} rows of its row group, before the rows its metadata counts.");
        }
    }

    public void Dispose()
    {
        CloseGroup();
        _pages.Dispose();
        _file.Dispose();
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

    /// <summary>Opens the chunks of the next row group that may hold matching rows; false at the end of the range.</summary>
    private bool NextGroup()
    {
        while (_nextGroup < _endGroup)
        {
            int group = _nextGroup++;
            if ((_filter is not null && !_filter.MayMatch(_footer, group)) || !PassesDynamicFilter(group))
            {
                continue;
            }

            int rows = checked((int)_footer.RowCount(group));
            _group = _pages.RowGroup(group);
            if (_group.MetaData.NumRows != rows)
            {
                throw new ConnectorException($"The parquet file '{_columns[0].Path}' has row group {group} of {rows} rows by one reading and {_group.MetaData.NumRows} by another; the file is damaged.");
            }

            _chunks = new ParquetChunk[_columns.Length];
            _pendingSkips = new int[_columns.Length];
            List<global::Parquet.Meta.ColumnChunk> metadata = _footer.Metadata.RowGroups[group].Columns;
            for (int c = 0; c < _columns.Length; c++)
            {
                _chunks[c] = ParquetColumnDecoder.Open(_group, _leaves[c], _columns[c], _leaves[c] < metadata.Count ? metadata[_leaves[c]].MetaData : null, _footer.ChunkSizesExact ? _file : null);
            }

            _groupRows = rows;
            _groupOffset = 0;
            return true;
        }

        return false;
    }

    private void CloseGroup()
    {
        foreach (ParquetChunk? chunk in _chunks)
        {
            chunk?.Dispose();
        }

        _chunks = [];
        _group?.Dispose();
        _group = null;
    }
}
