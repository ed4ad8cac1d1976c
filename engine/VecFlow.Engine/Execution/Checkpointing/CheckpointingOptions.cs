using System.Globalization;

namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>How a streaming job checkpoints and restarts: Flink's <c>execution.checkpointing.*</c> and <c>restart-strategy.*</c> options.</summary>
public sealed record CheckpointingOptions
{
    public const string IntervalKey = "execution.checkpointing.interval";
    public const string TimeoutKey = "execution.checkpointing.timeout";
    public const string MaxConcurrentKey = "execution.checkpointing.max-concurrent-checkpoints";
    public const string MinPauseKey = "execution.checkpointing.min-pause";
    public const string TolerableFailuresKey = "execution.checkpointing.tolerable-failed-checkpoints";
    public const string DirectoryKey = "execution.checkpointing.dir";
    public const string LegacyDirectoryKey = "state.checkpoints.dir";
    public const string RetentionKey = "execution.checkpointing.externalized-checkpoint-retention";
    public const string RetainedKey = "execution.checkpointing.num-retained";
    public const string LegacyRetainedKey = "state.checkpoints.num-retained";
    public const string ModeKey = "execution.checkpointing.mode";
    public const string RestartTypeKey = "restart-strategy.type";
    public const string SavepointPathKey = "execution.savepoint.path";
    public const string IgnoreUnclaimedStateKey = "execution.savepoint.ignore-unclaimed-state";

    /// <summary>Every option this record reads, for validation at SET time.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        IntervalKey, TimeoutKey, MaxConcurrentKey, MinPauseKey, TolerableFailuresKey, DirectoryKey, LegacyDirectoryKey, RetentionKey,
        RetainedKey, LegacyRetainedKey, ModeKey, RestartTypeKey, SavepointPathKey, IgnoreUnclaimedStateKey,
        "restart-strategy.fixed-delay.attempts", "restart-strategy.fixed-delay.delay",
        "restart-strategy.failure-rate.max-failures-per-interval", "restart-strategy.failure-rate.failure-rate-interval", "restart-strategy.failure-rate.delay",
    ];

    /// <summary>How often the coordinator starts a checkpoint; null: checkpointing is off.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>A checkpoint not complete after this long is aborted.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxConcurrent { get; init; } = 1;

    /// <summary>The least time between the end of one checkpoint and the start of the next.</summary>
    public TimeSpan MinPause { get; init; }

    /// <summary>How many checkpoints in a row may fail (abort, time out) before the job fails.</summary>
    public int TolerableFailures { get; init; }

    /// <summary>The directory under which each job's checkpoints go (<c>&lt;dir&gt;/&lt;job id&gt;/chk-&lt;n&gt;</c>); a temporary one when null.</summary>
    public string? Directory { get; init; }

    /// <summary>True: checkpoints stay when the job is cancelled or fails for good (RETAIN_ON_CANCELLATION).</summary>
    public bool RetainOnCancellation { get; init; }

    /// <summary>Completed checkpoints kept; older ones (and the files only they use) are deleted.</summary>
    public int Retained { get; init; } = 1;

    public RestartStrategy Restart { get; init; } = RestartStrategy.None;

    /// <summary>A savepoint or retained checkpoint to start from (<c>execution.savepoint.path</c>, <c>--from-savepoint</c>).</summary>
    public string? RestorePath { get; init; }

    /// <summary>True: state in the savepoint that no operator of the job claims is dropped instead of refused.</summary>
    public bool IgnoreUnclaimedState { get; init; }

    /// <summary>Reads the options from SET values (keys compared without case); throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static CheckpointingOptions From(IReadOnlyDictionary<string, string> values)
    {
        string? Get(string key) => values.FirstOrDefault(v => string.Equals(v.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        TimeSpan? Duration(string key) => Get(key) is { } text ? FlinkDuration.Parse(key, text) : null;
        int? Count(string key, int least)
        {
            if (Get(key) is not { } text)
            {
                return null;
            }

            return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= least
                ? n
                : throw new ArgumentException($"'{key}' must be an integer of at least {least}, not '{text}'.");
        }

        TimeSpan? interval = Duration(IntervalKey);
        if (interval is { } i && i <= TimeSpan.Zero)
        {
            interval = null;
        }

        if (Get(ModeKey) is { } mode && !mode.Trim().Equals("EXACTLY_ONCE", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{ModeKey}' must be 'EXACTLY_ONCE' (VecFlow always aligns barriers), not '{mode}'.");
        }

        bool retain = Get(RetentionKey)?.Trim().ToUpperInvariant() switch
        {
            null or "DELETE_ON_CANCELLATION" or "NO_EXTERNALIZED_CHECKPOINTS" => false,
            "RETAIN_ON_CANCELLATION" => true,
            string other => throw new ArgumentException($"'{RetentionKey}' must be 'RETAIN_ON_CANCELLATION', 'DELETE_ON_CANCELLATION' or 'NO_EXTERNALIZED_CHECKPOINTS', not '{other}'."),
        };

        bool ignoreUnclaimed = Get(IgnoreUnclaimedStateKey)?.Trim().ToLowerInvariant() switch
        {
            null or "false" => false,
            "true" => true,
            string other => throw new ArgumentException($"'{IgnoreUnclaimedStateKey}' must be 'true' or 'false', not '{other}'."),
        };

        TimeSpan delay(string key) => Duration(key) ?? TimeSpan.FromSeconds(1);
        RestartStrategy restart = Get(RestartTypeKey)?.Trim().ToLowerInvariant() switch
        {
            // Flink's default with checkpointing on is to keep restarting; a bounded number keeps a job with a
            // deterministic error from looping forever.
            null => interval is null ? RestartStrategy.None : new RestartStrategy.FixedDelay(10, TimeSpan.FromSeconds(1)),
            "none" or "off" or "disable" => RestartStrategy.None,
            "fixed-delay" or "fixeddelay" => new RestartStrategy.FixedDelay(Count("restart-strategy.fixed-delay.attempts", 0) ?? 1, delay("restart-strategy.fixed-delay.delay")),
            "failure-rate" or "failurerate" => new RestartStrategy.FailureRate(
                Count("restart-strategy.failure-rate.max-failures-per-interval", 1) ?? 1,
                Duration("restart-strategy.failure-rate.failure-rate-interval") ?? TimeSpan.FromMinutes(1),
                delay("restart-strategy.failure-rate.delay")),
            string other => throw new ArgumentException($"'{RestartTypeKey}' must be 'none', 'fixed-delay' or 'failure-rate', not '{other}'."),
        };

        return new CheckpointingOptions
        {
            Interval = interval,
            Timeout = Duration(TimeoutKey) ?? TimeSpan.FromMinutes(10),
            MaxConcurrent = Count(MaxConcurrentKey, 1) ?? 1,
            MinPause = Duration(MinPauseKey) ?? TimeSpan.Zero,
            TolerableFailures = Count(TolerableFailuresKey, 0) ?? 0,
            Directory = LocalPath(Get(DirectoryKey) ?? Get(LegacyDirectoryKey)),
            RetainOnCancellation = retain,
            Retained = Count(RetainedKey, 1) ?? Count(LegacyRetainedKey, 1) ?? 1,
            Restart = restart,
            RestorePath = LocalPath(Get(SavepointPathKey)),
            IgnoreUnclaimedState = ignoreUnclaimed,
        };
    }

    /// <summary>A local path from Flink's <c>file:///dir</c> form or a plain path.</summary>
    public static string? LocalPath(string? text) =>
        text is null ? null : text.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? text["file://".Length..] : text;
}
