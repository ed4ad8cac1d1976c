namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The <c>'connector' = 'nexmark'</c> factory: a source of Nexmark benchmark events; it cannot be written to.</summary>
public sealed class NexmarkConnectorFactory : IConnectorFactory
{
    private readonly TimeProvider _clock;

    public NexmarkConnectorFactory()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A factory whose sources read <paramref name="clock"/> for the default base time and for rate limiting.</summary>
    internal NexmarkConnectorFactory(TimeProvider clock) => _clock = clock;

    public string Identifier => "nexmark";

    public ITableSource CreateSource(TableContext table) => new NexmarkTableSource(table, _clock);

    public ITableSink CreateSink(TableContext table) => throw new ConnectorException(
        $"Table '{table.Name}' uses the 'nexmark' connector, which only generates events and cannot be written to; INSERT INTO a table of a sink connector (e.g. 'filesystem', 'print' or 'blackhole') instead.");
}
