using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Execution;

/// <summary>What a batch job runs with: memory, spill space, batch size, and how tables become sources and sinks.</summary>
public sealed class ExecutionSettings
{
    public required BufferPool Pool { get; init; }

    /// <summary>Bytes each blocking operator may hold before it spills (<c>table.exec.resource.memory-per-operator</c>).</summary>
    public long MemoryPerOperator { get; init; } = 256L << 20;

    /// <summary>A directory for spill files; each operator gets its own subdirectory.</summary>
    public required string SpillDirectory { get; init; }

    public int BatchRows { get; init; } = 65_536;

    public int Parallelism { get; init; } = 1;

    public CancellationToken Cancellation { get; init; }

    /// <summary>Opens a table's connector (its source or sink).</summary>
    public required Func<CatalogTable, TableContext, IConnectorFactory> Connector { get; init; }
}
