using System.Globalization;
using VecFlow.State.KeyGroups;

namespace VecFlow.Engine.Sessions;

/// <summary>The SET options of a session, with typed access to the ones VecFlow reads.</summary>
/// <remarks>Keys VecFlow does not know are kept (scripts written for Flink set many), but never silently change behaviour.</remarks>
public sealed class SessionSettings
{
    public const string RuntimeMode = "execution.runtime-mode";
    public const string MemoryPerOperator = "table.exec.resource.memory-per-operator";
    public const string Parallelism = "parallelism.default";
    public const string DefaultParallelism = "table.exec.resource.default-parallelism";

    /// <summary>Flink's maximum parallelism: the number of key groups keyed state is split into (default 128); a snapshot restores only into the same number.</summary>
    public const string MaxParallelism = "pipeline.max-parallelism";
    public const string StateBackendType = "state.backend.type";
    public const string LegacyStateBackend = "state.backend";

    /// <summary>VecFlow's own: bytes of RocksDB state each operator subtask caches in memory before writing a batch to RocksDB.</summary>
    public const string RocksDbWriteCache = "state.backend.rocksdb.write-cache.size";

    /// <summary>Flink's bound on how long a produced row may wait before it is sent on; VecFlow: how long a source waits for rows before it yields.</summary>
    public const string BufferTimeout = "execution.buffer-timeout.interval";

    /// <summary>How long a source split may have no data before it no longer holds the watermark back (0: never).</summary>
    public const string SourceIdleTimeout = "table.exec.source.idle-timeout";

    /// <summary>How long a key's state in group aggregates, regular joins and TopN lives after its last write (0: for ever).</summary>
    public const string StateTtl = "table.exec.state.ttl";

    /// <summary>With mini-batch on: how long a source gathers rows into one batch (VecFlow's mini-batch) when <see cref="BufferTimeout"/> is not set.</summary>
    public const string MiniBatchLatency = "table.exec.mini-batch.allow-latency";

    /// <summary>Flink's bound on a mini-batch's rows: checked and accepted; VecFlow's batches hold at most the session's batch rows.</summary>
    public const string MiniBatchSize = "table.exec.mini-batch.size";

    /// <summary>The same bound under its name before Flink 1.19.</summary>
    public const string LegacyBufferTimeout = "execution.buffer-timeout";

    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> Values => _values;

    public void Set(string key, string value)
    {
        // Validate the ones we read now, so a typo fails at SET and not halfway through a job.
        switch (key.ToLowerInvariant())
        {
            case RuntimeMode when value.ToLowerInvariant() is not ("batch" or "streaming"):
                throw new ArgumentException($"'{RuntimeMode}' must be 'batch' or 'streaming', not '{value}'.");
            case MemoryPerOperator or RocksDbWriteCache:
                ParseBytes(value);
                break;
            case StateBackendType or LegacyStateBackend when value.ToLowerInvariant() is not ("rocksdb" or "hashmap" or "heap"):
                throw new ArgumentException($"'{key}' must be 'rocksdb' or 'hashmap', not '{value}'.");
            case string k when Execution.Checkpointing.CheckpointingOptions.Keys.Contains(k, StringComparer.OrdinalIgnoreCase):
                Execution.Checkpointing.CheckpointingOptions.From(new Dictionary<string, string>(_values, StringComparer.OrdinalIgnoreCase) { [key] = value });
                break;
            case BufferTimeout or LegacyBufferTimeout or SourceIdleTimeout or StateTtl:
                Execution.Checkpointing.FlinkDuration.Parse(key, value);
                break;
            case Planning.SplitDistinctAggregateRule.EnabledKey or Graph.ReuseOptions.SubPlanKey or Graph.ReuseOptions.SourceKey when value.ToLowerInvariant() is not ("true" or "false"):
                throw new ArgumentException($"'{key}' must be 'true' or 'false', not '{value}'.");
            case Planning.SplitDistinctAggregateRule.BucketsKey when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b < 1:
                throw new ArgumentException($"'{key}' must be a positive integer, not '{value}'.");
            case Planning.LocalGlobalAggregateRule.StrategyKey when value.ToUpperInvariant() is not ("AUTO" or "ONE_PHASE" or "TWO_PHASE"):
                throw new ArgumentException($"'{key}' must be 'AUTO', 'ONE_PHASE' or 'TWO_PHASE', not '{value}'.");
            case Planning.LocalGlobalAggregateRule.MiniBatchKey when value.ToLowerInvariant() is not ("true" or "false"):
                throw new ArgumentException($"'{key}' must be 'true' or 'false', not '{value}'.");
            case MiniBatchLatency:
                Execution.Checkpointing.FlinkDuration.Parse(key, value);
                break;
            case MiniBatchSize when !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size) || size < 1:
                throw new ArgumentException($"'{key}' must be a positive integer, not '{value}'.");
            case Parallelism or DefaultParallelism when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p < 1:
                throw new ArgumentException($"'{key}' must be a positive integer, not '{value}'.");
            case MaxParallelism when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m < 1 || m > KeyGroupAssignment.UpperBoundMaxParallelism:
                throw new ArgumentException($"'{key}' must be an integer from 1 to {KeyGroupAssignment.UpperBoundMaxParallelism}, not '{value}'.");
        }

        _values[key] = value;
    }

    public void Reset(string? key)
    {
        if (key is null)
        {
            _values.Clear();
        }
        else
        {
            _values.Remove(key);
        }
    }

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public string Mode => Get(RuntimeMode)?.ToLowerInvariant() ?? "batch";

    /// <summary>Where streaming jobs keep keyed state: 'rocksdb' (the default) or 'hashmap' (the heap).</summary>
    public Execution.StateBackendKind StateBackend =>
        (Get(StateBackendType) ?? Get(LegacyStateBackend))?.ToLowerInvariant() is "hashmap" or "heap" ? Execution.StateBackendKind.Heap : Execution.StateBackendKind.RocksDb;

    /// <summary>The RocksDB write-back cache per operator subtask (default 64 MB).</summary>
    public long RocksDbWriteCacheBytes => Get(RocksDbWriteCache) is { } text ? ParseBytes(text) : 64L << 20;

    /// <summary>
    /// How long a streaming source waits for rows before it yields (<see cref="BufferTimeout"/>, default 100 ms); with
    /// mini-batch on and no buffer timeout set, the mini-batch's allowed latency (a source's batch is the mini-batch).
    /// </summary>
    public TimeSpan BufferTimeoutInterval =>
        (Get(BufferTimeout) ?? Get(LegacyBufferTimeout)) is { } text ? Execution.Checkpointing.FlinkDuration.Parse(BufferTimeout, text)
        : Get(Planning.LocalGlobalAggregateRule.MiniBatchKey)?.ToLowerInvariant() == "true" && Get(MiniBatchLatency) is { } latency ? Execution.Checkpointing.FlinkDuration.Parse(MiniBatchLatency, latency)
        : TimeSpan.FromMilliseconds(100);

    /// <summary>How long a source split may have no data before it is idle (<see cref="SourceIdleTimeout"/>); zero (the default): never.</summary>
    public TimeSpan SourceIdleTimeoutInterval =>
        Get(SourceIdleTimeout) is { } text ? Execution.Checkpointing.FlinkDuration.Parse(SourceIdleTimeout, text) : TimeSpan.Zero;

    /// <summary>The state time-to-live (<see cref="StateTtl"/>); zero (the default): state lives until cleared.</summary>
    public TimeSpan StateTtlInterval =>
        Get(StateTtl) is { } text ? Execution.Checkpointing.FlinkDuration.Parse(StateTtl, text) : TimeSpan.Zero;

    /// <summary>
    /// The streaming planner's options: split distinct aggregation and its bucket count; two-phase aggregation when
    /// the strategy is TWO_PHASE, or AUTO (the default) with mini-batch on, as Flink decides it.
    /// </summary>
    public Planning.StreamPlanningOptions StreamPlanning => new(
        Get(Planning.SplitDistinctAggregateRule.EnabledKey)?.ToLowerInvariant() == "true"
            ? Get(Planning.SplitDistinctAggregateRule.BucketsKey) is { } b ? int.Parse(b, CultureInfo.InvariantCulture) : Planning.SplitDistinctAggregateRule.DefaultBuckets
            : null,
        (Get(Planning.LocalGlobalAggregateRule.StrategyKey)?.ToUpperInvariant() ?? "AUTO") switch
        {
            "TWO_PHASE" => true,
            "AUTO" => Get(Planning.LocalGlobalAggregateRule.MiniBatchKey)?.ToLowerInvariant() == "true",
            _ => false,
        });

    /// <summary>
    /// Sub-plan and source reuse (<see cref="Graph.ReuseOptions.SubPlanKey"/>, <see cref="Graph.ReuseOptions.SourceKey"/>;
    /// both true by default, as in Flink): with sub-plan reuse off but source reuse on, only equal scans are shared.
    /// </summary>
    public Graph.ReuseOptions Reuse => new(
        Get(Graph.ReuseOptions.SubPlanKey)?.ToLowerInvariant() != "false",
        Get(Graph.ReuseOptions.SourceKey)?.ToLowerInvariant() != "false");

    public long MemoryPerOperatorBytes => Get(MemoryPerOperator) is { } text ? ParseBytes(text) : 256L << 20;

    public int ParallelismOrDefault => int.Parse(Get(Parallelism) ?? Get(DefaultParallelism) ?? "1", CultureInfo.InvariantCulture);

    public int MaxParallelismOrDefault => Get(MaxParallelism) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : KeyGroupAssignment.DefaultMaxParallelism;

    /// <summary>Flink's memory sizes: "64mb", "64 m", "1gb", "512kb", plain bytes.</summary>
    public static long ParseBytes(string text)
    {
        string t = text.Trim().ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        (string suffix, long factor)[] units = [("kb", 1L << 10), ("k", 1L << 10), ("mb", 1L << 20), ("m", 1L << 20), ("gb", 1L << 30), ("g", 1L << 30), ("b", 1), ("bytes", 1)];
        foreach (var (suffix, factor) in units.OrderByDescending(u => u.suffix.Length))
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) && long.TryParse(t[..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0)
            {
                return n * factor;
            }
        }

        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0
            ? bytes
            : throw new ArgumentException($"'{text}' is not a memory size; write e.g. '64mb', '512kb' or '1gb'.");
    }
}
