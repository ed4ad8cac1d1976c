using VecFlow.State.Encoding;

namespace VecFlow.State.Keyed;

/// <summary>A map of user keys to values per (key, namespace); one user key per row of a batch.</summary>
public interface IMapState<TKey, TValue> : IKeyedState
{
    void GetValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<TKey> userKeys, Span<TValue> values, Span<bool> found);

    void PutValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<TKey> userKeys, ReadOnlySpan<TValue> values);

    void RemoveKeys(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<TKey> userKeys);

    /// <summary>The live entries of key <paramref name="index"/> of <paramref name="keys"/> in namespace <paramref name="ns"/>, ordered by user key bytes.</summary>
    IReadOnlyList<KeyValuePair<TKey, TValue>> Entries(EncodedKeys keys, int index, long ns);
}
