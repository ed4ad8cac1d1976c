using BenchmarkDotNet.Attributes;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Benchmarks.Kernels;

/// <summary>Hashing an int64 column and LIKE '%needle%' over strings, against per-row scalar code.</summary>
[BenchmarkCategory("hash-strings")]
public class HashAndStringBenchmarks : IDisposable
{
    private readonly BufferPool _pool = new("bench");
    private long[] _keys = [];
    private ulong[] _hashes = [];
    private string[] _strings = [];
    private ColumnVector? _keyColumn;
    private ColumnVector? _stringColumn;

    [Params(DataSizes.L2)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _keys = [.. Enumerable.Range(0, Rows).Select(_ => random.NextInt64())];
        _hashes = new ulong[Rows];
        _strings = [.. Enumerable.Range(0, Rows).Select(i => $"channel-{random.Next(10_000)}-{(i % 97 == 0 ? "needle" : "hay")}-{random.Next()}")];
        _keyColumn = ColumnFactory.FromValues<long>(SqlType.BigInt, _keys, _pool);
        _stringColumn = ColumnFactory.FromStrings(_strings, _pool);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keyColumn?.Dispose();
        _stringColumn?.Dispose();
        _pool.Dispose();
    }

    public void Dispose()
    {
        _pool.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    [BenchmarkCategory("hash-int64")]
    public void HashScalarHashCode()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            _hashes[i] = (ulong)_keys[i].GetHashCode();
        }
    }

    [Benchmark]
    [BenchmarkCategory("hash-int64")]
    public void HashVecFlow() => HashKernels.Hash(_keyColumn!, _hashes);

    [Benchmark]
    [BenchmarkCategory("like-contains")]
    public int ContainsScalarStrings()
    {
        int count = 0;
        foreach (string s in _strings)
        {
            if (s.Contains("needle", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    [Benchmark]
    [BenchmarkCategory("like-contains")]
    public int LikeVecFlow()
    {
        using ColumnVector matches = StringKernels.Like(_stringColumn!, "%needle%", null, _pool);
        return matches.Length;
    }
}
