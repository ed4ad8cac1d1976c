namespace VecFlow.Vector.Expressions;

/// <summary>The time a query runs at: its start instant, the session time zone, and the clock for processing time.</summary>
/// <remarks>
/// CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME and UNIX_TIMESTAMP() read
/// <see cref="StartEpochMillis"/>, so every row of a query sees the same instant (Flink's batch-mode rule; in streaming
/// Flink re-reads the clock per record, which a replayed job could not reproduce). PROCTIME() reads
/// <see cref="ProcessingTime"/> each time a batch is evaluated.
/// </remarks>
public sealed record QueryClock(long StartEpochMillis, TimeZoneInfo TimeZone, TimeProvider ProcessingTime)
{
    /// <summary>A clock starting now, in <paramref name="timeZone"/> (UTC when omitted), on the system clock.</summary>
    public static QueryClock StartingNow(TimeZoneInfo? timeZone = null) =>
        new(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), timeZone ?? TimeZoneInfo.Utc, TimeProvider.System);

    /// <summary>A clock fixed at <paramref name="start"/> (tests, replays); processing time is the same instant.</summary>
    public static QueryClock Fixed(DateTimeOffset start, TimeZoneInfo? timeZone = null) =>
        new(start.ToUnixTimeMilliseconds(), timeZone ?? TimeZoneInfo.Utc, new FixedTimeProvider(start));

    /// <summary>Milliseconds to add to a UTC instant to get the session's wall-clock time at that instant.</summary>
    public long OffsetMillisAt(long epochMillis) =>
        (long)TimeZone.GetUtcOffset(DateTimeOffset.FromUnixTimeMilliseconds(epochMillis)).TotalMilliseconds;

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>What a function resolution may depend on besides its arguments: the query's clock and session time zone.</summary>
public sealed record ResolutionContext(QueryClock Clock)
{
    /// <summary>A context whose clock starts at the moment it is asked for, in UTC.</summary>
    public static ResolutionContext Default => new(QueryClock.StartingNow());
}
