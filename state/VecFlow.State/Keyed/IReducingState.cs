using VecFlow.State.Encoding;

namespace VecFlow.State.Keyed;

/// <summary>One value per (key, namespace) that every add folds in with the descriptor's reduce function.</summary>
public interface IReducingState<T> : IKeyedState
{
    /// <summary>state(key i) = reduce(state(key i), values[i]), or values[i] when empty; in row order.</summary>
    void AddValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<T> values);

    void GetValues(EncodedKeys keys, ReadOnlySpan<long> namespaces, Span<T> values, Span<bool> found);
}
