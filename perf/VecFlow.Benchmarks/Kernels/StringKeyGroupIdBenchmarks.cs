using BenchmarkDotNet.Attributes;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Benchmarks.Kernels;

/// <summary>Group ids of one VARCHAR key (GROUP BY channel), 64K-row batches: a few short keys vs many.</summary>
/// <remarks>Six keys take the packed short-key lookup; 5,000 keys fill it and take the hashed probe.</remarks>
[BenchmarkCategory("string-group-ids")]
public class StringKeyGroupIdBenchmarks : IDisposable
{
    private const int BatchRows = 65_536;
    private readonly BufferPool _pool = new("bench");
    private ColumnVector[] _batches = [];
    private int[] _groupIds = [];

    [Params(6, 5_000)]
    public int Distinct { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        string[] keys = Distinct == 6
            ? ["Google", "Facebook", "Baidu", "Apple", "channel-5", "channel-6"]
            : [.. Enumerable.Range(0, Distinct).Select(i => "key-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))];
        _batches = new ColumnVector[4];
        for (int b = 0; b < _batches.Length; b++)
        {
            _batches[b] = ColumnFactory.FromStrings([.. Enumerable.Range(0, BatchRows).Select(_ => keys[random.Next(keys.Length)])], _pool);
        }

        _groupIds = new int[BatchRows];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (ColumnVector c in _batches)
        {
            c.Dispose();
        }

        _pool.Dispose();
    }

    public void Dispose()
    {
        _pool.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public int MapBatches()
    {
        using var map = new GroupIdMap([SqlType.Varchar], _pool);
        foreach (ColumnVector batch in _batches)
        {
            map.Map([batch], [], _groupIds);
        }

        return map.GroupCount;
    }
}
