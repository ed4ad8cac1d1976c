using VecFlow.State.Backends;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Memory;

namespace VecFlow.State.Tests;

/// <summary>Base of state tests: a temp directory and a buffer pool per test (leaks fail), backends of either kind.</summary>
public abstract class StateTest : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private int _next;

    protected StateTest()
    {
        Root = Path.Combine(Path.GetTempPath(), "vecflow-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Pool = new BufferPool(GetType().Name) { TrackRentSites = true };
    }

    public static TheoryData<string> BackendKinds => new() { "heap", "rocksdb" };

    protected string Root { get; }

    protected BufferPool Pool { get; }

    /// <summary>A fresh path under the test's directory (not created).</summary>
    protected string NewPath(string name) => Path.Combine(Root, $"{name}-{_next++}");

    protected KeyedStateBackend Create(string kind, KeyGroupRange range, StateBackendOptions? options = null) =>
        Own<KeyedStateBackend>(kind == "heap"
            ? new HeapKeyedStateBackend(range, options)
            : new RocksDbKeyedStateBackend(NewPath("db"), range, options));

    protected KeyedStateBackend Restore(string kind, IReadOnlyList<string> snapshots, KeyGroupRange range, StateBackendOptions? options = null) =>
        Own<KeyedStateBackend>(kind == "heap"
            ? HeapKeyedStateBackend.Restore(snapshots, range, options)
            : RocksDbKeyedStateBackend.Restore(snapshots, NewPath("db"), range, options));

    /// <summary>Encoded BIGINT-like keys for raw 64-bit ids (hash = the key-group-spreading mix of the id).</summary>
    protected static EncodedKeys Keys(IEnumerable<long> ids, int maxParallelism = KeyGroupAssignment.DefaultMaxParallelism)
    {
        var keys = new EncodedKeys(maxParallelism);
        foreach (long id in ids)
        {
            keys.Add(BitConverter.GetBytes(id), HashOf(id));
        }

        return keys;
    }

    protected static ulong HashOf(long id) => Vector.Kernels.Hashing.HashMixer.Mix((ulong)id);

    protected static int GroupOf(long id, int maxParallelism = KeyGroupAssignment.DefaultMaxParallelism) =>
        KeyGroupAssignment.KeyGroupOf(HashOf(id), maxParallelism);

    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        try
        {
            foreach (IDisposable owned in Enumerable.Reverse(_owned))
            {
                owned.Dispose();
            }

            Pool.AssertNoLeaks();
        }
        finally
        {
            Pool.Dispose();
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory must not fail the test.
            }

            GC.SuppressFinalize(this);
        }
    }
}
