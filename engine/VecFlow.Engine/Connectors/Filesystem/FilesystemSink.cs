using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Writes part files into the table's directory, Hive-style <c>key=value/</c> subdirectories per partition.</summary>
public sealed class FilesystemSink(FilesystemTable table) : ITableSink
{
    public FilesystemTable Table { get; } = table;

    public ISinkWriter Open(OperatorContext context) => new FilesystemSinkWriter(Table, context);
}
