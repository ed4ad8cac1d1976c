using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Aggregate;

/// <summary>One level of a hash aggregation: the groups that fit in memory, and spilled raw rows for the groups that did not.</summary>
/// <remarks>
/// <para>Until the memory budget is exceeded every row is aggregated in memory. At that point the pass becomes
/// <em>resident-only</em>: the groups it holds stay and keep absorbing their rows, while rows of any other key go,
/// raw, to hash partitions on disk. A key is therefore either complete in memory or has all its rows in exactly one
/// spill partition, so the results stay exact without exporting partial states. The groups of the first batch always
/// stay resident, which guarantees progress even for a single huge key that no partitioning can split.</para>
/// <para>Resident-only mode still maps every row, so keys seen after the budget was reached enter the map as groups
/// that are never aggregated; the map is rebuilt with the resident keys only whenever such groups outnumber them.</para>
/// </remarks>
internal sealed class AggregationPass : IDisposable
{
    /// <summary>A rough per-group, per-aggregate state size for memory accounting (accumulators do not report theirs).</summary>
    private const int BytesPerGroupState = 32;

    private readonly RowSchema _input;
    private readonly IReadOnlyList<int> _groupKeys;
    private readonly IReadOnlyList<AggregateCall> _aggregates;
    private readonly OperatorContext _context;
    private readonly SqlType[] _keyTypes;
    private readonly IGroupedAggregate[] _accumulators;
    private readonly DistinctValueFilter?[] _distinct;
    private readonly bool _maySpill;
    private GroupIdMap? _map;
    private SpillPartitions? _partitions;
    private int _residentGroups = -1;

    public AggregationPass(RowSchema input, IReadOnlyList<int> groupKeys, IReadOnlyList<AggregateCall> aggregates, OperatorContext context, int level, bool maySpill)
    {
        _input = input;
        _groupKeys = groupKeys;
        _aggregates = aggregates;
        _context = context;
        Level = level;
        _maySpill = maySpill && groupKeys.Count > 0;
        _keyTypes = [.. groupKeys.Select(k => input[k].Type)];
        int initialCapacity = InitialCapacity(context.Budget);
        _accumulators = new IGroupedAggregate[aggregates.Count];
        _distinct = new DistinctValueFilter?[aggregates.Count];
        try
        {
            if (groupKeys.Count > 0)
            {
                _map = new GroupIdMap(_keyTypes, context.Pool, initialCapacity);
            }

            for (int i = 0; i < aggregates.Count; i++)
            {
                AggregateCall call = aggregates[i];
                SqlType? argumentType = call.Argument is { } a ? input[a].Type : null;
                _accumulators[i] = GroupedAggregates.Create(call.Argument is null ? AggregateFunction.CountStar : call.Function, argumentType);
                if (call.Distinct && argumentType is not null)
                {
                    _distinct[i] = new DistinctValueFilter(argumentType, groupKeys.Count > 0, context.Pool, initialCapacity);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Level { get; }

    /// <summary>Groups whose results this pass emits.</summary>
    public int GroupCount => _map is null ? 1 : IsResidentOnly ? _residentGroups : _map.GroupCount;

    public bool IsResidentOnly => _residentGroups >= 0;

    /// <summary>Bytes held by the key map, the accumulators (estimated) and the DISTINCT pair maps.</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = (_map?.MemoryBytes ?? 0) + ((long)GroupCount * BytesPerGroupState * _aggregates.Count);
            foreach (DistinctValueFilter? filter in _distinct)
            {
                bytes += filter?.MemoryBytes ?? 0;
            }

            return bytes;
        }
    }

    /// <summary>Aggregates the live rows of <paramref name="batch"/> (the caller keeps the batch).</summary>
    public void Add(ColumnBatch batch)
    {
        int n = batch.Length;
        if (n == 0 || batch.LiveCount == 0)
        {
            return;
        }

        int words = Bits.WordCount(n);
        BufferPool pool = _context.Pool;
        ReadOnlySpan<ulong> live = batch.Selection is { } selection ? selection.Words : default;
        NativeBuffer idBuffer = pool.Rent(n * sizeof(int));
        NativeBuffer pairBuffer = pool.Rent(n * sizeof(int));
        NativeBuffer maskBuffer = pool.Rent(3 * words * sizeof(ulong));
        ColumnVector? idColumn = null;
        try
        {
            Span<int> ids = idBuffer.As<int>()[..n];
            Span<ulong> resident = maskBuffer.As<ulong>().Slice(0, words);
            Span<ulong> spilled = maskBuffer.As<ulong>().Slice(words, words);
            Span<ulong> rows = maskBuffer.As<ulong>().Slice(2 * words, words);
            // The first aggregate folds while the keys are mapped when it takes every live row (no FILTER, no
            // DISTINCT, no spilling): one pass over the batch instead of two where the map supports it.
            int first = 0;
            if (_map is null)
            {
                ids.Clear();
            }
            else if (!IsResidentOnly && _aggregates.Count > 0 && _aggregates[0].Filter is null && _distinct[0] is null)
            {
                ColumnVector? values = _aggregates[0].Argument is { } a ? batch.Column(a) : null;
                _map.MapAndUpdate(KeyColumns(batch), live, ids, _accumulators[0], values);
                first = 1;
            }
            else
            {
                _map.Map(KeyColumns(batch), live, ids);
            }

            if (IsResidentOnly)
            {
                SplitResident(ids, live, n, resident, spilled);
                if (Bits.PopCount(spilled) > 0)
                {
                    _partitions!.Append(batch, spilled);
                }
            }
            else if (live.IsEmpty)
            {
                Bits.SetAll(resident, n);
            }
            else
            {
                live.CopyTo(resident);
            }

            int groups = GroupCount;
            for (int i = first; i < _aggregates.Count; i++)
            {
                AggregateCall call = _aggregates[i];
                resident.CopyTo(rows);
                if (call.Filter is { } f)
                {
                    ColumnVector filter = batch.Column(f);
                    Bits.And(rows, filter.BooleanWords[..words], rows);
                    if (filter.HasNulls)
                    {
                        Bits.And(rows, filter.Validity[..words], rows);
                    }
                }

                ColumnVector? values = call.Argument is { } a ? batch.Column(a) : null;
                if (_distinct[i] is { } distinct)
                {
                    if (_map is not null && idColumn is null)
                    {
                        // The map reads the ids as an INT key column over the same buffer; rows outside its mask are never read.
                        idColumn = ColumnVector.FromBuffers(SqlType.Int.WithNullable(false), n, null, idBuffer.Retain());
                    }

                    distinct.KeepFirstOccurrences(idColumn, values!, rows, pairBuffer.As<int>()[..n]);
                }

                _accumulators[i].EnsureGroups(groups);
                _accumulators[i].Update(values, ids, rows);
            }
        }
        finally
        {
            idColumn?.Dispose();
            idBuffer.Release();
            pairBuffer.Release();
            maskBuffer.Release();
        }

        AfterBatch();
    }

    /// <summary>Emits the results of the groups held in memory, in batches of at most <see cref="OperatorContext.BatchRows"/> rows.</summary>
    public void Emit(IReadOnlyList<string> names, IBatchCollector output)
    {
        int groups = GroupCount;
        if (groups == 0)
        {
            return;
        }

        BufferPool pool = _context.Pool;
        var columns = new List<ColumnVector>(names.Count);
        try
        {
            if (_map is not null)
            {
                columns.AddRange(_map.Keys(pool));
            }

            for (int i = 0; i < _aggregates.Count; i++)
            {
                using ColumnVector finished = _accumulators[i].Finish(groups, pool);
                columns.Add(CastKernels.Cast(finished, _aggregates[i].ResultType, default, pool));
            }

            int batchRows = Math.Max(1, _context.BatchRows);
            if (groups <= batchRows && columns.All(c => c.Length == groups))
            {
                var batch = new ColumnBatch(names, columns, groups);
                columns = [];
                _context.Metrics.AddOut(groups);
                output.Collect(batch);
                return;
            }

            int[] indices = new int[Math.Min(groups, batchRows)];
            for (int start = 0; start < groups; start += batchRows)
            {
                int length = Math.Min(batchRows, groups - start);
                Span<int> range = indices.AsSpan(0, length);
                for (int r = 0; r < length; r++)
                {
                    range[r] = start + r;
                }

                var part = new List<ColumnVector>(columns.Count);
                try
                {
                    foreach (ColumnVector column in columns)
                    {
                        part.Add(GatherKernels.Gather(column, range, pool));
                    }
                }
                catch
                {
                    part.ForEach(c => c.Dispose());
                    throw;
                }

                _context.Metrics.AddOut(length);
                output.Collect(new ColumnBatch(names, part, length));
            }
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Finishes the spill partitions of this pass and hands them over (the caller disposes them); empty when nothing spilled.</summary>
    public List<SpillFile> TakeSpilled() => _partitions?.Finish() ?? [];

    public void Dispose()
    {
        _map?.Dispose();
        _map = null;
        _partitions?.Dispose();
        _partitions = null;
        foreach (IGroupedAggregate? accumulator in _accumulators)
        {
            accumulator?.Dispose();
        }

        foreach (DistinctValueFilter? filter in _distinct)
        {
            filter?.Dispose();
        }
    }

    private static int InitialCapacity(MemoryBudget budget) =>
        budget.Bytes == long.MaxValue ? 1024 : (int)Math.Clamp(budget.Bytes / 256, 16, 1024);

    /// <summary>Splits the live rows into those of resident groups and the rest (which go to disk).</summary>
    private void SplitResident(ReadOnlySpan<int> ids, ReadOnlySpan<ulong> live, int n, Span<ulong> resident, Span<ulong> spilled)
    {
        resident.Clear();
        spilled.Clear();
        uint residentGroups = (uint)_residentGroups;
        foreach (int row in new SetBitEnumerator(live, n))
        {
            Bits.Set((uint)ids[row] < residentGroups ? resident : spilled, row);
        }
    }

    private ColumnVector[] KeyColumns(ColumnBatch batch)
    {
        var keys = new ColumnVector[_groupKeys.Count];
        for (int k = 0; k < keys.Length; k++)
        {
            keys[k] = batch.Column(_groupKeys[k]);
        }

        return keys;
    }

    private void AfterBatch()
    {
        long memory = MemoryBytes;
        _context.Metrics.ObserveMemory(memory);
        if (_map is null)
        {
            return;
        }

        if (!IsResidentOnly)
        {
            if (_maySpill && _context.Budget.IsExceeded(memory))
            {
                _residentGroups = _map.GroupCount;
                _partitions = new SpillPartitions(_input, _groupKeys, Level, _context);
            }

            return;
        }

        if (_map.GroupCount - _residentGroups > Math.Max(_residentGroups, _context.BatchRows))
        {
            DropNonResidentGroups();
        }
    }

    /// <summary>Rebuilds the key map with the resident keys only; they keep their ids because the map numbers keys in row order.</summary>
    private void DropNonResidentGroups()
    {
        BufferPool pool = _context.Pool;
        int resident = _residentGroups;
        IReadOnlyList<ColumnVector> all = _map!.Keys(pool);
        var kept = new List<ColumnVector>(all.Count);
        NativeBuffer ids = pool.Rent(Math.Max(resident, 1) * sizeof(int));
        GroupIdMap? rebuilt = null;
        try
        {
            int[] prefix = new int[resident];
            for (int g = 0; g < resident; g++)
            {
                prefix[g] = g;
            }

            foreach (ColumnVector column in all)
            {
                kept.Add(GatherKernels.Gather(column, prefix, pool));
            }

            rebuilt = new GroupIdMap(_keyTypes, pool, resident);
            rebuilt.Map(kept, default, ids.As<int>()[..resident]);
            _map.Dispose();
            _map = rebuilt;
            rebuilt = null;
        }
        finally
        {
            rebuilt?.Dispose();
            ids.Release();
            foreach (ColumnVector column in all)
            {
                column.Dispose();
            }

            kept.ForEach(c => c.Dispose());
        }
    }
}
