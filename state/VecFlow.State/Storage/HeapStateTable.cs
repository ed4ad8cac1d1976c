using VecFlow.State.Encoding;

namespace VecFlow.State.Storage;

/// <summary>A state table in managed memory: a red-black tree of entries ordered by key bytes.</summary>
/// <remarks>
/// Ordered, not hashed, because keys begin with their key group: a key-group range, one key's map entries and one
/// time range of timers are each a contiguous sub-range, read with <see cref="SortedSet{T}.GetViewBetween"/>.
/// </remarks>
internal sealed class HeapStateTable(string name, int keyGroupOffset) : IStateTable
{
    private readonly SortedSet<Entry> _entries = new(EntryComparer.Instance);
    private readonly Entry _probe = new([], []);
    private long _bytes;

    public string Name { get; } = name;

    public int KeyGroupOffset { get; } = keyGroupOffset;

    public int Count => _entries.Count;

    public void MultiGet(ReadOnlySpan<byte[]> keys, Span<byte[]?> values)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            _probe.Key = keys[i];
            values[i] = _entries.TryGetValue(_probe, out Entry? found) ? found.Value : null;
        }
    }

    public void Write(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte[]?> values)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            _probe.Key = keys[i];
            byte[]? value = values[i];
            if (_entries.TryGetValue(_probe, out Entry? found))
            {
                if (value is null)
                {
                    _entries.Remove(found);
                    _bytes -= found.Key.Length + found.Value.Length;
                }
                else
                {
                    _bytes += value.Length - found.Value.Length;
                    found.Value = value;
                }
            }
            else if (value is not null)
            {
                _entries.Add(new Entry(keys[i], value));
                _bytes += keys[i].Length + value.Length;
            }
        }
    }

    public void MultiGet(StateKeyBatch keys, Span<byte[]?> values)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            _probe.Key = keys.ToArray(i);
            values[i] = _entries.TryGetValue(_probe, out Entry? found) ? found.Value : null;
        }
    }

    public void Write(StateKeyBatch keys, ReadOnlySpan<byte[]?> values)
    {
        byte[][] owned = new byte[keys.Count][];
        for (int i = 0; i < owned.Length; i++)
        {
            owned[i] = keys.ToArray(i);
        }

        Write(owned, values);
    }

    public bool TryPeek(byte[] key, out byte[]? value)
    {
        _probe.Key = key;
        value = _entries.TryGetValue(_probe, out Entry? found) ? found.Value : null;
        return true;
    }

    public void AppendToListHeads(ReadOnlySpan<byte[]> keys, ReadOnlySpan<byte> elements, ReadOnlySpan<int> offsets)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            TryPeek(keys[i], out byte[]? head);
            Write([keys[i]], [ListHeadAppend.Appended(head, elements[offsets[i]..offsets[i + 1]])]);
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] from, byte[]? to)
    {
        if (_entries.Count == 0)
        {
            yield break;
        }

        Entry max = _entries.Max!;
        var low = new Entry(from, []);
        Entry high = to is null ? max : new Entry(to, []);
        if (EntryComparer.Instance.Compare(low, high) > 0)
        {
            yield break;
        }

        foreach (Entry entry in _entries.GetViewBetween(low, high))
        {
            if (to is not null && ByteArrayComparer.Instance.Compare(entry.Key, to) >= 0)
            {
                yield break;
            }

            yield return new KeyValuePair<byte[], byte[]>(entry.Key, entry.Value);
        }
    }

    public void DeleteRanges(ReadOnlySpan<byte[]> from, ReadOnlySpan<byte[]> to)
    {
        var doomed = new List<byte[]>();
        for (int i = 0; i < from.Length; i++)
        {
            foreach (KeyValuePair<byte[], byte[]> entry in Scan(from[i], to[i]))
            {
                doomed.Add(entry.Key);
            }
        }

        Write(doomed.ToArray(), new byte[]?[doomed.Count]);
    }

    public StateSize Size() => new(Name, _entries.Count, _bytes);

    private sealed class Entry(byte[] key, byte[] value)
    {
        public byte[] Key { get; set; } = key;

        public byte[] Value { get; set; } = value;
    }

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry? x, Entry? y) => x!.Key.AsSpan().SequenceCompareTo(y!.Key);
    }
}
