using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Storage;

namespace VecFlow.State.Keyed;

/// <summary>The map state handle: each map entry is its own table entry, keyed by the state key plus the user key's bytes.</summary>
internal sealed class MapState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor, IStateTable table, KeyGroupRange range, TimeProvider clock)
    : KeyedStateHandle(descriptor, table, range, clock), IMapState<TKey, TValue>
{
    private readonly IStateSerializer<TKey> _keySerializer = descriptor.KeySerializer;
    private readonly IStateSerializer<TValue> _valueSerializer = descriptor.ValueSerializer;
    private readonly StateWriter _userKey = new();
    private readonly StateKeyBatch _userKeys = new();

    public void GetValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<TKey> userKeys, Span<TValue> values, Span<bool> found)
    {
        CheckLength(userKeys.Length, keys.Count, "user keys");
        CheckLength(values.Length, keys.Count, "values");
        CheckLength(found.Length, keys.Count, "found");
        Span<byte[]?> stored = Read(ComposeKeys(keys, namespaces, UserKeyBytes(userKeys)));
        for (int i = 0; i < stored.Length; i++)
        {
            found[i] = stored[i] is not null;
            if (stored[i] is { } bytes)
            {
                var reader = new StateReader(Payload(bytes));
                values[i] = _valueSerializer.Read(ref reader);
            }
            else
            {
                values[i] = default!;
            }
        }
    }

    public void PutValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<TKey> userKeys, ReadOnlySpan<TValue> values)
    {
        CheckLength(userKeys.Length, keys.Count, "user keys");
        CheckLength(values.Length, keys.Count, "values");
        StateKeyBatch composite = ComposeKeys(keys, namespaces, UserKeyBytes(userKeys));
        byte[]?[] encoded = Values(composite.Count);
        for (int i = 0; i < composite.Count; i++)
        {
            BeginValue();
            _valueSerializer.Write(values[i], Writer);
            encoded[i] = Writer.ToArray();
        }

        Table.Write(composite, encoded.AsSpan(0, composite.Count));
    }

    public void RemoveKeys(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<TKey> userKeys)
    {
        CheckLength(userKeys.Length, keys.Count, "user keys");
        StateKeyBatch composite = ComposeKeys(keys, namespaces, UserKeyBytes(userKeys));
        Table.Write(composite, Values(composite.Count).AsSpan(0, composite.Count));
    }

    public IReadOnlyList<KeyValuePair<TKey, TValue>> Entries(EncodedKeys keys, int index, long ns)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int group = keys.KeyGroups[index];
        byte[] prefix = StateKeyLayout.Compose(group, keys.Key(index), ns);
        long now = Now();
        var entries = new List<KeyValuePair<TKey, TValue>>();
        foreach (KeyValuePair<byte[], byte[]> entry in Table.Scan(prefix, StateKeyLayout.PrefixEnd(prefix)))
        {
            if (IsExpired(entry.Value, now))
            {
                continue;
            }

            var keyReader = new StateReader(entry.Key.AsSpan(prefix.Length));
            var valueReader = new StateReader(Payload(entry.Value));
            entries.Add(new KeyValuePair<TKey, TValue>(_keySerializer.Read(ref keyReader), _valueSerializer.Read(ref valueReader)));
        }

        return entries;
    }

    /// <summary>Removes every map entry of each (key, namespace): one range delete per row, all in one call.</summary>
    public override void Clear(EncodedKeys keys, ReadOnlySpan<long> namespaces)
    {
        StateKeyBatch prefixes = ComposeKeys(keys, namespaces);
        byte[][] from = new byte[prefixes.Count][];
        byte[][] to = new byte[from.Length][];
        for (int i = 0; i < from.Length; i++)
        {
            from[i] = prefixes.ToArray(i);
            to[i] = StateKeyLayout.PrefixEnd(from[i])!;
        }

        Table.DeleteRanges(from, to);
    }

    /// <summary>The serialized user keys, back to back in one reused buffer.</summary>
    private StateKeyBatch UserKeyBytes(ReadOnlySpan<TKey> userKeys)
    {
        _userKeys.Clear();
        for (int i = 0; i < userKeys.Length; i++)
        {
            _userKey.Clear();
            _keySerializer.Write(userKeys[i], _userKey);
            _userKey.Written.CopyTo(_userKeys.Add(_userKey.Position));
        }

        return _userKeys;
    }
}
