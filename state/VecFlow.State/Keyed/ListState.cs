using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Storage;

namespace VecFlow.State.Keyed;

/// <summary>The list state handle: a list is its elements back to back, each with a LEB128 length, so an append never decodes.</summary>
internal sealed class ListState<T>(ListStateDescriptor<T> descriptor, IStateTable table, KeyGroupRange range, TimeProvider clock)
    : KeyedStateHandle(descriptor, table, range, clock), IListState<T>
{
    private readonly IStateSerializer<T> _serializer = descriptor.ElementSerializer;
    private readonly StateWriter _element = new();

    public void AddValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values)
    {
        CheckLength(values.Length, keys.Count, "values");
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);
        Span<byte[]?> stored = Read(composite);
        var current = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        var keysInOrder = new List<byte[]>();
        for (int i = 0; i < composite.Length; i++)
        {
            if (!current.TryGetValue(composite[i], out byte[]? previous))
            {
                keysInOrder.Add(composite[i]);
                previous = stored[i];
            }

            BeginValue();
            if (previous is not null)
            {
                Writer.WriteRaw(Payload(previous));
            }

            _element.Clear();
            _serializer.Write(values[i], _element);
            Writer.WriteBytes(_element.Written);
            current[composite[i]] = Writer.ToArray();
        }

        var encoded = new byte[]?[keysInOrder.Count];
        for (int k = 0; k < encoded.Length; k++)
        {
            encoded[k] = current[keysInOrder[k]];
        }

        Table.Write(keysInOrder.ToArray(), encoded);
    }

    public void GetLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<IReadOnlyList<T>> lists)
    {
        CheckLength(lists.Length, keys.Count, "lists");
        Span<byte[]?> stored = Read(ComposeKeyArrays(keys, namespaces));
        for (int i = 0; i < stored.Length; i++)
        {
            var list = new List<T>();
            if (stored[i] is { } bytes)
            {
                var reader = new StateReader(Payload(bytes));
                while (reader.Remaining > 0)
                {
                    var element = new StateReader(reader.ReadBytes());
                    list.Add(_serializer.Read(ref element));
                }
            }

            lists[i] = list;
        }
    }

    public void UpdateLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<IReadOnlyList<T>> lists)
    {
        CheckLength(lists.Length, keys.Count, "lists");
        ReadOnlySpan<byte[]> composite = ComposeKeyArrays(keys, namespaces);
        var encoded = new byte[]?[composite.Length];
        for (int i = 0; i < encoded.Length; i++)
        {
            if (lists[i].Count == 0)
            {
                continue;
            }

            BeginValue();
            foreach (T value in lists[i])
            {
                _element.Clear();
                _serializer.Write(value, _element);
                Writer.WriteBytes(_element.Written);
            }

            encoded[i] = Writer.ToArray();
        }

        Table.Write(composite, encoded);
    }
}
