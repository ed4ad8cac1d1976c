namespace VecFlow.State.Storage;

/// <summary>The composite keys of one batched state call, back to back in one reused buffer (no array per key).</summary>
/// <remarks>
/// A handle composes a batch's keys here call after call; a table reads them as spans and copies a key only when it
/// must keep it (a new cache entry, a key handed to RocksDB).
/// </remarks>
internal sealed class StateKeyBatch
{
    private byte[] _data = new byte[4096];
    private int[] _ends = new int[64];

    public int Count { get; private set; }

    /// <summary>The bytes of key <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            int start = index == 0 ? 0 : _ends[index - 1];
            return _data.AsSpan(start, _ends[index] - start);
        }
    }

    public void Clear() => Count = 0;

    /// <summary>Appends a key of <paramref name="length"/> bytes and returns where to write it.</summary>
    public Span<byte> Add(int length)
    {
        int start = Count == 0 ? 0 : _ends[Count - 1];
        if (start + length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(start + length, _data.Length * 2));
        }

        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _ends[Count++] = start + length;
        return _data.AsSpan(start, length);
    }

    /// <summary>A copy of key <paramref name="index"/>.</summary>
    public byte[] ToArray(int index) => this[index].ToArray();
}
