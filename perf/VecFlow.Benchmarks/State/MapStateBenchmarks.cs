using BenchmarkDotNet.Attributes;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;

namespace VecFlow.Benchmarks.State;

/// <summary>
/// The streaming DISTINCT path on RocksDB state: one batched read and one batched write of a batch's (group, value)
/// map entries, as <c>SharedDistinctCounts</c> does per input batch. Hot: the batch's entries are in the write-back
/// cache; Growing: every batch brings new entries (reads miss, RocksDB answers, the cache evicts and flushes).
/// </summary>
[BenchmarkCategory("state")]
public class MapStateBenchmarks : IDisposable
{
    private const int Batch = 4096;
    private const int Groups = 512;

    private string _directory = "";
    private RocksDbKeyedStateBackend? _backend;
    private IMapState<long, long>? _state;
    private readonly EncodedKeys _keys = new(capacity: Batch);
    private readonly long[] _userKeys = new long[Batch];
    private readonly long[] _counts = new long[Batch];
    private readonly bool[] _found = new bool[Batch];
    private readonly long[] _namespace = [0];
    private long _next;

    [Params(false, true)]
    public bool Growing { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "vecflow-bench-" + Guid.NewGuid().ToString("N"));
        _backend = new RocksDbKeyedStateBackend(_directory, new KeyGroupRange(0, KeyGroupAssignment.DefaultMaxParallelism - 1), new StateBackendOptions { WriteCacheBytes = 16 << 20 });
        _state = _backend.GetMapState(new MapStateDescriptor<long, long>("distinct", StateSerializers.Int64, StateSerializers.Int64));
        Span<byte> key = stackalloc byte[8];
        for (int i = 0; i < Batch; i++)
        {
            long group = i % Groups;
            BitConverter.TryWriteBytes(key, group);
            _keys.Add(key, (ulong)group * 0x9E3779B97F4A7C15UL);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _backend is not null)
        {
            _backend.Dispose();
            _backend = null;
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Reads the batch's counts and writes them back incremented: one MultiGet and one cached write per entry.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void ReadAndIncrement()
    {
        long first = Growing ? _next : 0;
        _next += Batch;
        for (int i = 0; i < Batch; i++)
        {
            _userKeys[i] = first + i;
        }

        _state!.GetValues(_keys, _namespace, _userKeys, _counts, _found);
        for (int i = 0; i < Batch; i++)
        {
            _counts[i] = _found[i] ? _counts[i] + 1 : 1;
        }

        _state.PutValues(_keys, _namespace, _userKeys, _counts);
    }
}
