namespace VecFlow.State.Tests;

/// <summary>A clock the test moves by hand (state TTL tests).</summary>
internal sealed class ManualClock(long millis) : TimeProvider
{
    private long _millis = millis;

    public void Advance(long millis) => _millis += millis;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(_millis);
}
