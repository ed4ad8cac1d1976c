using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace VecFlow.Benchmarks.Kernels;

/// <summary>This machine's streaming limits: read bandwidth (sum of int64) and copy bandwidth, far beyond the caches.</summary>
/// <remarks>Every other kernel figure is read as a fraction of these.</remarks>
[BenchmarkCategory("bandwidth")]
public class MemoryBandwidthBenchmarks
{
    private long[] _source = [];
    private long[] _target = [];

    [Params(DataSizes.Memory)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = new long[Rows];
        _target = new long[Rows];
        new Random(42).NextBytes(MemoryMarshal.AsBytes(_source.AsSpan()));
    }

    /// <summary>Read-only streaming: four independent AVX2 accumulators, so memory is the only limit.</summary>
    [Benchmark]
    [BytesPerRow(8)]
    public long StreamingSum()
    {
        ref long r = ref MemoryMarshal.GetArrayDataReference(_source);
        Vector256<long> a0 = default, a1 = default, a2 = default, a3 = default;
        int n = _source.Length;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
            a1 += Vector256.LoadUnsafe(ref r, (nuint)(i + 4));
            a2 += Vector256.LoadUnsafe(ref r, (nuint)(i + 8));
            a3 += Vector256.LoadUnsafe(ref r, (nuint)(i + 12));
        }

        long sum = Vector256.Sum(a0 + a1 + a2 + a3);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref r, i);
        }

        return sum;
    }

    /// <summary>Read + write streaming (memcpy).</summary>
    [Benchmark]
    [BytesPerRow(16)]
    public void StreamingCopy() => _source.AsSpan().CopyTo(_target);
}
