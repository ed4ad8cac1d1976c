using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;

namespace VecFlow.State.Keyed;

/// <summary>One value per (key, namespace), read and written a batch of keys at a time.</summary>
public interface IValueState<T> : IKeyedState
{
    /// <summary>values[i] and found[i] for key i; values[i] is default where not found.</summary>
    void GetValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<T> values, Span<bool> found);

    /// <summary>Sets the value of key i to values[i]; for a key given twice the last one wins.</summary>
    void PutValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values);

    /// <summary>Every live value in <paramref name="range"/> (all keys and namespaces), in key order: a scan, for operators that emit their whole state.</summary>
    IEnumerable<T> Values(KeyGroupRange range);
}
