namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>The 'filesystem' connector: csv, json, parquet and arrow files in a local directory.</summary>
public sealed class FilesystemConnectorFactory : IConnectorFactory
{
    public string Identifier => "filesystem";

    public ITableSource CreateSource(TableContext table) => new FilesystemSource(FilesystemTable.From(table));

    public ITableSink CreateSink(TableContext table) => new FilesystemSink(FilesystemTable.From(table));
}
