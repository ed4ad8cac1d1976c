using BenchmarkDotNet.Attributes;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Kernels;

namespace VecFlow.Benchmarks.Kernels;

/// <summary>SELECT SUM(b) WHERE a &gt; c: a comparison into a selection bitmap, then a masked sum over the bitmap.</summary>
[BenchmarkCategory("filter-sum")]
public class FilterSumBenchmarks
{
    private long[] _a = [];
    private long[] _b = [];
    private ulong[] _selection = [];
    private long _threshold;

    [Params(DataSizes.L2, DataSizes.Memory)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _a = new long[Rows];
        _b = new long[Rows];
        for (int i = 0; i < Rows; i++)
        {
            _a[i] = random.NextInt64(0, 1_000_000);
            _b[i] = random.Next(-1000, 1000);
        }

        _threshold = 500_000; // half the rows pass: the worst case for a branchy loop
        _selection = new ulong[Bits.WordCount(Rows)];
        ComparisonKernels.Compare<long>(_a, ComparisonOp.Greater, _threshold, _selection);
    }

    /// <summary>The plain C# loop a developer would write.</summary>
    [Benchmark(Baseline = true)]
    [BytesPerRow(16)]
    public long ScalarLoop()
    {
        long[] a = _a;
        long[] b = _b;
        long threshold = _threshold;
        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > threshold)
            {
                sum += b[i];
            }
        }

        return sum;
    }

    /// <summary>VecFlow's kernels: compare to a bitmap, then the masked, overflow-checked sum.</summary>
    [Benchmark]
    [BytesPerRow(16)]
    public long VecFlowKernels()
    {
        ComparisonKernels.Compare<long>(_a, ComparisonOp.Greater, _threshold, _selection);
        return AggregateKernels.Sum((ReadOnlySpan<long>)_b, _selection);
    }

    /// <summary>The fused kernel the planner uses for a comparison filter feeding SUM: no bitmap at all.</summary>
    [Benchmark]
    [BytesPerRow(16)]
    public long VecFlowFused() => FilteredAggregation.SumWhere(_a, ComparisonOp.Greater, _threshold, _b);

    /// <summary>The comparison alone (bitmap out), to see where filter+sum time goes.</summary>
    [Benchmark]
    [BytesPerRow(8)]
    public void CompareOnly() => ComparisonKernels.Compare<long>(_a, ComparisonOp.Greater, _threshold, _selection);

    /// <summary>The masked, overflow-checked sum alone over a bitmap with half the rows set.</summary>
    [Benchmark]
    [BytesPerRow(8)]
    public long MaskedSumOnly() => AggregateKernels.Sum((ReadOnlySpan<long>)_b, _selection);

    /// <summary>The same in chunks of 64K rows, as an operator pipeline runs it (bitmap stays in L1).</summary>
    [Benchmark]
    [BytesPerRow(16)]
    public long VecFlowKernelsChunked()
    {
        const int Chunk = 65_536;
        long sum = 0;
        Span<ulong> bits = _selection.AsSpan(0, Bits.WordCount(Math.Min(Chunk, Rows)));
        for (int start = 0; start < Rows; start += Chunk)
        {
            int n = Math.Min(Chunk, Rows - start);
            Span<ulong> words = bits[..Bits.WordCount(n)];
            ComparisonKernels.Compare<long>(_a.AsSpan(start, n), ComparisonOp.Greater, _threshold, words);
            sum = checked(sum + AggregateKernels.Sum((ReadOnlySpan<long>)_b.AsSpan(start, n), words));
        }

        return sum;
    }
}
