namespace VecFlow.Engine.Connectors.Blackhole;

/// <summary>The 'blackhole' connector: a sink that discards every row (for benchmarks and dry runs).</summary>
public sealed class BlackholeConnectorFactory : IConnectorFactory
{
    public string Identifier => "blackhole";

    public ITableSource CreateSource(TableContext table) =>
        throw new ConnectorException($"The blackhole connector of table '{table.Name}' can only be written to, not read.");

    public ITableSink CreateSink(TableContext table)
    {
        table.Options.Validate(Identifier, ["connector"]);
        return new BlackholeSink();
    }
}
