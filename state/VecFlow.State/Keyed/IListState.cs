using VecFlow.State.Encoding;

namespace VecFlow.State.Keyed;

/// <summary>An appendable list per (key, namespace), a batch of keys at a time.</summary>
public interface IListState<T> : IKeyedState
{
    /// <summary>Appends values[i] to the list of key i, in order (a key given twice gets both).</summary>
    void AddValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values);

    /// <summary>
    /// Appends element i, already serialized as the state's element serializer writes it
    /// (<c>elements[ends[i - 1]..ends[i]]</c>, from 0 for the first), to the list of key i: for a caller that serializes
    /// straight from its columns without an object per element.
    /// </summary>
    void AddSerialized(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<byte> elements, ReadOnlySpan<int> ends);

    /// <summary>lists[i] = the list of key i (empty when none).</summary>
    void GetLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<IReadOnlyList<T>> lists);

    /// <summary>
    /// Hands every element of the list of each key i to <paramref name="visit"/> as its serialized bytes, key after key
    /// and in list order (the elements <see cref="GetLists"/> gives): a caller that decodes them itself, into columns,
    /// skips one object per element. The bytes are valid only during the call.
    /// </summary>
    void ReadSerialized(EncodedKeys keys, ReadOnlySpan<long> namespaces, SerializedElementVisitor visit);

    /// <summary>Replaces the list of key i with lists[i]; an empty list clears it.</summary>
    void UpdateLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<IReadOnlyList<T>> lists);
}

/// <summary>Receives one serialized list element of key <paramref name="key"/> (an index into the keys given).</summary>
public delegate void SerializedElementVisitor(int key, ReadOnlySpan<byte> element);
