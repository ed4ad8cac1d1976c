using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors.Formats.Arrow;

/// <summary>The 'arrow' (or 'arrow-ipc') format: the Arrow IPC file format, one record batch per written batch.</summary>
/// <remarks>Columns match by name on read; the physical layouts are VecFlow's own (see SqlType), so nothing is converted.</remarks>
public sealed class ArrowIpcFormat : IFileFormat
{
    public string Name => "arrow";

    public string Extension => "arrow";

    public IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context) =>
        new ArrowIpcFileReader(path, fileSchema, columns, context);

    public IFormatWriter OpenWriter(Stream output, RowSchema schema, OperatorContext context) => new ArrowIpcFileWriter(output, schema);
}
