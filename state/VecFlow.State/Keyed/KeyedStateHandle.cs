using System.Buffers.Binary;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Storage;

namespace VecFlow.State.Keyed;

/// <summary>What all handles share: composite keys for a batch, TTL envelopes, reads that hide expired entries, scans.</summary>
/// <remarks>
/// With a TTL every stored value starts with its 8-byte little-endian expiry time (epoch milliseconds); an entry whose
/// expiry is at or before the clock's now is treated as absent and deleted in the same call.
/// </remarks>
internal abstract class KeyedStateHandle : IKeyedState
{
    private readonly TimeProvider _clock;
    private readonly long _ttlMillis;
    private readonly StateKeyBatch _keyBatch = new();
    private byte[][] _composite = new byte[64][];
    private byte[]?[] _stored = new byte[64][];
    private byte[]?[] _encoded = new byte[64][];

    protected KeyedStateHandle(StateDescriptor descriptor, IStateTable table, KeyGroupRange range, TimeProvider clock)
    {
        Descriptor = descriptor;
        Table = table;
        Range = range;
        _clock = clock;
        _ttlMillis = descriptor.Ttl?.Milliseconds ?? 0;
    }

    public StateDescriptor Descriptor { get; }

    protected IStateTable Table { get; }

    protected KeyGroupRange Range { get; }

    protected StateWriter Writer { get; } = new();

    protected bool HasTtl => _ttlMillis > 0;

    public virtual void Clear(EncodedKeys keys, ReadOnlySpan<long> namespaces)
    {
        StateKeyBatch composite = ComposeKeys(keys, namespaces);
        Table.Write(composite, Values(composite.Count));
    }

    public IEnumerable<StateKey> Keys(KeyGroupRange range)
    {
        KeyGroupRange part = range.Intersect(Range);
        if (part.IsEmpty)
        {
            yield break;
        }

        long now = Now();
        byte[]? previous = null;
        foreach (KeyValuePair<byte[], byte[]> entry in Table.Scan(StateKeyLayout.KeyGroupStart(part.Start), StateKeyLayout.KeyGroupStart(part.End + 1)))
        {
            if (IsExpired(entry.Value, now))
            {
                continue;
            }

            StateKeyLayout.Parse(entry.Key, out int keyGroup, out ReadOnlySpan<byte> key, out long ns, out int suffixStart);
            if (previous is not null && entry.Key.AsSpan(0, suffixStart).SequenceEqual(previous))
            {
                continue;
            }

            previous = entry.Key[..suffixStart];
            yield return new StateKey(keyGroup, key.ToArray(), ns);
        }
    }

    public void ClearAll()
    {
        if (!Range.IsEmpty)
        {
            Table.DeleteRanges([StateKeyLayout.KeyGroupStart(Range.Start)], [StateKeyLayout.KeyGroupStart(Range.End + 1)]);
        }
    }

    public void ClearNamespace(long ns)
    {
        var doomed = new List<byte[]>();
        foreach (KeyValuePair<byte[], byte[]> entry in Table.Scan(StateKeyLayout.KeyGroupStart(Range.Start), StateKeyLayout.KeyGroupStart(Range.End + 1)))
        {
            StateKeyLayout.Parse(entry.Key, out _, out _, out long entryNs, out _);
            if (entryNs == ns)
            {
                doomed.Add(entry.Key);
            }
        }

        Table.Write(doomed.ToArray(), new byte[]?[doomed.Count]);
    }

    public long PurgeExpired()
    {
        if (!HasTtl)
        {
            return 0;
        }

        long now = Now();
        var doomed = new List<byte[]>();
        foreach (KeyValuePair<byte[], byte[]> entry in Table.Scan(StateKeyLayout.KeyGroupStart(Range.Start), StateKeyLayout.KeyGroupStart(Range.End + 1)))
        {
            if (IsExpired(entry.Value, now))
            {
                doomed.Add(entry.Key);
            }
        }

        Table.Write(doomed.ToArray(), new byte[]?[doomed.Count]);
        return doomed.Count;
    }

    /// <summary>The composite key of every row, in one reused buffer (suffixes: a map's user key per row, or none).</summary>
    protected StateKeyBatch ComposeKeys(EncodedKeys keys, ReadOnlySpan<long> namespaces, StateKeyBatch? suffixes = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int n = keys.Count;
        CheckNamespaces(namespaces, n);
        EnsureCapacity(n);
        ReadOnlySpan<int> groups = keys.KeyGroups;
        _keyBatch.Clear();
        for (int i = 0; i < n; i++)
        {
            int group = CheckGroup(groups[i], i);
            ReadOnlySpan<byte> key = keys.Key(i);
            ReadOnlySpan<byte> suffix = suffixes is null ? default : suffixes[i];
            StateKeyLayout.Write(_keyBatch.Add(StateKeyLayout.Size(key.Length, suffix.Length)), group, key, NamespaceAt(namespaces, i), suffix);
        }

        return _keyBatch;
    }

    /// <summary>The composite key of every row as arrays of their own (list and reducing states keep them in dictionaries).</summary>
    protected ReadOnlySpan<byte[]> ComposeKeyArrays(EncodedKeys keys, ReadOnlySpan<long> namespaces)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int n = keys.Count;
        CheckNamespaces(namespaces, n);
        EnsureCapacity(n);
        ReadOnlySpan<int> groups = keys.KeyGroups;
        for (int i = 0; i < n; i++)
        {
            _composite[i] = StateKeyLayout.Compose(CheckGroup(groups[i], i), keys.Key(i), NamespaceAt(namespaces, i));
        }

        return _composite.AsSpan(0, n);
    }

    /// <summary>Reads stored values for <paramref name="composite"/>; expired ones come back null and are deleted.</summary>
    protected Span<byte[]?> Read(ReadOnlySpan<byte[]> composite)
    {
        Span<byte[]?> stored = _stored.AsSpan(0, composite.Length);
        Table.MultiGet(composite, stored);
        if (HasTtl)
        {
            byte[][] arrays = composite.ToArray();
            DropExpired(stored, i => arrays[i]);
        }

        return stored;
    }

    /// <summary>Reads stored values for <paramref name="composite"/>; expired ones come back null and are deleted.</summary>
    protected Span<byte[]?> Read(StateKeyBatch composite)
    {
        Span<byte[]?> stored = _stored.AsSpan(0, composite.Count);
        Table.MultiGet(composite, stored);
        DropExpired(stored, composite.ToArray);
        return stored;
    }

    /// <summary>A reused array of <paramref name="count"/> values for one Write call, all null (deletes) until set.</summary>
    protected byte[]?[] Values(int count)
    {
        EnsureCapacity(count);
        Array.Clear(_encoded, 0, count);
        return _encoded;
    }

    /// <summary>The value bytes of a stored entry (after its TTL envelope).</summary>
    protected ReadOnlySpan<byte> Payload(byte[] stored) => HasTtl ? stored.AsSpan(8) : stored;

    /// <summary>Clears <see cref="Writer"/> and starts a value (its expiry first when the state has a TTL).</summary>
    protected void BeginValue() => BeginValue(HasTtl ? Now() : 0);

    /// <summary>Starts a value written at <paramref name="now"/> (entries written by one call share one expiry).</summary>
    protected void BeginValue(long now)
    {
        Writer.Clear();
        if (HasTtl)
        {
            Writer.WriteInt64(now + _ttlMillis);
        }
    }

    private void DropExpired(Span<byte[]?> stored, Func<int, byte[]> keyAt)
    {
        if (!HasTtl)
        {
            return;
        }

        long now = Now();
        List<byte[]>? expired = null;
        for (int i = 0; i < stored.Length; i++)
        {
            if (stored[i] is { } value && IsExpired(value, now))
            {
                stored[i] = null;
                (expired ??= []).Add(keyAt(i));
            }
        }

        if (expired is not null)
        {
            Table.Write(expired.ToArray(), new byte[]?[expired.Count]);
        }
    }

    private int CheckGroup(int group, int i) => Range.Contains(group)
        ? group
        : throw new ArgumentException($"Key {i} of the batch belongs to key group {group}, outside this backend's range {Range}; state '{Descriptor.Name}' only holds keys of its own key groups.");

    protected static long NamespaceAt(ReadOnlySpan<long> namespaces, int i) => namespaces.Length == 1 ? namespaces[0] : namespaces[i];

    protected long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected bool IsExpired(byte[] stored, long now) => HasTtl && BinaryPrimitives.ReadInt64LittleEndian(stored) <= now;

    protected static void CheckLength(int actual, int expected, string what)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"The {what} span holds {actual} entries but the batch has {expected} keys.");
        }
    }

    private static void CheckNamespaces(ReadOnlySpan<long> namespaces, int n)
    {
        if (namespaces.Length != 1 && namespaces.Length != n)
        {
            throw new ArgumentException($"Give one namespace for all keys or one per key: got {namespaces.Length} for {n} keys.", nameof(namespaces));
        }
    }

    private void EnsureCapacity(int n)
    {
        if (_composite.Length < n)
        {
            int size = Math.Max(n, _composite.Length * 2);
            _composite = new byte[size][];
            _stored = new byte[size][];
            _encoded = new byte[size][];
        }
    }
}
