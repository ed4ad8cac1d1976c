using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Benchmarks.Kernels;

/// <summary>SELECT k, SUM(v) GROUP BY k over 1,000 distinct int64 keys, one 64K-row batch at a time.</summary>
/// <remarks>VecFlow's figure includes the hash table that turns keys into group ids, not only the scatter-add.</remarks>
[BenchmarkCategory("grouped-sum")]
public class GroupedSumBenchmarks : IDisposable
{
    private const int BatchRows = 65_536;
    private readonly BufferPool _pool = new("bench");
    private long[] _keys = [];
    private long[] _values = [];
    private ColumnVector[] _keyColumns = [];
    private ColumnVector[] _valueColumns = [];
    private int[] _groupIds = [];
    private int[] _precomputedIds = [];

    [Params(1_000)]
    public int Groups { get; set; }

    [Params(4 * BatchRows)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        long[] distinct = [.. Enumerable.Range(0, Groups).Select(_ => random.NextInt64())];
        _keys = [.. Enumerable.Range(0, Rows).Select(_ => distinct[random.Next(Groups)])];
        _values = [.. Enumerable.Range(0, Rows).Select(_ => (long)random.Next(0, 1000))];
        int batches = Rows / BatchRows;
        _keyColumns = new ColumnVector[batches];
        _valueColumns = new ColumnVector[batches];
        for (int b = 0; b < batches; b++)
        {
            _keyColumns[b] = ColumnFactory.FromValues<long>(SqlType.BigInt, _keys.AsSpan(b * BatchRows, BatchRows), _pool);
            _valueColumns[b] = ColumnFactory.FromValues<long>(SqlType.BigInt, _values.AsSpan(b * BatchRows, BatchRows), _pool);
        }

        _groupIds = new int[BatchRows];
        _precomputedIds = [.. Enumerable.Range(0, BatchRows).Select(_ => random.Next(Groups))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (ColumnVector c in _keyColumns.Concat(_valueColumns))
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

    /// <summary>The idiomatic fast C# way: a Dictionary from key to running sum, one lookup per row.</summary>
    [Benchmark(Baseline = true)]
    public long DictionaryLoop()
    {
        var sums = new Dictionary<long, long>();
        long[] keys = _keys;
        long[] values = _values;
        for (int i = 0; i < keys.Length; i++)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(sums, keys[i], out _) += values[i];
        }

        return sums.Count;
    }

    /// <summary>Only the key-to-group-id mapping, to see where the grouped time goes.</summary>
    [Benchmark]
    public int MapOnly()
    {
        using var map = new GroupIdMap([SqlType.BigInt], _pool);
        for (int b = 0; b < _keyColumns.Length; b++)
        {
            map.Map([_keyColumns[b]], default, _groupIds);
        }

        return map.GroupCount;
    }

    /// <summary>Only the scatter-add of values into per-group sums, with precomputed group ids.</summary>
    [Benchmark]
    public long UpdateOnly()
    {
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        sum.EnsureGroups(Groups);
        for (int b = 0; b < _valueColumns.Length; b++)
        {
            sum.Update(_valueColumns[b], _precomputedIds, default);
        }

        using ColumnVector result = sum.Finish(Groups, _pool);
        return result.Length;
    }

    /// <summary>VecFlow as the hash aggregate runs it: every row's key mapped to its group and its value folded into the group's SUM.</summary>
    [Benchmark]
    public long VecFlowGroupedSum()
    {
        using var map = new GroupIdMap([SqlType.BigInt], _pool);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        for (int b = 0; b < _keyColumns.Length; b++)
        {
            map.MapAndUpdate([_keyColumns[b]], default, _groupIds, sum, _valueColumns[b]);
        }

        using ColumnVector result = sum.Finish(map.GroupCount, _pool);
        return result.Length;
    }
}
