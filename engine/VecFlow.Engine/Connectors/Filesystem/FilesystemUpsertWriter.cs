using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Runtime;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>One subtask of an upsert filesystem sink (a table with a primary key, in streaming): keeps the table's rows of its key groups and writes them whole at each checkpoint.</summary>
/// <remarks>
/// The runtime routes rows by a hash of the primary key, so this subtask sees every change of the keys in its key-group
/// range. The rows live in keyed state (a value per key: the row), which checkpoints snapshot and restores bring back
/// (at any parallelism). +I and +U put the row, -D deletes the key; -U is skipped, as Flink's upsert sinks do, since
/// the +U that follows replaces the row. At each checkpoint (<see cref="PrepareCommit(long)"/>) the whole range is
/// written to one hidden file named by range and checkpoint id; <see cref="FilesystemSink.Commit"/> publishes it and
/// deletes the file it replaces (<see cref="UpsertCommit"/>). So the visible files are exactly the table as of the last
/// completed checkpoint (and of the job's end), at the cost of rewriting each subtask's share of the table per
/// checkpoint.
/// </remarks>
internal sealed class FilesystemUpsertWriter : ISinkWriter
{
    /// <summary>The name of the state holding the rows (part of the operator's state in savepoints).</summary>
    public const string StateName = "upsert-rows";

    private static readonly long[] NoNamespace = [0];

    private readonly FilesystemTable _table;
    private readonly OperatorContext _context;
    private readonly IKeyedStateBackend _backend;
    private readonly IValueState<StateRow> _rows;
    private readonly SqlType[] _types;
    private readonly int[] _keyColumns;
    private readonly EncodedKeys _keys;
    private readonly EncodedKeys _puts;
    private readonly EncodedKeys _deletes;
    private KeyEncoder? _encoder;
    private string? _writing;

    public FilesystemUpsertWriter(FilesystemTable table, OperatorContext context)
    {
        if (table.PartitionColumns.Count > 0)
        {
            throw new ConnectorException(
                $"not supported in streaming mode yet: writing updates into the partitioned filesystem table '{table.Table.Name}'; drop its PARTITIONED BY, or its PRIMARY KEY when the query only inserts.");
        }

        _table = table;
        _context = context;
        _backend = context.RequireKeyedState();
        _types = [.. table.Table.PhysicalSchema.Fields.Select(f => f.Type)];
        _keyColumns = [.. table.Table.PrimaryKey.Select(k => table.Table.PhysicalSchema.IndexOf(k))];
        _rows = _backend.GetValueState(new ValueStateDescriptor<StateRow>(StateName, new StateRowSerializer(_types)));
        _keys = new EncodedKeys(_backend.MaxParallelism);
        _puts = new EncodedKeys(_backend.MaxParallelism);
        _deletes = new EncodedKeys(_backend.MaxParallelism);
        Directory.CreateDirectory(table.Root);
    }

    public void Write(ColumnBatch batch)
    {
        using (batch)
        {
            if (batch.LiveCount == 0)
            {
                return;
            }

            // Keys are encoded from the batch's own column types: the types the exchange hashed them by.
            _encoder ??= new KeyEncoder([.. _keyColumns.Select(c => batch.Column(c).Type)], _backend.MaxParallelism);
            _encoder.Encode(batch, _keyColumns, _keys);
            int[] putRows = LastChanges(batch);
            if (_puts.Count > 0)
            {
                var rows = new StateRow[putRows.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    rows[i] = new StateRow(_types);
                }

                for (int c = 0; c < _types.Length; c++)
                {
                    JoinRowColumns.Read(batch.Column(c), putRows, rows, c);
                }

                _rows.PutValues(_puts, NoNamespace, rows);
            }

            if (_deletes.Count > 0)
            {
                _rows.Clear(_deletes, NoNamespace);
            }
        }
    }

    /// <summary>Not exactly-once (no checkpoints): publishes the range's rows now, as the newest version of the range.</summary>
    public void Finish()
    {
        long next = UpsertFile.List(_table.Root).Committed.Select(f => f.Checkpoint + 1).DefaultIfEmpty(1).Max();
        UpsertCommit.Apply(_table.Table.Name, [WriteRange(next)]);
    }

    /// <summary>Writes every row of this subtask's key groups into a hidden file of checkpoint <paramref name="checkpointId"/>.</summary>
    public IReadOnlyList<string> PrepareCommit(long checkpointId) => [WriteRange(checkpointId).Committable];

    public IReadOnlyList<string> PrepareCommit() =>
        throw new InvalidOperationException("An upsert sink names its files by checkpoint id; call PrepareCommit(checkpointId).");

    public void Dispose()
    {
        // A file cut short by a failure is never published.
        if (_writing is not null)
        {
            File.Delete(_writing);
            _writing = null;
        }
    }

    /// <summary>
    /// Splits the batch's keys into <see cref="_puts"/> and <see cref="_deletes"/> by each key's last change in the batch
    /// (later changes of a key replace earlier ones); returns the batch row of each put, in <see cref="_puts"/>' order.
    /// </summary>
    private int[] LastChanges(ColumnBatch batch)
    {
        int n = _keys.Count;
        var byHash = new Dictionary<ulong, int>(n);
        var chain = new List<int>(n);
        var last = new List<int>(n);
        ReadOnlySpan<int> rows = _keys.Rows;
        for (int i = 0; i < n; i++)
        {
            if (batch.RowKindAt(rows[i]) == RowKind.UpdateBefore)
            {
                continue;
            }

            ulong hash = _keys.Hashes[i];
            ReadOnlySpan<byte> key = _keys.Key(i);
            int slot = -1;
            if (byHash.TryGetValue(hash, out int head))
            {
                for (int s = head; s >= 0; s = chain[s])
                {
                    if (_keys.Key(last[s]).SequenceEqual(key))
                    {
                        slot = s;
                        break;
                    }
                }
            }

            if (slot < 0)
            {
                chain.Add(byHash.TryGetValue(hash, out int previous) ? previous : -1);
                byHash[hash] = last.Count;
                last.Add(i);
            }
            else
            {
                last[slot] = i;
            }
        }

        _puts.Clear();
        _deletes.Clear();
        var putRows = new List<int>(last.Count);
        foreach (int i in last)
        {
            if (batch.RowKindAt(rows[i]) == RowKind.Delete)
            {
                _deletes.Add(_keys.Key(i), _keys.Hashes[i], rows[i]);
            }
            else
            {
                _puts.Add(_keys.Key(i), _keys.Hashes[i], rows[i]);
                putRows.Add(rows[i]);
            }
        }

        return [.. putRows];
    }

    /// <summary>Writes the rows of this subtask's key groups, in key order, into the hidden file of <paramref name="checkpoint"/>.</summary>
    private UpsertFile WriteRange(long checkpoint)
    {
        KeyGroupRange range = _backend.KeyGroupRange;
        var file = new UpsertFile(_table.Root, range.Start, range.End, checkpoint, _table.Format.Extension);
        _writing = file.Temporary;

        // A hidden file of this name can only be left over from an attempt whose checkpoint never completed: replace it.
        using (var stream = new FileStream(file.Temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            using (IFormatWriter writer = _table.Format.OpenWriter(stream, _table.DataSchema, _context))
            {
                var chunk = new List<StateRow?>(Math.Min(_context.BatchRows, 4096));
                foreach (StateRow row in _rows.Values(range))
                {
                    chunk.Add(row);
                    if (chunk.Count == chunk.Capacity)
                    {
                        WriteChunk(writer, chunk);
                    }
                }

                WriteChunk(writer, chunk);
                writer.Finish();
            }

            stream.Flush(flushToDisk: true);
        }

        _writing = null;
        return file;
    }

    private void WriteChunk(IFormatWriter writer, List<StateRow?> chunk)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var columns = new List<ColumnVector>(_types.Length);
        try
        {
            for (int c = 0; c < _types.Length; c++)
            {
                columns.Add(JoinRowColumns.Build(_types[c], chunk, c, _context.Pool));
            }
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }

        using var batch = new ColumnBatch(_table.DataSchema.Names, columns, chunk.Count);
        writer.Write(batch);
        chunk.Clear();
    }
}
