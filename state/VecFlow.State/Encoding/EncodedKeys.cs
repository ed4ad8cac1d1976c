using VecFlow.State.KeyGroups;

namespace VecFlow.State.Encoding;

/// <summary>The encoded keys of one batch: one contiguous byte buffer with offsets, each key's hash and key group.</summary>
/// <remarks>
/// Reused batch after batch (<see cref="Clear"/>) so the hot path allocates only when a batch outgrows the buffers.
/// <see cref="Rows"/> says which batch row each key came from (the selection's live rows, ascending).
/// </remarks>
public sealed class EncodedKeys
{
    private byte[] _data;
    private int[] _offsets;
    private ulong[] _hashes;
    private int[] _keyGroups;
    private int[] _rows;

    public EncodedKeys(int maxParallelism = KeyGroupAssignment.DefaultMaxParallelism, int capacity = 64)
    {
        KeyGroupAssignment.Validate(maxParallelism, 1);
        MaxParallelism = maxParallelism;
        capacity = Math.Max(1, capacity);
        _data = new byte[capacity * 16];
        _offsets = new int[capacity + 1];
        _hashes = new ulong[capacity];
        _keyGroups = new int[capacity];
        _rows = new int[capacity];
    }

    /// <summary>The number of key groups keys are spread over.</summary>
    public int MaxParallelism { get; }

    public int Count { get; private set; }

    /// <summary>All key bytes, back to back.</summary>
    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _offsets[Count]);

    /// <summary>Count + 1 offsets into <see cref="Data"/>.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, Count + 1);

    public ReadOnlySpan<ulong> Hashes => _hashes.AsSpan(0, Count);

    public ReadOnlySpan<int> KeyGroups => _keyGroups.AsSpan(0, Count);

    /// <summary>The batch row of each key (or the caller's own index for keys added one by one).</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    /// <summary>The encoded bytes of key <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Key(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    public void Clear() => Count = 0;

    /// <summary>Appends one already encoded key with its stable hash (its key group is derived from the hash).</summary>
    public void Add(ReadOnlySpan<byte> key, ulong hash, int row = -1)
    {
        EnsureRows(Count + 1);
        int start = _offsets[Count];
        EnsureBytes(start + key.Length);
        key.CopyTo(_data.AsSpan(start));
        _hashes[Count] = hash;
        _keyGroups[Count] = KeyGroupAssignment.KeyGroupOf(hash, MaxParallelism);
        _rows[Count] = row < 0 ? Count : row;
        _offsets[Count + 1] = start + key.Length;
        Count++;
    }

    /// <summary>Makes room for <paramref name="count"/> keys of <paramref name="bytes"/> bytes in total, dropping the old ones.</summary>
    internal void Reset(int count, int bytes)
    {
        Count = 0;
        EnsureRows(count);
        EnsureBytes(bytes);
    }

    internal Span<byte> WritableData => _data;

    internal Span<int> WritableOffsets => _offsets;

    internal Span<ulong> WritableHashes => _hashes;

    internal Span<int> WritableKeyGroups => _keyGroups;

    internal Span<int> WritableRows => _rows;

    internal void SetCount(int count) => Count = count;

    private void EnsureRows(int count)
    {
        if (count <= _hashes.Length)
        {
            return;
        }

        int size = Math.Max(count, _hashes.Length * 2);
        Array.Resize(ref _offsets, size + 1);
        Array.Resize(ref _hashes, size);
        Array.Resize(ref _keyGroups, size);
        Array.Resize(ref _rows, size);
    }

    private void EnsureBytes(int bytes)
    {
        if (bytes > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(bytes, _data.Length * 2));
        }
    }
}
