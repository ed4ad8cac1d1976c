using VecFlow.State.KeyGroups;

namespace VecFlow.State.Backends;

/// <summary>Settings of a keyed state backend.</summary>
public sealed record StateBackendOptions
{
    /// <summary>Key groups of the job (its maximum parallelism); snapshots restore only into the same number.</summary>
    public int MaxParallelism { get; init; } = KeyGroupAssignment.DefaultMaxParallelism;

    /// <summary>Bytes the RocksDB backend's write-back cache may hold before it flushes and evicts.</summary>
    public long WriteCacheBytes { get; init; } = 64L << 20;

    /// <summary>The clock TTL expiry is measured on (tests inject their own).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
