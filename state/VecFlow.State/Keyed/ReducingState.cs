using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Storage;

namespace VecFlow.State.Keyed;

/// <summary>The reducing state handle: one read (MultiGet) and one write per batch, folding rows in order.</summary>
internal sealed class ReducingState<T>(ReducingStateDescriptor<T> descriptor, IStateTable table, KeyGroupRange range, TimeProvider clock)
    : KeyedStateHandle(descriptor, table, range, clock), IReducingState<T>
{
    private readonly IStateSerializer<T> _serializer = descriptor.Serializer;
    private readonly Func<T, T, T> _reduce = descriptor.Reduce;

    public void AddValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values)
    {
        CheckLength(values.Length, keys.Count, "values");
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);
        Span<byte[]?> stored = Read(composite);

        // A key may repeat within a batch: fold each row into the newest value of its key, not the one read.
        var current = new Dictionary<byte[], T>(ByteArrayComparer.Instance);
        var keysInOrder = new List<byte[]>();
        for (int i = 0; i < composite.Length; i++)
        {
            T next;
            if (current.TryGetValue(composite[i], out T? latest))
            {
                next = _reduce(latest, values[i]);
            }
            else
            {
                keysInOrder.Add(composite[i]);
                if (stored[i] is { } bytes)
                {
                    var reader = new StateReader(Payload(bytes));
                    next = _reduce(_serializer.Read(ref reader), values[i]);
                }
                else
                {
                    next = values[i];
                }
            }

            current[composite[i]] = next;
        }

        var encoded = new byte[]?[keysInOrder.Count];
        for (int k = 0; k < encoded.Length; k++)
        {
            BeginValue();
            _serializer.Write(current[keysInOrder[k]], Writer);
            encoded[k] = Writer.ToArray();
        }

        Table.Write(keysInOrder.ToArray(), encoded);
    }

    public void GetValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<T> values, Span<bool> found)
    {
        CheckLength(values.Length, keys.Count, "values");
        CheckLength(found.Length, keys.Count, "found");
        Span<byte[]?> stored = Read(ComposeKeyArrays(keys, namespaces));
        for (int i = 0; i < stored.Length; i++)
        {
            found[i] = stored[i] is not null;
            if (stored[i] is { } bytes)
            {
                var reader = new StateReader(Payload(bytes));
                values[i] = _serializer.Read(ref reader);
            }
            else
            {
                values[i] = default!;
            }
        }
    }
}
