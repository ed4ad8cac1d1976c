using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Runtime;

/// <summary>What a running operator instance may use: memory, a spill directory, its place in the job, metrics.</summary>
public sealed class OperatorContext(
    BufferPool pool,
    MemoryBudget budget,
    string spillDirectory,
    int subtask = 0,
    int parallelism = 1,
    CancellationToken cancellation = default)
{
    public BufferPool Pool { get; } = pool;

    /// <summary>Bytes this operator may hold before it must spill (hash tables, sort buffers, join build sides).</summary>
    public MemoryBudget Budget { get; } = budget;

    /// <summary>A directory private to this operator instance for spill files; created on demand, deleted by the runtime.</summary>
    public string SpillDirectory { get; } = spillDirectory;

    public int Subtask { get; } = subtask;

    public int Parallelism { get; } = parallelism;

    public CancellationToken Cancellation { get; } = cancellation;

    public OperatorMetrics Metrics { get; } = new();

    /// <summary>The keyed state of this subtask (streaming operators with state); null for batch operators.</summary>
    public IKeyedStateBackend? KeyedState { get; init; }

    /// <summary>The keyed state, or a clear error when the runtime gave this operator none.</summary>
    public IKeyedStateBackend RequireKeyedState() =>
        KeyedState ?? throw new InvalidOperationException("This operator keeps keyed state, but the runtime opened it without a state backend.");

    /// <summary>
    /// True in a checkpointed streaming job: sinks write transactionally (<see cref="Connectors.ISinkWriter.PrepareCommit(long)"/>)
    /// so that a row becomes visible only with the checkpoint it belongs to.
    /// </summary>
    public bool ExactlyOnce { get; init; }

    /// <summary>
    /// Opens a catalog table's source, for operators that read a table themselves (a lookup join loads its table);
    /// null where the runtime offers none.
    /// </summary>
    public Func<Catalog.CatalogTable, Connectors.ITableSource>? TableSources { get; init; }

    /// <summary>
    /// The time-to-live of the keyed state of group aggregates, regular joins and TopN (<c>table.exec.state.ttl</c>);
    /// null: state lives until the operator clears it. Window operators ignore it (their timers clear their state).
    /// </summary>
    public StateTtl? StateTtl { get; init; }

    /// <summary>
    /// Batch mode: the TopN cut-off this operator publishes (a TopN) or reads between batches (the scan under it, in
    /// the same chain); set by the runtime before the operator opens, null when there is none.
    /// </summary>
    public DynamicFilter? DynamicFilter { get; set; }

    /// <summary>Rows per output batch operators aim for.</summary>
    public int BatchRows { get; init; } = 65_536;
}
