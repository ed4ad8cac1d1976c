namespace VecFlow.State.KeyGroups;

/// <summary>Maps key hashes to key groups and key groups to subtasks; the one place both exchanges and state agree on.</summary>
/// <remarks>
/// A key's group depends only on its stable 64-bit hash and the job's maximum parallelism, never on the current
/// parallelism, so state snapshotted by key group restores at any parallelism up to the maximum. Subtask
/// <c>i</c> of <c>p</c> owns the contiguous groups <c>g</c> with <c>g * p / max == i</c>, so rescaling moves whole
/// ranges.
/// </remarks>
public static class KeyGroupAssignment
{
    /// <summary>The default maximum parallelism (number of key groups) of a job.</summary>
    public const int DefaultMaxParallelism = 128;

    /// <summary>The largest maximum parallelism a job may set.</summary>
    public const int UpperBoundMaxParallelism = 32_768;

    /// <summary>The key group of a key with stable hash <paramref name="keyHash"/>.</summary>
    public static int KeyGroupOf(ulong keyHash, int maxParallelism)
    {
        // Multiply-shift range reduction of the LOW 32 bits: uniform for a well-mixed hash and cheaper than modulo. Hash
        // tables and spill partitioning index by the high bits, so a subtask's keys still spread over all their slots.
        return (int)(((keyHash & 0xFFFF_FFFFUL) * (ulong)maxParallelism) >> 32);
    }

    /// <summary>A hash whose key group is <paramref name="keyGroup"/>: for keys placed in a group on purpose (the empty key of a global aggregate or of a join without equality keys, a per-group bookkeeping key).</summary>
    public static ulong HashInKeyGroup(int keyGroup, int maxParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(keyGroup, maxParallelism);

        // The smallest low-32-bit value the multiply-shift of KeyGroupOf maps to keyGroup.
        ulong hash = (((ulong)keyGroup << 32) + (ulong)maxParallelism - 1) / (ulong)maxParallelism;
        if (KeyGroupOf(hash, maxParallelism) != keyGroup)
        {
            throw new InvalidOperationException($"No hash maps to key group {keyGroup} of {maxParallelism}.");
        }

        return hash;
    }

    /// <summary>The subtask (of <paramref name="parallelism"/>) that owns <paramref name="keyGroup"/>.</summary>
    public static int SubtaskOf(int keyGroup, int maxParallelism, int parallelism) =>
        (int)((long)keyGroup * parallelism / maxParallelism);

    /// <summary>The key groups subtask <paramref name="subtask"/> of <paramref name="parallelism"/> owns.</summary>
    public static KeyGroupRange RangeOf(int subtask, int maxParallelism, int parallelism)
    {
        Validate(maxParallelism, parallelism);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtask, parallelism);
        // The smallest g with g * p / max >= i is ceil(i * max / p).
        int start = (int)(((long)subtask * maxParallelism + parallelism - 1) / parallelism);
        int end = (int)((((long)subtask + 1) * maxParallelism + parallelism - 1) / parallelism) - 1;
        return start <= end ? new KeyGroupRange(start, end) : KeyGroupRange.Empty;
    }

    /// <summary>The target subtask of each hash, for a hash exchange.</summary>
    public static void AssignSubtasks(ReadOnlySpan<ulong> keyHashes, Span<int> subtasks, int maxParallelism, int parallelism)
    {
        Validate(maxParallelism, parallelism);
        ArgumentOutOfRangeException.ThrowIfLessThan(subtasks.Length, keyHashes.Length);
        for (int i = 0; i < keyHashes.Length; i++)
        {
            subtasks[i] = SubtaskOf(KeyGroupOf(keyHashes[i], maxParallelism), maxParallelism, parallelism);
        }
    }

    /// <summary>Throws a clear error for a parallelism the key groups cannot serve.</summary>
    public static void Validate(int maxParallelism, int parallelism)
    {
        if (maxParallelism < 1 || maxParallelism > UpperBoundMaxParallelism)
        {
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, $"The maximum parallelism must be between 1 and {UpperBoundMaxParallelism}.");
        }

        if (parallelism < 1 || parallelism > maxParallelism)
        {
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, $"The parallelism must be between 1 and the maximum parallelism ({maxParallelism}).");
        }
    }
}
