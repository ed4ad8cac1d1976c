namespace VecFlow.State.Descriptors;

/// <summary>Time-to-live of state entries after their last write (<c>table.exec.state.ttl</c>); expired entries are never returned.</summary>
/// <remarks>
/// Like Flink's OnCreateAndWrite / NeverReturnExpired: a write sets the entry's expiry to now + TTL, a read never
/// returns an entry at or past its expiry, and expired entries are purged when read, when scanned and on snapshot.
/// A list's elements expire by the time they were last written (an append writes its list's open segment, a rewrite the
/// whole list; a sealed segment keeps its expiry), as Flink's per-element list TTL; a map's TTL covers each map entry.
/// </remarks>
public sealed record StateTtl(TimeSpan TimeToLive)
{
    public long Milliseconds => (long)TimeToLive.TotalMilliseconds;

    /// <summary>The TTL from a <c>table.exec.state.ttl</c> value in milliseconds; 0 or less means no TTL (null).</summary>
    public static StateTtl? FromMilliseconds(long milliseconds) =>
        milliseconds > 0 ? new StateTtl(TimeSpan.FromMilliseconds(milliseconds)) : null;
}
