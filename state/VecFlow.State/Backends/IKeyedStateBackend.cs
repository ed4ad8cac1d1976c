using VecFlow.State.Descriptors;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Snapshots;
using VecFlow.State.Storage;
using VecFlow.State.Timers;

namespace VecFlow.State.Backends;

/// <summary>The keyed state of one subtask: owns a key-group range, hands out state handles by descriptor, holds timers, snapshots.</summary>
public interface IKeyedStateBackend : IDisposable
{
    KeyGroupRange KeyGroupRange { get; }

    int MaxParallelism { get; }

    IValueState<T> GetValueState<T>(ValueStateDescriptor<T> descriptor);

    IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor);

    IMapState<TKey, TValue> GetMapState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor);

    IReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor);

    /// <summary>The event-time and processing-time timers of this backend's keys.</summary>
    TimerService Timers { get; }

    /// <summary>Entries and bytes of every state (and of the timers).</summary>
    IReadOnlyList<StateSize> StateSizes();

    /// <summary>Writes all state and timers into <paramref name="directory"/> (which must not exist yet) and returns its manifest.</summary>
    SnapshotManifest Snapshot(string directory);
}
