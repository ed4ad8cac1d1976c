namespace VecFlow.Engine.Connectors.Datagen;

/// <summary>A token bucket: lets at most <c>rate</c> rows per second through, with up to one second of burst.</summary>
/// <remarks>The clock and the wait are injectable so pacing is tested without sleeping.</remarks>
internal sealed class RowPacer
{
    private readonly double _rowsPerSecond;
    private readonly double _capacity;
    private readonly TimeProvider _clock;
    private readonly Action<TimeSpan, CancellationToken> _wait;
    private double _tokens;
    private long _last;

    public RowPacer(double rowsPerSecond, TimeProvider clock, Action<TimeSpan, CancellationToken>? wait = null)
    {
        _rowsPerSecond = rowsPerSecond;
        _capacity = Math.Max(1, rowsPerSecond);
        _clock = clock;
        _wait = wait ?? WaitOn;
        _last = clock.GetTimestamp();
    }

    /// <summary>Waits until at least one row may go, then returns how many of <paramref name="wanted"/> may go now.</summary>
    public int Acquire(int wanted, CancellationToken cancellation) => Acquire(wanted, Timeout.InfiniteTimeSpan, cancellation);

    /// <summary>Like <see cref="Acquire(int, CancellationToken)"/>, but returns 0 when no row may go within <paramref name="maxWait"/>.</summary>
    public int Acquire(int wanted, TimeSpan maxWait, CancellationToken cancellation)
    {
        long started = _clock.GetTimestamp();
        while (true)
        {
            long now = _clock.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + (_clock.GetElapsedTime(_last, now).TotalSeconds * _rowsPerSecond));
            _last = now;
            if (_tokens >= 1)
            {
                int granted = (int)Math.Min(wanted, Math.Floor(_tokens));
                _tokens -= granted;
                return granted;
            }

            cancellation.ThrowIfCancellationRequested();
            TimeSpan wait = TimeSpan.FromSeconds((1 - _tokens) / _rowsPerSecond);
            if (maxWait != Timeout.InfiniteTimeSpan)
            {
                TimeSpan left = maxWait - _clock.GetElapsedTime(started, now);
                if (left <= TimeSpan.Zero)
                {
                    return 0;
                }

                wait = wait < left ? wait : left;
            }

            _wait(wait, cancellation);
        }
    }

    private static void WaitOn(TimeSpan delay, CancellationToken cancellation)
    {
        cancellation.WaitHandle.WaitOne(delay);
        cancellation.ThrowIfCancellationRequested();
    }
}
