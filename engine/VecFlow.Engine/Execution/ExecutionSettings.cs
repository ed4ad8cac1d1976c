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

    /// <summary>Key groups of hash exchanges (<c>pipeline.max-parallelism</c>); the upper bound of <see cref="Parallelism"/>.</summary>
    public int MaxParallelism { get; init; } = VecFlow.State.KeyGroups.KeyGroupAssignment.DefaultMaxParallelism;

    /// <summary>True for a streaming job: watermarks flow, stateful steps are streaming operators with keyed state.</summary>
    public bool Streaming { get; init; }

    /// <summary>Where streaming operators keep keyed state (<c>state.backend.type</c>).</summary>
    public StateBackendKind StateBackend { get; init; } = StateBackendKind.RocksDb;

    /// <summary>Bytes of keyed state each RocksDB backend caches before writing to RocksDB (<c>state.backend.rocksdb.write-cache.size</c>).</summary>
    public long StateCacheBytes { get; init; } = 64L << 20;

    /// <summary>A directory for keyed state (RocksDB files); each operator subtask gets its own subdirectory.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>A table's watermark, for streaming sources (null: the table declares none).</summary>
    public Func<CatalogTable, Planning.Binding.TableWatermark?>? Watermarks { get; init; }

    /// <summary>
    /// The longest a streaming source waits for rows of a slow split before it yields (<c>execution.buffer-timeout.interval</c>),
    /// so rows of its other splits, watermarks, idleness and checkpoint barriers never wait longer; at least 1 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a source split may have no data before it is idle (<c>table.exec.source.idle-timeout</c>): an idle split
    /// no longer holds its subtask's watermark back, and a subtask whose splits are all idle tells its consumers so,
    /// until data comes again. Zero: never idle.
    /// </summary>
    public TimeSpan SourceIdleTimeout { get; init; }

    /// <summary>
    /// How long the keyed state of group aggregates, regular joins and TopN lives after a key's last write
    /// (<c>table.exec.state.ttl</c>): a key idle longer starts over. Zero: for ever.
    /// </summary>
    public TimeSpan StateTtl { get; init; }

    /// <summary>Which equal subtrees a streaming job runs once for all their consumers (sub-plan and source reuse; both on by default).</summary>
    public Graph.ReuseOptions Reuse { get; init; } = Graph.ReuseOptions.Enabled;

    /// <summary>The clock of idleness, processing time and state TTL (tests inject their own).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where subtasks run; dedicated threads of this process when null.</summary>
    public ISubtaskExecutor? Executor { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>Checkpoints, restarts and the savepoint to start from (streaming jobs).</summary>
    public Checkpointing.CheckpointingOptions Checkpointing { get; init; } = new();

    /// <summary>The checkpoint or savepoint to restore from (opened from <see cref="Checkpointing"/>'s restore path by the caller).</summary>
    public VecFlow.State.Checkpoints.CompletedCheckpoint? RestoreFrom { get; init; }

    /// <summary>A name for the job's checkpoint directory (<c>&lt;checkpoint dir&gt;/&lt;job id&gt;</c>).</summary>
    public string JobId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Fails tasks on purpose at chosen points (tests of exactly-once delivery); null in real jobs.</summary>
    public Checkpointing.IFaultInjector? Faults { get; init; }

    /// <summary>Opens a table's connector (its source or sink).</summary>
    public required Func<CatalogTable, TableContext, IConnectorFactory> Connector { get; init; }

    /// <summary>A copy with another cancellation token (a job's own, cancelled when one of its subtasks fails).</summary>
    public ExecutionSettings With(CancellationToken cancellation) => new()
    {
        Pool = Pool,
        MemoryPerOperator = MemoryPerOperator,
        SpillDirectory = SpillDirectory,
        BatchRows = BatchRows,
        Parallelism = Parallelism,
        MaxParallelism = MaxParallelism,
        Executor = Executor,
        Streaming = Streaming,
        StateBackend = StateBackend,
        StateDirectory = StateDirectory,
        StateCacheBytes = StateCacheBytes,
        Watermarks = Watermarks,
        FlushInterval = FlushInterval,
        SourceIdleTimeout = SourceIdleTimeout,
        Clock = Clock,
        StateTtl = StateTtl,
        Cancellation = cancellation,
        Connector = Connector,
        Checkpointing = Checkpointing,
        RestoreFrom = RestoreFrom,
        JobId = JobId,
        Faults = Faults,
    };
}

/// <summary>The keyed state backends: RocksDB on local disk (Flink's 'rocksdb'), or objects on the heap ('hashmap').</summary>
public enum StateBackendKind
{
    RocksDb,
    Heap,
}
