using System.Text;
using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>One subtask of a filesystem sink: routes rows to the part file of their partition directory.</summary>
/// <remarks>
/// Partition columns are not stored inside the files (as Flink): their values are the directory names. The sink is
/// append-only: a retraction or update reaching it is an error, never dropped.
/// </remarks>
internal sealed class FilesystemSinkWriter : ISinkWriter
{
    private readonly FilesystemTable _table;
    private readonly OperatorContext _context;
    private readonly Dictionary<string, PartFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _groups = new(StringComparer.Ordinal);
    private readonly List<string> _batchPartitions = [];
    private readonly IReadOnlyList<string> _dataNames;
    private char[] _path = new char[256];
    private char[] _chars = new char[256];

    public FilesystemSinkWriter(FilesystemTable table, OperatorContext context)
    {
        _table = table;
        _context = context;
        _dataNames = table.DataSchema.Names;
        Directory.CreateDirectory(table.Root);
    }

    /// <summary>Every part file this writer has published.</summary>
    public IEnumerable<string> Files => _files.Values.SelectMany(f => f.Finished);

    public void Write(ColumnBatch batch)
    {
        ColumnBatch rows;
        try
        {
            CheckInsertsOnly(batch);
            rows = batch.Compact(_context.Pool);
        }
        finally
        {
            batch.Dispose();
        }

        using (rows)
        {
            if (rows.Length == 0)
            {
                return;
            }

            if (_table.PartitionColumns.Count == 0)
            {
                using ColumnBatch data = new(_dataNames, [.. _table.DataColumns.Select(c => rows.Column(c).Share())], rows.Length);
                File(_table.Root).Write(data, _table.DataSchema);
                return;
            }

            WritePartitioned(rows);
        }
    }

    public void Finish()
    {
        foreach (PartFile file in _files.Values)
        {
            file.Complete();
        }

    }

    /// <summary>Finishes every open file and returns the files to publish when the checkpoint completes (see <see cref="FilesystemSink.Commit"/>).</summary>
    public IReadOnlyList<string> PrepareCommit() =>
        [.. _files.Values.SelectMany(f => f.TakePending()).Select(p => FilesystemSink.Committable(p.Temporary, p.Final))];

    public void Dispose()
    {
        // Files not finished are abandoned (deleted), so a failed job leaves no half-written visible file.
        foreach (PartFile file in _files.Values)
        {
            file.Dispose();
        }

        _files.Clear();
    }

    private void WritePartitioned(ColumnBatch rows)
    {
        Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> lookup = _groups.GetAlternateLookup<ReadOnlySpan<char>>();
        _batchPartitions.Clear();
        for (int row = 0; row < rows.Length; row++)
        {
            ReadOnlySpan<char> path = PartitionPath(rows, row);
            if (!lookup.TryGetValue(path, out string? key, out List<int>? group))
            {
                key = path.ToString();
                group = [];
                _groups[key] = group;
            }

            if (group.Count == 0)
            {
                _batchPartitions.Add(key);
            }

            group.Add(row);
        }

        foreach (string partition in _batchPartitions)
        {
            List<int> group = _groups[partition];
            int[] selected = [.. group];
            group.Clear();
            var columns = new List<ColumnVector>(_table.DataColumns.Count);
            try
            {
                foreach (int c in _table.DataColumns)
                {
                    columns.Add(GatherKernels.Gather(rows.Column(c), selected, _context.Pool));
                }
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }

            using var data = new ColumnBatch(_dataNames, columns, selected.Length);
            File(Path.Combine(_table.Root, partition.Replace('/', Path.DirectorySeparatorChar))).Write(data, _table.DataSchema);
        }
    }

    /// <summary>The relative directory <c>k1=v1/k2=v2</c> of one row, in a reused buffer.</summary>
    private ReadOnlySpan<char> PartitionPath(ColumnBatch rows, int row)
    {
        int n = 0;
        Span<byte> scratch = stackalloc byte[ValueText.MaxLength];
        for (int k = 0; k < _table.PartitionColumns.Count; k++)
        {
            ColumnVector column = rows.Column(_table.PartitionColumns[k]);
            string key = _table.Table.PartitionKeys[k];
            ReadOnlySpan<byte> value = column.IsNull(row)
                ? default
                : column.Type.Kind == SqlTypeKind.Varchar ? column.StringAt(row) : scratch[..ValueText.Format(column, row, scratch)];
            Ensure(n + key.Length + 2 + (3 * (value.Length + _table.DefaultPartition.Length)));
            if (k > 0)
            {
                _path[n++] = '/';
            }

            n += HivePartitionPath.Escape(key, _path.AsSpan(n));
            _path[n++] = '=';
            if (value.IsEmpty)
            {
                _table.DefaultPartition.CopyTo(_path.AsSpan(n));
                n += _table.DefaultPartition.Length;
                continue;
            }

            if (_chars.Length < value.Length)
            {
                _chars = new char[value.Length * 2];
            }

            int count = Encoding.UTF8.GetChars(value, _chars);
            n += HivePartitionPath.Escape(_chars.AsSpan(0, count), _path.AsSpan(n));
        }

        return _path.AsSpan(0, n);
    }

    private void Ensure(int chars)
    {
        if (_path.Length < chars)
        {
            Array.Resize(ref _path, chars * 2);
        }
    }

    private PartFile File(string directory)
    {
        if (!_files.TryGetValue(directory, out PartFile? file))
        {
            file = new PartFile(directory, _table, _context);
            _files[directory] = file;
        }

        return file;
    }

    private void CheckInsertsOnly(ColumnBatch batch)
    {
        if (batch.RowKinds is null)
        {
            return;
        }

        for (int row = 0; row < batch.Length; row++)
        {
            if ((batch.Selection is null || batch.Selection.IsSelected(row)) && batch.RowKindAt(row) != RowKind.Insert)
            {
                throw new ConnectorException(
                    $"The filesystem sink of table '{_table.Table.Name}' only accepts inserts (+I), but row {row + 1} of a batch is {batch.RowKindAt(row).ToShortString()}; write updating results to a sink with a primary key (upsert) instead.");
            }
        }
    }
}
