using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using VecFlow.Vector.Kernels;

namespace VecFlow.Benchmarks.Kernels;

/// <summary>a + b over int64 and a SUM over double, against a scalar loop and TensorPrimitives (same kernel, no SQL checks).</summary>
[BenchmarkCategory("arithmetic")]
public class ArithmeticBenchmarks
{
    private long[] _a = [];
    private long[] _b = [];
    private long[] _sum = [];
    private double[] _d = [];

    [Params(DataSizes.L2)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _a = [.. Enumerable.Range(0, Rows).Select(_ => random.NextInt64(-1_000_000, 1_000_000))];
        _b = [.. Enumerable.Range(0, Rows).Select(_ => random.NextInt64(-1_000_000, 1_000_000))];
        _sum = new long[Rows];
        _d = [.. Enumerable.Range(0, Rows).Select(_ => random.NextDouble())];
    }

    /// <summary>Checked scalar addition, the semantics SQL needs.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("add-int64")]
    public void AddScalarChecked()
    {
        long[] a = _a, b = _b, d = _sum;
        for (int i = 0; i < a.Length; i++)
        {
            d[i] = checked(a[i] + b[i]);
        }
    }

    /// <summary>VecFlow's overflow-checked vector addition.</summary>
    [Benchmark]
    [BenchmarkCategory("add-int64")]
    public void AddVecFlowChecked() => ArithmeticKernels.Add<long>(_a, _b, _sum, default);

    /// <summary>TensorPrimitives.Add: vectorized but wraps on overflow (not SQL semantics); the speed reference.</summary>
    [Benchmark]
    [BenchmarkCategory("add-int64")]
    public void AddTensorPrimitivesUnchecked() => TensorPrimitives.Add<long>(_a, _b, _sum);

    [Benchmark]
    [BenchmarkCategory("sum-double")]
    public double SumDoubleScalar()
    {
        double s = 0;
        foreach (double v in _d)
        {
            s += v;
        }

        return s;
    }

    [Benchmark]
    [BenchmarkCategory("sum-double")]
    public double SumDoubleVecFlow() => AggregateKernels.Sum((ReadOnlySpan<double>)_d, default);

    [Benchmark]
    [BenchmarkCategory("sum-double")]
    public double SumDoubleTensorPrimitives() => TensorPrimitives.Sum<double>(_d);
}
