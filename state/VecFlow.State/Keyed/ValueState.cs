using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Storage;

namespace VecFlow.State.Keyed;

/// <summary>The value state handle over a state table.</summary>
internal sealed class ValueState<T>(ValueStateDescriptor<T> descriptor, IStateTable table, KeyGroupRange range, TimeProvider clock)
    : KeyedStateHandle(descriptor, table, range, clock), IValueState<T>
{
    private readonly IStateSerializer<T> _serializer = descriptor.Serializer;

    public void GetValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<T> values, Span<bool> found)
    {
        CheckLength(values.Length, keys.Count, "values");
        CheckLength(found.Length, keys.Count, "found");
        Span<byte[]?> stored = Read(ComposeKeys(keys, namespaces));
        for (int i = 0; i < stored.Length; i++)
        {
            if (stored[i] is { } bytes)
            {
                var reader = new StateReader(Payload(bytes));
                values[i] = _serializer.Read(ref reader);
                found[i] = true;
            }
            else
            {
                values[i] = default!;
                found[i] = false;
            }
        }
    }

    public void PutValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values)
    {
        CheckLength(values.Length, keys.Count, "values");
        StateKeyBatch composite = ComposeKeys(keys, namespaces);
        byte[]?[] encoded = Values(composite.Count);
        for (int i = 0; i < composite.Count; i++)
        {
            BeginValue();
            _serializer.Write(values[i], Writer);
            encoded[i] = Writer.ToArray();
        }

        Table.Write(composite, encoded.AsSpan(0, composite.Count));
    }

    public IEnumerable<T> Values(KeyGroupRange range)
    {
        KeyGroupRange part = range.Intersect(Range);
        if (part.IsEmpty)
        {
            yield break;
        }

        long now = Now();
        foreach (KeyValuePair<byte[], byte[]> entry in Table.Scan(StateKeyLayout.KeyGroupStart(part.Start), StateKeyLayout.KeyGroupStart(part.End + 1)))
        {
            if (!IsExpired(entry.Value, now))
            {
                yield return Decode(entry.Value);
            }
        }
    }

    private T Decode(byte[] stored)
    {
        var reader = new StateReader(Payload(stored));
        return _serializer.Read(ref reader);
    }
}
