using VecFlow.State.Serialization;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// The windows of one key that a firing step fires together, in window order: the next window to fire and the slices
/// read so far that a later window of the run still merges, so each slice is read once per step however many windows
/// hold it.
/// </summary>
/// <remarks>
/// A run starts at the window of the key's earliest fired timer and goes on window after window while slices it read
/// are still needed (a HOP slice sits in size / slide windows); the key's other fired timers of the step whose window
/// the run reaches are covered by it (<see cref="Reach"/>), the first one it does not reach restarts it
/// (<see cref="TryRestart"/>).
/// </remarks>
internal sealed class StreamWindowRun
{
    private readonly List<long> _starts = [];
    private int _nextStart;

    public StreamWindowRun(byte[] key, ulong hash, long windowEnd)
    {
        Key = key;
        Hash = hash;
        _starts.Add(windowEnd);
        Restart(windowEnd);
        _nextStart = 1;
    }

    /// <summary>The key's encoded bytes.</summary>
    public byte[] Key { get; }

    /// <summary>The key's 64-bit hash (a state read needs it to find the key group).</summary>
    public ulong Hash { get; }

    /// <summary>The window whose timer started the run (the first it fires).</summary>
    public long FirstEnd { get; private set; }

    /// <summary>The window the run fires next.</summary>
    public long NextEnd { get; set; }

    /// <summary>The latest slice end read so far (long.MinValue before the first read).</summary>
    public long ReadThrough { get; set; }

    /// <summary>The present slices read and not finished yet (their last window has not fired), ascending by end.</summary>
    public List<(long End, StateRow Row)> Slices { get; } = [];

    /// <summary>Drops the slices ending before <paramref name="firstSliceEnd"/> (no window from here on merges them).</summary>
    public void DropSlicesBefore(long firstSliceEnd)
    {
        int drop = 0;
        while (drop < Slices.Count && Slices[drop].End < firstSliceEnd)
        {
            drop++;
        }

        Slices.RemoveRange(0, drop);
    }

    /// <summary>Adds the window of another fired timer of the same key; timers come in time order, so windows ascend.</summary>
    public void AddStart(long windowEnd) => _starts.Add(windowEnd);

    /// <summary>The run reached <paramref name="windowEnd"/>: a fired timer of the key for that window is covered.</summary>
    public void Reach(long windowEnd)
    {
        while (_nextStart < _starts.Count && _starts[_nextStart] <= windowEnd)
        {
            _nextStart++;
        }
    }

    /// <summary>Starts the run again at the key's next fired window it did not reach; false when there is none.</summary>
    public bool TryRestart()
    {
        if (_nextStart == _starts.Count)
        {
            return false;
        }

        Restart(_starts[_nextStart++]);
        return true;
    }

    private void Restart(long windowEnd)
    {
        FirstEnd = windowEnd;
        NextEnd = windowEnd;
        ReadThrough = long.MinValue;
        Slices.Clear();
    }
}
