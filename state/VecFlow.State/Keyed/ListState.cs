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

        // Chain the rows of each distinct key first, then write each key's list once: many rows of one key in a batch
        // (a window join buffers a whole window under one key) cost one copy of the old list, not one per row.
        var slots = new Dictionary<byte[], int>(ByteArrayComparer.Instance);
        var firstRow = new List<int>();
        var lastRow = new List<int>();
        int[] nextRow = new int[composite.Length];
        for (int i = 0; i < composite.Length; i++)
        {
            nextRow[i] = -1;
            if (slots.TryGetValue(composite[i], out int slot))
            {
                nextRow[lastRow[slot]] = i;
                lastRow[slot] = i;
            }
            else
            {
                slots.Add(composite[i], firstRow.Count);
                firstRow.Add(i);
                lastRow.Add(i);
            }
        }

        byte[][] keysInOrder = new byte[firstRow.Count][];
        var encoded = new byte[]?[firstRow.Count];
        for (int k = 0; k < encoded.Length; k++)
        {
            int first = firstRow[k];
            keysInOrder[k] = composite[first];
            BeginValue();
            if (stored[first] is { } previous)
            {
                Writer.WriteRaw(Payload(previous));
            }

            for (int row = first; row >= 0; row = nextRow[row])
            {
                _element.Clear();
                _serializer.Write(values[row], _element);
                Writer.WriteBytes(_element.Written);
            }

            encoded[k] = Writer.ToArray();
        }

        Table.Write(keysInOrder, encoded);
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
