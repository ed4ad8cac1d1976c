using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;

namespace VecFlow.State.Keyed;

/// <summary>What every keyed state handle offers, whatever its kind.</summary>
/// <remarks>
/// Calls are batched: the keys argument holds N encoded keys and namespaces holds either one namespace for all
/// of them or one per key. Keys must belong to the backend's key-group range.
/// </remarks>
public interface IKeyedState
{
    StateDescriptor Descriptor { get; }

    /// <summary>Removes the state of every (key, namespace).</summary>
    void Clear(EncodedKeys keys, ReadOnlySpan<long> namespaces);

    /// <summary>Every (key group, key, namespace) holding live state in <paramref name="range"/>, ordered by key group then key bytes.</summary>
    IEnumerable<StateKey> Keys(KeyGroupRange range);

    /// <summary>Removes namespace <paramref name="ns"/> of every key (a scan of the state).</summary>
    void ClearNamespace(long ns);

    /// <summary>Removes the state of every key and namespace in the backend's key-group range (range deletes, no scan).</summary>
    void ClearAll();

    /// <summary>Deletes every expired entry (a scan); returns how many. A no-op without TTL.</summary>
    long PurgeExpired();
}
