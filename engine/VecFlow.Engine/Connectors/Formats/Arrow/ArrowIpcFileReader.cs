using Apache.Arrow;
using Apache.Arrow.Ipc;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Connectors.Formats.Arrow;

/// <summary>Reads the requested columns of an Arrow IPC file, wrapping its arrays without copying.</summary>
internal sealed class ArrowIpcFileReader : IFormatReader
{
    private readonly string _path;
    private readonly RowSchema _fileSchema;
    private readonly IReadOnlyList<int> _columns;
    private readonly BufferPool _pool;
    private readonly ArrowFileReader _reader;
    private int[]? _positions;
    private ColumnBatch? _pending;
    private int _pendingOffset;

    public ArrowIpcFileReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context)
    {
        _path = path;
        _fileSchema = fileSchema;
        _columns = columns;
        _pool = context.Pool;
        _reader = new ArrowFileReader(FileStreams.OpenRead(path), leaveOpen: false);
    }

    public ColumnBatch? Read(int maxRows)
    {
        while (_pending is null || _pendingOffset >= _pending.Length)
        {
            _pending?.Dispose();
            _pending = null;
            RecordBatch? record = ReadRecord();
            if (record is null)
            {
                return null;
            }

            _pending = Project(record);
            _pendingOffset = 0;
        }

        if (_pendingOffset == 0 && _pending.Length <= maxRows)
        {
            ColumnBatch whole = _pending;
            _pending = null;
            return whole;
        }

        int n = Math.Min(maxRows, _pending.Length - _pendingOffset);
        int[] rows = [.. Enumerable.Range(_pendingOffset, n)];
        _pendingOffset += n;
        var columns = new List<ColumnVector>(_pending.Columns.Count);
        foreach (ColumnVector column in _pending.Columns)
        {
            columns.Add(GatherKernels.Gather(column, rows, _pool));
        }

        return new ColumnBatch(_pending.Names, columns, n);
    }

    public void Dispose()
    {
        _pending?.Dispose();
        _reader.Dispose();
    }

    private RecordBatch? ReadRecord()
    {
        try
        {
            return _reader.ReadNextRecordBatch();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new ConnectorException($"The file '{_path}' is not a readable Arrow IPC file: {e.Message}", e);
        }
    }

    private ColumnBatch Project(RecordBatch record)
    {
        if (_positions is null)
        {
            var names = record.Schema.FieldsList.Select(f => f.Name).ToList();
            _positions = new int[_columns.Count];
            for (int j = 0; j < _columns.Count; j++)
            {
                string name = _fileSchema[_columns[j]].Name;
                _positions[j] = names.IndexOf(name);
                if (_positions[j] < 0)
                {
                    record.Dispose();
                    throw new ConnectorException($"The Arrow file '{_path}' has no column '{name}'; its columns are {string.Join(", ", names)}.");
                }
            }
        }

        using ColumnBatch all = ColumnBatch.FromRecordBatch(record, _pool);
        var columns = new List<ColumnVector>(_columns.Count);
        for (int j = 0; j < _columns.Count; j++)
        {
            ColumnVector column = all.Column(_positions[j]);
            Schema.Field expected = _fileSchema[_columns[j]];
            if (column.Type.Kind != expected.Type.Kind || column.Type.Scale != expected.Type.Scale)
            {
                columns.ForEach(c => c.Dispose());
                throw new ConnectorException(
                    $"Column '{expected.Name}' of the Arrow file '{_path}' holds {column.Type}; the table declares {expected.Type}.");
            }

            columns.Add(column.Share());
        }

        return new ColumnBatch([.. _columns.Select(c => _fileSchema[c].Name)], columns, all.Length);
    }
}
