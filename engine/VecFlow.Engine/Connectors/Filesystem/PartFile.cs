using VecFlow.Engine.Connectors.Formats;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>The part files one sink subtask writes into one directory: written hidden, renamed into place when complete.</summary>
/// <remarks>
/// A file is written as <c>.part-&lt;subtask&gt;-&lt;uuid&gt;.&lt;ext&gt;.inprogress</c> (the source skips names starting
/// with '.') and renamed to <c>part-&lt;subtask&gt;-&lt;uuid&gt;.&lt;ext&gt;</c> when finished, so a reader never sees half
/// a file. With a rolling size, a file is finished once it reaches that size and the next batch starts a new one.
/// Exactly-once (a checkpointed streaming job): a finished file stays hidden, pending, until the checkpoint its rows
/// belong to completes; <see cref="TakePending"/> hands the pending files to the checkpoint.
/// </remarks>
internal sealed class PartFile(string directory, FilesystemTable table, OperatorContext context) : IDisposable
{
    private readonly List<string> _finished = [];
    private readonly List<(string Temporary, string Final)> _pending = [];
    private FileStream? _stream;
    private IFormatWriter? _writer;
    private string? _temporary;
    private string? _final;

    /// <summary>The files completed so far.</summary>
    public IReadOnlyList<string> Finished => _finished;

    public void Write(ColumnBatch batch, RowSchema schema)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(directory);
            string name = $"part-{context.Subtask}-{Guid.NewGuid():N}.{table.Format.Extension}";
            _final = Path.Combine(directory, name);
            _temporary = Path.Combine(directory, "." + name + ".inprogress");
            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            _writer = table.Format.OpenWriter(_stream, schema, context);
        }

        _writer.Write(batch);
        if (table.RollingFileSize is long limit && _stream!.Length >= limit)
        {
            Complete();
        }
    }

    /// <summary>Finishes and publishes the open file, if any.</summary>
    public void Complete()
    {
        if (_writer is null)
        {
            return;
        }

        _writer.Finish();
        _writer.Dispose();
        _stream!.Flush(flushToDisk: true);
        _stream.Dispose();
        if (context.ExactlyOnce)
        {
            _pending.Add((_temporary!, _final!));
        }
        else
        {
            File.Move(_temporary!, _final!);
            _finished.Add(_final!);
        }

        _writer = null;
        _stream = null;
        _temporary = _final = null;
    }

    /// <summary>Finishes the open file and returns every pending file (hidden name, final name), which this part file forgets.</summary>
    public List<(string Temporary, string Final)> TakePending()
    {
        Complete();
        var pending = new List<(string, string)>(_pending);
        _pending.Clear();
        return pending;
    }

    /// <summary>Abandons an unfinished file and pending files no checkpoint took: they are deleted, never published.</summary>
    public void Dispose()
    {
        foreach (var (temporary, _) in _pending)
        {
            File.Delete(temporary);
        }

        _pending.Clear();
        if (_writer is null)
        {
            return;
        }

        try
        {
            _writer.Dispose();
            _stream!.Dispose();
        }
        finally
        {
            File.Delete(_temporary!);
            _writer = null;
            _stream = null;
        }
    }
}
