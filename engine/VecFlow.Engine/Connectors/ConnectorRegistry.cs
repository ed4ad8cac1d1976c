using VecFlow.Engine.Connectors.Blackhole;
using VecFlow.Engine.Connectors.Datagen;
using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Connectors.Nexmark;
using VecFlow.Engine.Connectors.Print;

namespace VecFlow.Engine.Connectors;

/// <summary>The connector factories by their <c>'connector'</c> identifier (case-insensitive): the built-in ones plus any registered.</summary>
/// <remarks>
/// Built in: blackhole, datagen, filesystem, nexmark, print. Connectors living in other projects are added with
/// <see cref="Register"/> where the engine is assembled, e.g. <c>registry.Register(new MyConnectorFactory())</c>.
/// </remarks>
public sealed class ConnectorRegistry
{
    private readonly Dictionary<string, IConnectorFactory> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry holding the built-in connectors.</summary>
    public ConnectorRegistry()
    {
        Register(new BlackholeConnectorFactory());
        Register(new DatagenConnectorFactory());
        Register(new FilesystemConnectorFactory());
        Register(new NexmarkConnectorFactory());
        Register(new PrintConnectorFactory());
    }

    /// <summary>The registered identifiers, sorted.</summary>
    public IReadOnlyList<string> Identifiers => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds a connector, or replaces the one with the same identifier (a test double, a newer version).</summary>
    public void Register(IConnectorFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factories[factory.Identifier] = factory;
    }

    /// <summary>The factory named by the table's <c>'connector'</c> option.</summary>
    public IConnectorFactory Resolve(TableContext table)
    {
        string identifier = table.Options.Require("connector").Trim();
        return _factories.TryGetValue(identifier, out IConnectorFactory? factory)
            ? factory
            : throw new ConnectorException($"Unknown connector '{identifier}' for table '{table.Name}'; valid: {string.Join(", ", Identifiers)}");
    }

    public ITableSource CreateSource(TableContext table) => Resolve(table).CreateSource(table);

    public ITableSink CreateSink(TableContext table) => Resolve(table).CreateSink(table);
}
