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
    public int Acquire(int wanted, CancellationToken cancellation)
    {
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
            _wait(TimeSpan.FromSeconds((1 - _tokens) / _rowsPerSecond), cancellation);
        }
    }

    private static void WaitOn(TimeSpan delay, CancellationToken cancellation)
    {
        cancellation.WaitHandle.WaitOne(delay);
        cancellation.ThrowIfCancellationRequested();
    }
}
