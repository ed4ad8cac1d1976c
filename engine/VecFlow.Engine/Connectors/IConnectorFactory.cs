namespace VecFlow.Engine.Connectors;

/// <summary>Creates sources and sinks for one value of the <c>'connector'</c> option.</summary>
public interface IConnectorFactory
{
    /// <summary>The <c>'connector'</c> value, e.g. "filesystem", "nexmark", "datagen", "print", "blackhole".</summary>
    string Identifier { get; }

    /// <summary>A source, or a <see cref="ConnectorException"/> if this connector cannot read or the options are bad.</summary>
    ITableSource CreateSource(TableContext table);

    /// <summary>A sink, or a <see cref="ConnectorException"/> if this connector cannot write or the options are bad.</summary>
    ITableSink CreateSink(TableContext table);
}
