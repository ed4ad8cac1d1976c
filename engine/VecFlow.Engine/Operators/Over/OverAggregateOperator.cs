using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Over;

/// <summary>
/// OVER windows ending at the current row (<c>agg(x) OVER (PARTITION BY p ORDER BY o {ROWS | RANGE} BETWEEN ...
/// PRECEDING AND CURRENT ROW)</c>, ROW_NUMBER, RANK, DENSE_RANK, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE): emits the input columns plus one column per call,
/// rows in (partition, order) order, in EndInput.
/// </summary>
/// <remarks>
/// <para>The input is sorted by (partition keys ascending, order keys) with <see cref="RowSorter"/>, spilling as the
/// sort does. The sorted stream is cut at partition starts: whole partitions are computed as soon as the next one
/// begins, so memory holds the largest partition plus one batch (a single partition must fit in memory).</para>
/// <para>All calls share one ORDER BY, as a Flink OverAggregate node does; calls with different windows are separate
/// operators.</para>
/// </remarks>
public sealed class OverAggregateOperator : IBatchOperator
{
    private readonly RowSchema _input;
    private readonly IReadOnlyList<SortKey> _orderKeys;
    private readonly IReadOnlyList<OverCall> _calls;
    private readonly List<SortKey> _sortKeys;
    private readonly int _partitionKeys;
    private readonly string[] _names;
    private readonly List<OverSegment> _pending = [];
    private OperatorContext? _context;
    private RowSorter? _sorter;

    public OverAggregateOperator(RowSchema input, IReadOnlyList<int> partitionKeys, IReadOnlyList<SortKey> orderKeys, IReadOnlyList<OverCall> calls)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(partitionKeys);
        ArgumentNullException.ThrowIfNull(orderKeys);
        ArgumentNullException.ThrowIfNull(calls);
        foreach (OverCall call in calls)
        {
            Validate(input, orderKeys, call);
        }

        _input = input;
        _orderKeys = orderKeys;
        _calls = calls;
        _partitionKeys = partitionKeys.Count;
        _sortKeys = [.. partitionKeys.Select(SortKey.Ascending), .. orderKeys];
        _names = [.. input.Names, .. calls.Select(c => c.Name)];
        OutputSchema = new RowSchema([.. input.Fields, .. calls.Select(c => new Field(c.Name, c.ResultType))]);
    }

    public string Name => "OverAggregate";

    /// <summary>The input columns, then one column per call.</summary>
    public RowSchema OutputSchema { get; }

    public void Open(OperatorContext context)
    {
        _context = context;
        _sorter = new RowSorter(_input, _sortKeys, context, _partitionKeys, spillPrefix: "over");
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the OVER operator before sending it batches.");
        _context!.Metrics.AddIn(batch.LiveCount);
        sorter.Add(batch);
    }

    public void EndInput(int input, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the OVER operator before ending its input.");
        sorter.Finish((batch, rowNumbers) => Accept(batch, rowNumbers.ToArray(), output));
        ComputePending(output);
    }

    public void Dispose()
    {
        _sorter?.Dispose();
        _sorter = null;
        ReleasePending();
    }

    /// <summary>Computes the partitions that end before the last partition start of <paramref name="batch"/>; keeps the rest pending.</summary>
    private void Accept(ColumnBatch batch, long[] rowNumbers, IBatchCollector output)
    {
        int lastStart = Array.LastIndexOf(rowNumbers, 1L);
        if (lastStart < 0)
        {
            _pending.Add(new OverSegment(batch, 0, batch.Length, rowNumbers));
            return;
        }

        if (lastStart > 0)
        {
            _pending.Add(new OverSegment(batch.Retain(), 0, lastStart, rowNumbers));
        }

        try
        {
            ComputePending(output);
        }
        catch
        {
            batch.Dispose();
            throw;
        }

        _pending.Add(new OverSegment(batch, lastStart, batch.Length, rowNumbers));
    }

    private void ComputePending(IBatchCollector output)
    {
        try
        {
            if (_pending.Count > 0)
            {
                Compute(output);
            }
        }
        finally
        {
            ReleasePending();
        }
    }

    private void ReleasePending()
    {
        foreach (OverSegment segment in _pending)
        {
            segment.Batch.Dispose();
        }

        _pending.Clear();
    }

    private void Compute(IBatchCollector output)
    {
        OperatorContext context = _context!;
        context.Cancellation.ThrowIfCancellationRequested();
        var region = new OverRegion(_input, _pending, _orderKeys);
        var results = new OverResult[_calls.Count];
        var frames = new Dictionary<OverFrame, (int[] Start, int[] End)>();
        NumericValues? orderValues = null;
        for (int c = 0; c < _calls.Count; c++)
        {
            OverCall call = _calls[c];
            if (!frames.TryGetValue(call.Frame, out (int[] Start, int[] End) bounds))
            {
                if (call.Frame is { Unit: OverFrameUnit.Range, Preceding: not null })
                {
                    orderValues ??= region.Numeric(_orderKeys[0].Column);
                }

                bounds = FrameBounds.Compute(call.Frame, region, orderValues, _orderKeys.Count > 0 && _orderKeys[0].Descending);
                frames.Add(call.Frame, bounds);
            }

            results[c] = OverEvaluation.Evaluate(call, region, bounds.Start, bounds.End);
        }

        int chunkRows = Math.Max(1, context.BatchRows);
        for (int from = 0; from < region.Count; from += chunkRows)
        {
            int count = Math.Min(chunkRows, region.Count - from);
            var columns = new List<ColumnVector>(_names.Length);
            try
            {
                ReadOnlySpan<int> sources = region.SourceOf.AsSpan(from, count);
                ReadOnlySpan<int> rows = region.RowOf.AsSpan(from, count);
                for (int c = 0; c < _input.Count; c++)
                {
                    columns.Add(RowGather.GatherColumn(region.Sources, c, sources, rows, context.Pool));
                }

                foreach (OverResult result in results)
                {
                    columns.Add(result.Slice(region, from, count, context.Pool));
                }

                var batch = new ColumnBatch(_names, columns, count);
                context.Metrics.AddOut(count);
                output.Collect(batch);
            }
            catch
            {
                columns.ForEach(c => c.Dispose());
                throw;
            }
        }
    }

    private static void Validate(RowSchema input, IReadOnlyList<SortKey> orderKeys, OverCall call)
    {
        if (call.Argument is { } argument && (uint)argument >= (uint)input.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(call), $"{call} names column {argument}; the input has columns 0..{input.Count - 1} {input}.");
        }

        if (call.Argument is null && !call.IsRanking && call.Function != OverFunction.CountStar)
        {
            throw new ArgumentException($"{call} needs an argument column.", nameof(call));
        }

        if (call.Default is { } fallback && (!call.IsOffset || (uint)fallback >= (uint)input.Count || input[fallback].Type.Kind != call.ResultType.Kind))
        {
            throw new ArgumentException($"{call}: only LAG and LEAD take a default, a column of the result type {call.ResultType}.", nameof(call));
        }

        if ((call.IsOffset && call.Offset < 0) || (call.Function == OverFunction.Ntile && call.Offset <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(call), call.Offset, $"{call}: the offset of LAG / LEAD must be >= 0 and the bucket count of NTILE > 0.");
        }

        if (call.Function is OverFunction.Sum or OverFunction.Avg or OverFunction.StddevPop or OverFunction.StddevSamp or OverFunction.VarPop or OverFunction.VarSamp
            && call.Argument is { } numeric && !input[numeric].Type.IsNumeric)
        {
            throw new NotSupportedException($"{call}: {call.Function.ToString().ToUpperInvariant()} needs a numeric argument, not {input[numeric].Type}.");
        }

        if (call.Frame is { Unit: OverFrameUnit.Range, Preceding: not null } && !call.IsRanking)
        {
            SqlType? key = orderKeys.Count == 1 ? input[orderKeys[0].Column].Type : null;
            if (key is null || !(key.IsNumeric || key.IsTemporal || key.Kind == SqlTypeKind.IntervalDayTime))
            {
                throw new NotSupportedException($"{call}: a RANGE frame with an offset needs exactly one numeric, temporal or interval ORDER BY key; got {orderKeys.Count} key(s).");
            }
        }
    }
}
