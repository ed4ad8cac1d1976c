using Apache.Arrow;
using Apache.Arrow.Ipc;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Spill;

/// <summary>A run of batches written to disk as an Arrow IPC stream, read back in order.</summary>
/// <remarks>
/// Spill files use the same Arrow IPC format as every other wire and disk path. Only live rows are written (batches
/// are compacted first). A full disk surfaces as a <see cref="SpillException"/> naming the file and the bytes written.
/// </remarks>
public sealed class SpillFile : IDisposable
{
    private readonly RowSchema _schema;
    private FileStream? _stream;
    private ArrowStreamWriter? _writer;

    private SpillFile(string path, RowSchema schema)
    {
        Path = path;
        _schema = schema;
    }

    public string Path { get; }

    public long Rows { get; private set; }

    public long Bytes => _stream?.Length ?? (File.Exists(Path) ? new FileInfo(Path).Length : 0);

    /// <summary>Creates a new spill file in <paramref name="directory"/>.</summary>
    public static SpillFile Create(string directory, RowSchema schema, string prefix = "spill")
    {
        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, $"{prefix}-{Guid.NewGuid():N}.arrows");
        return new SpillFile(path, schema);
    }

    /// <summary>Appends the live rows of <paramref name="batch"/> (the caller keeps ownership).</summary>
    public void Append(ColumnBatch batch, BufferPool pool)
    {
        using ColumnBatch compact = batch.Compact(pool);
        if (compact.Length == 0)
        {
            return;
        }

        try
        {
            RecordBatch record = compact.ToRecordBatch();
            if (_writer is null)
            {
                _stream = new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
                _writer = new ArrowStreamWriter(_stream, record.Schema, leaveOpen: true);
            }

            _writer.WriteRecordBatch(record);
            Rows += compact.Length;
        }
        catch (IOException e)
        {
            throw new SpillException($"Could not write spill file '{Path}' after {Bytes} bytes: {e.Message}", e);
        }
    }

    /// <summary>Ends writing; the file can then be read any number of times.</summary>
    public void FinishWriting()
    {
        try
        {
            _writer?.WriteEnd();
            _writer?.Dispose();
            _stream?.Flush();
            _stream?.Dispose();
        }
        catch (IOException e)
        {
            throw new SpillException($"Could not finish spill file '{Path}': {e.Message}", e);
        }
        finally
        {
            _writer = null;
            _stream = null;
        }
    }

    /// <summary>The batches written, in order; each is owned by the caller.</summary>
    public IEnumerable<ColumnBatch> Read(BufferPool pool)
    {
        if (_writer is not null)
        {
            throw new InvalidOperationException($"Spill file '{Path}' is still being written; call FinishWriting first.");
        }

        if (Rows == 0)
        {
            yield break;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new ArrowStreamReader(stream);
        while (reader.ReadNextRecordBatch() is { } record)
        {
            ColumnBatch batch = ColumnBatch.FromRecordBatch(record, pool);
            yield return Retype(batch);
        }
    }

    private ColumnBatch Retype(ColumnBatch batch)
    {
        // Arrow IPC does not carry VecFlow's nullability; the schema written is the schema read.
        if (batch.Columns.Count != _schema.Count)
        {
            batch.Dispose();
            throw new SpillException($"Spill file '{Path}' holds {batch.Columns.Count} columns; expected {_schema.Count}.");
        }

        return batch;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream?.Dispose();
        _writer = null;
        _stream = null;
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // The runtime deletes the whole spill directory at the end of the job as well.
        }
    }
}

/// <summary>Spilling failed (usually a full disk); names the file.</summary>
public sealed class SpillException(string message, Exception? inner = null) : Exception(message, inner);
