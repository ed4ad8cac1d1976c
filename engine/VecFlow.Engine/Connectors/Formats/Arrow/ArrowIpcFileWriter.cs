using Apache.Arrow;
using Apache.Arrow.Ipc;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using ArrowSchema = Apache.Arrow.Schema;

namespace VecFlow.Engine.Connectors.Formats.Arrow;

/// <summary>Writes batches as the record batches of one Arrow IPC file.</summary>
internal sealed class ArrowIpcFileWriter : IFormatWriter
{
    private readonly ArrowSchema _schema;
    private readonly ArrowFileWriter _writer;
    private bool _finished;

    public ArrowIpcFileWriter(Stream output, RowSchema schema)
    {
        var builder = new ArrowSchema.Builder();
        foreach (Schema.Field field in schema.Fields)
        {
            builder.Field(f => f.Name(field.Name).DataType(field.Type.ToArrow()).Nullable(field.Type.Nullable));
        }

        _schema = builder.Build();
        _writer = new ArrowFileWriter(output, _schema, leaveOpen: true);
    }

    public void Write(ColumnBatch batch)
    {
        // A view over the batch's buffers: the batch outlives the synchronous write.
        var record = new RecordBatch(_schema, batch.Columns.Select(c => c.Array), batch.Length);
        _writer.WriteRecordBatch(record);
    }

    public void Finish()
    {
        if (!_finished)
        {
            _finished = true;
            _writer.WriteEnd();
        }
    }

    public void Dispose() => _writer.Dispose();
}
