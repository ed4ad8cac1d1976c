namespace VecFlow.Vector.Kernels.Grouping;

/// <summary>The VARCHAR key of each group: UTF-8 bytes appended to one arena, addressed by per-group offsets.</summary>
internal sealed class StringKeyStore
{
    private byte[] _bytes = new byte[256];
    private int[] _offsets = new int[17];
    private int _count;

    public int Count => _count;

    public long MemoryBytes => _bytes.Length + ((long)_offsets.Length * sizeof(int));

    /// <summary>Appends the key of the next group (NULL keys append an empty value).</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        int start = _offsets[_count];
        long end = (long)start + value.Length;
        if (end > _bytes.Length)
        {
            if (end > Array.MaxLength)
            {
                throw new InvalidOperationException($"The VARCHAR group keys would need {end} bytes; one key column holds at most {Array.MaxLength} bytes of distinct keys.");
            }

            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(end, (long)_bytes.Length * 2)));
        }

        if (_count + 2 > _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        value.CopyTo(_bytes.AsSpan(start));
        _offsets[++_count] = (int)end;
    }

    /// <summary>Forgets every key but keeps the arena.</summary>
    public void Reset() => _count = 0;

    public ReadOnlySpan<byte> Get(int group) => _bytes.AsSpan(_offsets[group], _offsets[group + 1] - _offsets[group]);

    public long TotalBytes => _offsets[_count];
}
