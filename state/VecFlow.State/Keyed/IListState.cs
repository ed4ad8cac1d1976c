using VecFlow.State.Encoding;

namespace VecFlow.State.Keyed;

/// <summary>An appendable list per (key, namespace), a batch of keys at a time.</summary>
public interface IListState<T> : IKeyedState
{
    /// <summary>Appends values[i] to the list of key i, in order (a key given twice gets both).</summary>
    void AddValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values);

    /// <summary>lists[i] = the list of key i (empty when none).</summary>
    void GetLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<IReadOnlyList<T>> lists);

    /// <summary>Replaces the list of key i with lists[i]; an empty list clears it.</summary>
    void UpdateLists(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<IReadOnlyList<T>> lists);
}
