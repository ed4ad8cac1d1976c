using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.Serialization;
using VecFlow.State.Timers;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// A streaming aggregate over TUMBLE / HOP / CUMULATE windows: append-only input, append-only output (+I), one row per
/// (window, key) emitted when the watermark passes the window's end.
/// </summary>
/// <remarks>
/// <para>Each row updates exactly one slice accumulator (<see cref="StreamWindowSlicing"/>): per batch the live rows are
/// grouped by (key, slice end) with <see cref="GroupIdMap"/>, the grouped kernels compute one partial per group, and
/// the partials fold into the state accumulators with ONE batched read and ONE batched write (namespace = slice end).
/// COUNT(DISTINCT) values go to a map state per (key, slice) with one batched put of the batch's distinct triples.</para>
/// <para>Each (key, slice) a batch creates registers one event-time timer at the end - 1 of the slice's first window that
/// has not fired; the timer's namespace carries the key's 64-bit hash, because a fired timer gives back only the key's
/// bytes and a state read needs the hash (it decides the key group). On a watermark a fired timer starts a run for its
/// key (<see cref="StreamWindowRun"/>) that fires the key's windows in order up to the watermark, reading each slice
/// once (one batched read per round for all runs), emits (keys, window_start, window_end, window_time = end - 1,
/// aggregates in the plan's order), clears the slices whose last window fired, and sets one timer for the first window
/// past the watermark that still holds an open slice. A later timer of the key that a run reached is covered (same
/// firing step) or deleted (a later step), so no window fires twice.</para>
/// <para>Rows with a NULL time, and late rows - every window holding them already fired - are dropped and counted in
/// <see cref="OperatorMetrics.DroppedRows"/>. A row some of whose windows fired still counts in the later ones (Flink's
/// rule), so no emitted row ever changes. A retraction in the input is an error: window aggregates need an append-only
/// input.</para>
/// </remarks>
public sealed class StreamWindowAggregateOperator : IStreamOperator
{
    private const string AccumulatorState = "window-accumulators";

    // Version 1: one timer per (key, slice) at its first open window, fired as runs per key (session 10). Snapshots of
    // version 0 held one timer per (key, window); restored here they could fire a window twice, so they are refused.
    private const int TimerScheme = 1;

    /// <summary>How many (key, window) timers one firing step takes at most.</summary>
    private const int FiredPerStep = 8192;
    private static readonly bool[] Present = [true];

    private readonly StreamWindowSlicing _slicing;
    private readonly int _timeColumn;
    private readonly IReadOnlyList<StreamWindowKey> _keys;
    private readonly IReadOnlyList<AggregateCall> _calls;
    private readonly int[] _keyColumns;
    private readonly StreamWindowAccumulators _accumulators;
    private readonly string[] _outputNames;
    private readonly SqlType _windowTimeType;
    private KeyEncoder? _keyEncoder;
    private KeyEncoder?[] _distinctEncoders;

    private EncodedKeys _groupKeys = new();
    private EncodedKeys _pairKeys = new();
    private EncodedKeys _distinctValues = new();

    private OperatorContext? _context;
    private IValueState<StateRow>? _state;
    private IMapState<byte[], bool>?[] _distinctStates = [];
    private TimerService? _timers;
    private long _watermark = long.MinValue;
    private bool _processingTime;

    public StreamWindowAggregateOperator(RowSchema input, WindowTableFunction window, IReadOnlyList<StreamWindowKey> keys, IReadOnlyList<AggregateCall> calls)
        : this(input, window, keys, calls, attached: false)
    {
    }

    /// <summary>A window aggregate; <paramref name="attached"/>: the time column holds each row's window_end (see <see cref="StreamWindowAggregateNode.Attached"/>).</summary>
    public StreamWindowAggregateOperator(RowSchema input, WindowTableFunction window, IReadOnlyList<StreamWindowKey> keys, IReadOnlyList<AggregateCall> calls, bool attached)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(calls);
        if ((uint)window.TimeColumn >= (uint)input.Count || input[window.TimeColumn].Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new ArgumentException($"The window's time column {window.TimeColumn} must be a TIMESTAMP(3) or TIMESTAMP_LTZ(3) column of the input {input}.", nameof(window));
        }

        _slicing = new StreamWindowSlicing(window, attached);
        _timeColumn = window.TimeColumn;
        _keys = keys;
        _calls = calls;
        _keyColumns = [.. keys.Where(k => k.Property == StreamWindowProperty.Column).Select(k => k.Column)];
        _accumulators = new StreamWindowAccumulators(input, _keyColumns, calls);
        _windowTimeType = input[_timeColumn].Type.WithNullable(false);
        _outputNames = [.. keys.Select(k => k.Output.Name), .. calls.Select(c => c.Name)];
        _keyEncoder = _keyColumns.Length > 0 ? new KeyEncoder([.. _keyColumns.Select(k => input[k].Type)]) : null;
        _distinctEncoders = [.. calls.Select((c, i) => _accumulators.IsDistinctCount(i) ? new KeyEncoder([input[c.Argument!.Value].Type]) : null)];
    }

    /// <summary>Builds the operator of a planned streaming window aggregate.</summary>
    public StreamWindowAggregateOperator(StreamWindowAggregateNode node)
        : this(node.Input.Schema, node.Window, node.Keys, node.Calls, node.Attached)
    {
        _processingTime = node.ProcessingTime;
    }

    /// <summary>
    /// True for windows over a processing-time attribute: they fire on <see cref="AdvanceProcessingTime"/> (and all at the
    /// end of bounded input), watermarks are ignored, and a row whose window already fired counts in the open one.
    /// </summary>
    public bool ProcessingTime
    {
        get => _processingTime;
        init => _processingTime = value;
    }

    public string Name => "StreamWindowAggregate";

    /// <summary>The watermark of the last <see cref="ProcessWatermark"/> call (long.MinValue before the first).</summary>
    public long CurrentWatermark => _watermark;

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        IKeyedStateBackend backend = context.RequireKeyedState();
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _groupKeys = new(backend.MaxParallelism);
        _keyEncoder = _keyEncoder?.ForMaxParallelism(backend.MaxParallelism);
        _distinctEncoders = [.. _distinctEncoders.Select(e => e?.ForMaxParallelism(backend.MaxParallelism))];
        _pairKeys = new(backend.MaxParallelism);
        _distinctValues = new(backend.MaxParallelism);

        _state = backend.GetValueState(new ValueStateDescriptor<StateRow>(AccumulatorState, _accumulators.Serializer, usageVersion: TimerScheme));
        _distinctStates = new IMapState<byte[], bool>?[_calls.Count];
        for (int i = 0; i < _calls.Count; i++)
        {
            if (_accumulators.IsDistinctCount(i))
            {
                _distinctStates[i] = backend.GetMapState(new MapStateDescriptor<byte[], bool>($"window-distinct-{i}", StateSerializers.Bytes, StateSerializers.Boolean));
            }
        }

        _timers = backend.Timers;
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        using (batch)
        {
            OperatorContext context = _context ?? throw new InvalidOperationException("Open the window aggregate before sending it batches.");
            context.Metrics.AddIn(batch.LiveCount);
            if (batch.Length == 0 || batch.LiveCount == 0)
            {
                return;
            }

            CheckAppendOnly(batch);
            Accumulate(batch, context);
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void ProcessWatermark(long watermark, IBatchCollector output)
    {
        OperatorContext context = _context ?? throw new InvalidOperationException("Open the window aggregate before sending it watermarks.");
        if (watermark <= _watermark || (_processingTime && watermark != long.MaxValue))
        {
            return;
        }

        _watermark = watermark;
        FireUpTo(watermark, context, output);
    }

    /// <summary>Fires the processing-time windows that ended at or before <paramref name="now"/>; nothing for event-time windows.</summary>
    public void AdvanceProcessingTime(long now, IBatchCollector output)
    {
        OperatorContext context = _context ?? throw new InvalidOperationException("Open the window aggregate before advancing its clock.");
        if (!_processingTime || now <= _watermark)
        {
            return;
        }

        _watermark = now;
        FireUpTo(now, context, output);
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Fires every window ending at or before <paramref name="time"/>, <see cref="FiredPerStep"/> timers at a time: the end
    /// of bounded input fires every open window at once, and materialising them all would hold the whole state in memory.
    /// </summary>
    private void FireUpTo(long time, OperatorContext context, IBatchCollector output)
    {
        while (true)
        {
            IReadOnlyList<FiredTimer> fired = _processingTime ? _timers!.AdvanceProcessingTime(time, FiredPerStep) : _timers!.AdvanceWatermark(time, FiredPerStep);
            if (fired.Count > 0)
            {
                Fire(fired, time, context, output);
            }

            if (fired.Count < FiredPerStep)
            {
                return;
            }
        }
    }

    private static void CheckAppendOnly(ColumnBatch batch)
    {
        if (batch.RowKinds is null)
        {
            return;
        }

        ReadOnlySpan<sbyte> kinds = batch.RowKinds.Values<sbyte>();
        for (int row = 0; row < batch.Length; row++)
        {
            if (kinds[row] != (sbyte)RowKind.Insert && (batch.Selection is null || batch.Selection.IsSelected(row)))
            {
                throw new InvalidOperationException(
                    $"window aggregates need an append-only input, but row {row} of a batch is {Describe((RowKind)kinds[row])}; aggregate the updating input with a plain GROUP BY, or window an insert-only source");
            }
        }
    }

    private static string Describe(RowKind kind) => kind switch
    {
        RowKind.UpdateBefore => "-U (an update retracting a row)",
        RowKind.UpdateAfter => "+U (an update)",
        _ => "-D (a deletion)",
    };

    /// <summary>Folds one batch into the slice accumulators: group, partial aggregates, one state read, one write, timers.</summary>
    private void Accumulate(ColumnBatch batch, OperatorContext context)
    {
        int n = batch.Length;
        int words = Bits.WordCount(n);
        BufferPool pool = context.Pool;
        NativeBuffer maskBuffer = pool.Rent(2 * words * sizeof(ulong));
        NativeBuffer idBuffer = pool.Rent(n * sizeof(int));
        NativeBuffer? sliceBuffer = pool.Rent(n * sizeof(long));
        ColumnVector? sliceColumn = null;
        GroupIdMap? map = null;
        IReadOnlyList<ColumnVector>? groupColumns = null;
        try
        {
            Span<ulong> mask = maskBuffer.As<ulong>()[..words];
            Span<ulong> callMask = maskBuffer.As<ulong>().Slice(words, words);
            Span<int> ids = idBuffer.As<int>()[..n];
            Span<long> sliceEnds = sliceBuffer.As<long>()[..n];
            int accepted = Assign(batch, mask, sliceEnds, context);
            sliceColumn = ColumnVector.FromBuffers(SqlType.BigInt.WithNullable(false), n, null, sliceBuffer);
            sliceBuffer = null;
            if (accepted == 0)
            {
                return;
            }

            var groupBy = new List<ColumnVector>(_keyColumns.Length + 1);
            groupBy.AddRange(_keyColumns.Select(batch.Column));
            groupBy.Add(sliceColumn);
            map = new GroupIdMap([.. groupBy.Select(c => c.Type)], pool, Math.Min(accepted, 1024));
            map.Map(groupBy, mask, ids);
            int groups = map.GroupCount;
            groupColumns = map.Keys(pool);
            ReadOnlySpan<long> groupSlices = groupColumns[^1].Values<long>()[..groups];
            EncodeGroupKeys(groupColumns, groups, pool);

            // Partials per group from the grouped kernels, then one state row per group.
            var partials = new StateRow[groups];
            for (int g = 0; g < groups; g++)
            {
                partials[g] = new StateRow(_accumulators.FieldTypes);
                for (int k = 0; k < _keyColumns.Length; k++)
                {
                    StreamWindowAccumulators.Read(groupColumns[k], g, partials[g], k);
                }
            }

            for (int i = 0; i < _calls.Count; i++)
            {
                CallRows(batch, _calls[i], mask, callMask);
                if (_accumulators.IsDistinctCount(i))
                {
                    PutDistinct(i, batch, idBuffer, groupSlices, callMask, pool);
                    continue;
                }

                IGroupedAggregate[] kernels = _accumulators.PartialKernels(i);
                try
                {
                    ColumnVector? values = _calls[i].Argument is { } a ? batch.Column(a) : null;
                    for (int p = 0; p < kernels.Length; p++)
                    {
                        kernels[p].EnsureGroups(groups);
                        kernels[p].Update(values, ids, callMask);
                        using ColumnVector partial = kernels[p].Finish(groups, pool);
                        int field = p == 0 ? _accumulators.Field(i) : _accumulators.CountField(i);
                        for (int g = 0; g < groups; g++)
                        {
                            StreamWindowAccumulators.Read(partial, g, partials[g], field);
                        }
                    }
                }
                finally
                {
                    foreach (IGroupedAggregate kernel in kernels)
                    {
                        kernel.Dispose();
                    }
                }
            }

            var stored = new StateRow[groups];
            bool[] found = new bool[groups];
            _state!.GetValues(_groupKeys, groupSlices, stored, found);
            for (int g = 0; g < groups; g++)
            {
                if (found[g])
                {
                    _accumulators.Fold(stored[g], partials[g]);
                }
                else
                {
                    stored[g] = partials[g];
                }
            }

            _state.PutValues(_groupKeys, groupSlices, stored);
            RegisterTimers(groupSlices, found);
        }
        finally
        {
            if (groupColumns is not null)
            {
                foreach (ColumnVector column in groupColumns)
                {
                    column.Dispose();
                }
            }

            map?.Dispose();
            sliceColumn?.Dispose();
            sliceBuffer?.Release();
            idBuffer.Release();
            maskBuffer.Release();
        }
    }

    /// <summary>
    /// Marks in <paramref name="mask"/> the live rows that go into a slice and writes their slice ends; drops (and counts)
    /// rows with a NULL time and late rows. Returns how many rows were accepted.
    /// </summary>
    private int Assign(ColumnBatch batch, Span<ulong> mask, Span<long> sliceEnds, OperatorContext context)
    {
        int n = batch.Length;
        ColumnVector time = batch.Column(_timeColumn);
        if (batch.Selection is { } selection)
        {
            selection.Words.CopyTo(mask);
        }
        else
        {
            Bits.SetAll(mask, n);
        }

        if (time.HasNulls)
        {
            Bits.And(mask, time.Validity[..mask.Length], mask);
        }

        int withTime = Bits.PopCount(mask);
        long dropped = batch.LiveCount - withTime;
        ReadOnlySpan<long> times = time.Values<long>();
        long watermark = _watermark;
        StreamWindowSlicing slicing = _slicing;
        int accepted = 0;

        // A processing-time row whose window fired while it travelled counts in the window open now (Flink assigns on arrival).
        long earliest = _processingTime && watermark != long.MaxValue ? watermark + 1 : long.MinValue;
        foreach (int row in new SetBitEnumerator(mask, n))
        {
            long end = slicing.SliceEnd(Math.Max(times[row], earliest));
            sliceEnds[row] = end;
            long last = slicing.LastWindowEnd(end);
            if (slicing.Kind == WindowKind.Hop && slicing.FirstWindowEnd(end) > last)
            {
                // In the gap between HOP windows whose slide exceeds their size: no window holds the row (nor would batch).
                Bits.Clear(mask, row);
            }
            else if (last - 1 <= watermark)
            {
                Bits.Clear(mask, row);
                dropped++;
            }
            else
            {
                accepted++;
            }
        }

        if (dropped > 0)
        {
            context.Metrics.AddDropped(dropped);
        }

        return accepted;
    }

    /// <summary>The rows call <paramref name="call"/> aggregates: the accepted rows whose FILTER is TRUE.</summary>
    private static void CallRows(ColumnBatch batch, AggregateCall call, ReadOnlySpan<ulong> accepted, Span<ulong> rows)
    {
        accepted.CopyTo(rows);
        if (call.Filter is { } f)
        {
            ColumnVector filter = batch.Column(f);
            Bits.And(rows, filter.BooleanWords[..rows.Length], rows);
            if (filter.HasNulls)
            {
                Bits.And(rows, filter.Validity[..rows.Length], rows);
            }
        }
    }

    /// <summary>The state keys of groups 0..groups-1 (plain keys only; the slice is the namespace).</summary>
    private void EncodeGroupKeys(IReadOnlyList<ColumnVector> groupColumns, int groups, BufferPool pool)
    {
        if (_keyEncoder is null)
        {
            // No plain key: every group shares one empty key (a global window aggregate runs on one subtask).
            _groupKeys.Clear();
            for (int g = 0; g < groups; g++)
            {
                _groupKeys.Add([], 0);
            }

            return;
        }

        int[] keyIndices = [.. Enumerable.Range(0, _keyColumns.Length)];
        var columns = new List<ColumnVector>(_keyColumns.Length);
        foreach (ColumnVector column in groupColumns.Take(_keyColumns.Length))
        {
            columns.Add(column.Share());
        }

        using var keys = new ColumnBatch([.. keyIndices.Select(i => "k" + i)], columns, groups);
        _keyEncoder.Encode(keys, keyIndices, _groupKeys);
    }

    /// <summary>Puts the batch's distinct (key, slice, value) triples of COUNT(DISTINCT) call <paramref name="call"/> in one call.</summary>
    private void PutDistinct(int call, ColumnBatch batch, NativeBuffer idBuffer, ReadOnlySpan<long> groupSlices, Span<ulong> rows, BufferPool pool)
    {
        int n = batch.Length;
        ColumnVector values = batch.Column(_calls[call].Argument!.Value);
        if (values.HasNulls)
        {
            Bits.And(rows, values.Validity[..rows.Length], rows);
        }

        if (Bits.PopCount(rows) == 0)
        {
            return;
        }

        using (var firsts = new DistinctValueFilter(values.Type, grouped: true, pool, Math.Min(n, 1024)))
        using (ColumnVector idColumn = ColumnVector.FromBuffers(SqlType.Int.WithNullable(false), n, null, idBuffer.Retain()))
        {
            NativeBuffer pairBuffer = pool.Rent(n * sizeof(int));
            try
            {
                firsts.KeepFirstOccurrences(idColumn, values, rows, pairBuffer.As<int>()[..n]);
            }
            finally
            {
                pairBuffer.Release();
            }
        }

        using (var distinct = new ColumnBatch(["v"], [values.Share()], n, Selection.FromWords(rows, n, pool)))
        {
            _distinctEncoders[call]!.Encode(distinct, [0], _distinctValues);
        }

        ReadOnlySpan<int> ids = idBuffer.As<int>();
        int count = _distinctValues.Count;
        _pairKeys.Clear();
        long[] namespaces = new long[count];
        byte[][] userKeys = new byte[count][];
        for (int j = 0; j < count; j++)
        {
            int group = ids[_distinctValues.Rows[j]];
            _pairKeys.Add(_groupKeys.Key(group), _groupKeys.Hashes[group]);
            namespaces[j] = groupSlices[group];
            userKeys[j] = _distinctValues.Key(j).ToArray();
        }

        bool[] present = count == 1 ? Present : Enumerable.Repeat(true, count).ToArray();
        _distinctStates[call]!.PutValues(_pairKeys, namespaces, userKeys, present);
    }

    /// <summary>
    /// One timer per slice this batch created, at its earliest window that has not fired, all in one call: firing that
    /// window fires the key's later windows holding the slice as well (<see cref="FireRound"/>), and sets a timer for
    /// the first of them the watermark has not reached. A slice already in state got its timer when it was created.
    /// </summary>
    private void RegisterTimers(ReadOnlySpan<long> groupSlices, ReadOnlySpan<bool> existed)
    {
        var times = new List<long>(groupSlices.Length);
        var hashes = new List<long>(groupSlices.Length);
        _pairKeys.Clear();
        for (int g = 0; g < groupSlices.Length; g++)
        {
            if (existed[g])
            {
                continue;
            }

            long slice = groupSlices[g];
            long last = _slicing.LastWindowEnd(slice);
            long end = _slicing.FirstWindowEnd(slice);
            while (end - 1 <= _watermark && end <= last)
            {
                end = _slicing.NextWindowEnd(end);
            }

            if (end <= last)
            {
                _pairKeys.Add(_groupKeys.Key(g), _groupKeys.Hashes[g]);
                times.Add(end - 1);
                hashes.Add((long)_groupKeys.Hashes[g]);
            }
        }

        if (times.Count > 0)
        {
            _timers!.Register(_processingTime ? TimeDomain.ProcessingTime : TimeDomain.EventTime, _pairKeys, hashes.ToArray(), times.ToArray());
        }
    }

    /// <summary>
    /// Fires the windows of the fired timers' keys up to <paramref name="upTo"/>: one run per key (<see cref="StreamWindowRun"/>)
    /// fires its windows in order, a round at a time, each round ONE state read of the slices the runs' next windows
    /// need and have not read yet; the round's windows are emitted and the slices whose last window fired are cleared.
    /// </summary>
    private void Fire(IReadOnlyList<FiredTimer> fired, long upTo, OperatorContext context, IBatchCollector output)
    {
        var byKey = new Dictionary<byte[], StreamWindowRun>(fired.Count, ValueBytesComparer.Instance);
        var runs = new List<StreamWindowRun>(fired.Count);
        foreach (FiredTimer timer in fired)
        {
            if (byKey.TryGetValue(timer.Key, out StreamWindowRun? run))
            {
                run.AddStart(timer.Time + 1);
            }
            else
            {
                run = new StreamWindowRun(timer.Key, (ulong)timer.Namespace, timer.Time + 1);
                byKey.Add(timer.Key, run);
                runs.Add(run);
            }
        }

        while (runs.Count > 0)
        {
            runs = FireRound(runs, upTo, context, output);
        }
    }

    /// <summary>Fires the next window of every run; returns the runs that go on.</summary>
    private List<StreamWindowRun> FireRound(List<StreamWindowRun> runs, long upTo, OperatorContext context, IBatchCollector output)
    {
        // One read of the slices of each run's next window that the run has not read yet.
        int[] readFrom = new int[runs.Count + 1];
        var namespaces = new List<long>();
        _pairKeys.Clear();
        for (int r = 0; r < runs.Count; r++)
        {
            StreamWindowRun run = runs[r];
            readFrom[r] = namespaces.Count;
            long end = run.NextEnd;
            for (long slice = _slicing.FirstSliceEnd(end); slice <= end; slice += _slicing.SliceSize)
            {
                if (slice > run.ReadThrough)
                {
                    _pairKeys.Add(run.Key, run.Hash);
                    namespaces.Add(slice);
                }
            }

            run.ReadThrough = Math.Max(run.ReadThrough, end);
        }

        readFrom[runs.Count] = namespaces.Count;
        long[] readNamespaces = namespaces.ToArray();
        var read = new StateRow[readNamespaces.Length];
        bool[] found = new bool[readNamespaces.Length];
        if (readNamespaces.Length > 0)
        {
            _state!.GetValues(_pairKeys, readNamespaces, read, found);
        }

        var merged = new List<StateRow>(runs.Count);
        var windowEnds = new List<long>(runs.Count);
        bool distinct = _distinctStates.Any(d => d is not null);
        var windowSlices = new List<long[]>(distinct ? runs.Count : 0);
        var windowKeys = new List<StreamWindowRun>(runs.Count);
        var finished = new List<(StreamWindowRun Run, long Slice)>();
        var covered = new List<(StreamWindowRun Run, long Time)>();
        var continued = new List<(StreamWindowRun Run, long Time)>();
        var next = new List<StreamWindowRun>(runs.Count);
        for (int r = 0; r < runs.Count; r++)
        {
            StreamWindowRun run = runs[r];
            long end = run.NextEnd;
            for (int s = readFrom[r]; s < readFrom[r + 1]; s++)
            {
                if (!found[s])
                {
                    continue;
                }

                long slice = readNamespaces[s];
                run.Slices.Add((slice, read[s]));
                if (end != run.FirstEnd && _slicing.FirstWindowEnd(slice) == end)
                {
                    // The slice's own timer (set when it was created) would start a second run over the windows this one fires.
                    covered.Add((run, end - 1));
                }
            }

            run.Reach(end);
            long first = _slicing.FirstSliceEnd(end);
            run.DropSlicesBefore(first);
            if (run.Slices.Count == 0)
            {
                // Nothing in the window: its slices finished, or newer ones have their own timers.
                if (run.TryRestart())
                {
                    next.Add(run);
                }

                continue;
            }

            StateRow row = _accumulators.Empty();
            for (int k = 0; k < _accumulators.KeyCount; k++)
            {
                CopyKey(run.Slices[0].Row, row, k);
            }

            foreach ((long _, StateRow slice) in run.Slices)
            {
                _accumulators.Fold(row, slice);
            }

            merged.Add(row);
            windowEnds.Add(end);
            windowKeys.Add(run);
            if (distinct)
            {
                windowSlices.Add([.. run.Slices.Select(x => x.End)]);
            }

            // The slices whose last window this is go: cleared in state, dropped from the run.
            int kept = 0;
            for (int s = 0; s < run.Slices.Count; s++)
            {
                (long slice, StateRow sliceRow) = run.Slices[s];
                if (_slicing.LastWindowEnd(slice) <= end)
                {
                    finished.Add((run, slice));
                }
                else
                {
                    run.Slices[kept++] = (slice, sliceRow);
                }
            }

            run.Slices.RemoveRange(kept, run.Slices.Count - kept);
            long following = _slicing.NextWindowEnd(end);
            if (run.Slices.Count > 0 && following - 1 > upTo)
            {
                // Slices still open in a window the watermark has not reached: fire it at its time.
                continued.Add((run, following - 1));
            }
            else if (run.Slices.Count > 0)
            {
                run.NextEnd = following;
                next.Add(run);
                continue;
            }

            if (run.TryRestart())
            {
                next.Add(run);
            }
        }

        long[][] distinctCounts = CountDistinct(windowKeys, windowSlices);
        Emit(merged, windowEnds, distinctCounts, context, output);
        ClearFinishedSlices(finished);
        SetTimers(covered, delete: true);
        SetTimers(continued, delete: false);
        return next;
    }

    /// <summary>Registers (or deletes) the timers of the given runs' keys at the given times, in one call.</summary>
    private void SetTimers(List<(StreamWindowRun Run, long Time)> timers, bool delete)
    {
        if (timers.Count == 0)
        {
            return;
        }

        _pairKeys.Clear();
        long[] hashes = new long[timers.Count];
        long[] times = new long[timers.Count];
        for (int t = 0; t < timers.Count; t++)
        {
            _pairKeys.Add(timers[t].Run.Key, timers[t].Run.Hash);
            hashes[t] = (long)timers[t].Run.Hash;
            times[t] = timers[t].Time;
        }

        TimeDomain domain = _processingTime ? TimeDomain.ProcessingTime : TimeDomain.EventTime;
        if (delete)
        {
            _timers!.Delete(domain, _pairKeys, hashes, times);
        }
        else
        {
            _timers!.Register(domain, _pairKeys, hashes, times);
        }
    }

    /// <summary>COUNT(DISTINCT) of each fired window: the union of its slices' value sets.</summary>
    private long[][] CountDistinct(List<StreamWindowRun> windowKeys, List<long[]> windowSlices)
    {
        long[][] counts = new long[_calls.Count][];
        for (int i = 0; i < _calls.Count; i++)
        {
            counts[i] = [];
            if (_distinctStates[i] is not { } state)
            {
                continue;
            }

            counts[i] = new long[windowKeys.Count];
            var union = new HashSet<byte[]>(ValueBytesComparer.Instance);
            for (int m = 0; m < windowKeys.Count; m++)
            {
                union.Clear();
                _pairKeys.Clear();
                _pairKeys.Add(windowKeys[m].Key, windowKeys[m].Hash);
                foreach (long slice in windowSlices[m])
                {
                    foreach (KeyValuePair<byte[], bool> entry in state.Entries(_pairKeys, 0, slice))
                    {
                        union.Add(entry.Key);
                    }
                }

                counts[i][m] = union.Count;
            }
        }

        return counts;
    }

    /// <summary>Emits the merged windows in batches of at most <see cref="OperatorContext.BatchRows"/> rows.</summary>
    private void Emit(List<StateRow> merged, List<long> windowEnds, long[][] distinctCounts, OperatorContext context, IBatchCollector output)
    {
        BufferPool pool = context.Pool;
        int chunk = Math.Max(1, context.BatchRows);
        for (int from = 0; from < merged.Count; from += chunk)
        {
            int count = Math.Min(chunk, merged.Count - from);
            List<StateRow> rows = merged.GetRange(from, count);
            long[] ends = [.. windowEnds.Skip(from).Take(count)];
            var columns = new List<ColumnVector>(_outputNames.Length);
            try
            {
                int keyField = 0;
                foreach (StreamWindowKey key in _keys)
                {
                    columns.Add(key.Property switch
                    {
                        StreamWindowProperty.Column => StreamWindowAccumulators.Build(key.Output.Type, rows, keyField++, pool),
                        StreamWindowProperty.WindowStart => Times(key.Output.Type, ends, e => _slicing.WindowStart(e), pool),
                        StreamWindowProperty.WindowEnd => Times(key.Output.Type, ends, e => e, pool),
                        _ => Times(key.Output.Type, ends, e => e - 1, pool),
                    });
                }

                for (int i = 0; i < _calls.Count; i++)
                {
                    ReadOnlySpan<long> distinct = distinctCounts[i].Length == 0 ? default : distinctCounts[i].AsSpan(from, count);
                    columns.Add(_accumulators.Finish(i, rows, distinct, pool));
                }

                var batch = new ColumnBatch(_outputNames, columns, count);
                columns = [];
                context.Metrics.AddOut(count);
                output.Collect(batch);
            }
            finally
            {
                columns.ForEach(c => c.Dispose());
            }
        }
    }

    private static ColumnVector Times(SqlType type, long[] ends, Func<long, long> of, BufferPool pool)
    {
        long[] values = new long[ends.Length];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = of(ends[r]);
        }

        return ColumnFactory.FromValues<long>(type, values, pool);
    }

    /// <summary>Clears, in one call per state, the slices whose last window just fired.</summary>
    private void ClearFinishedSlices(List<(StreamWindowRun Run, long Slice)> finished)
    {
        if (finished.Count == 0)
        {
            return;
        }

        _pairKeys.Clear();
        long[] clear = new long[finished.Count];
        for (int f = 0; f < finished.Count; f++)
        {
            _pairKeys.Add(finished[f].Run.Key, finished[f].Run.Hash);
            clear[f] = finished[f].Slice;
        }

        _state!.Clear(_pairKeys, clear);
        foreach (IMapState<byte[], bool>? state in _distinctStates)
        {
            state?.Clear(_pairKeys, clear);
        }
    }

    private void CopyKey(StateRow from, StateRow into, int field)
    {
        if (from.IsNull(field))
        {
            into.SetNull(field);
            return;
        }

        switch (_accumulators.FieldTypes[field].Kind)
        {
            case SqlTypeKind.Varchar: into.SetString(field, from.GetString(field)); break;
            case SqlTypeKind.Float or SqlTypeKind.Double: into.SetDouble(field, from.GetDouble(field)); break;
            case SqlTypeKind.Decimal: into.SetDecimal(field, from.GetDecimal(field)); break;
            default: into.SetInt64(field, from.GetInt64(field)); break;
        }
    }

    /// <summary>Compares encoded distinct values by content.</summary>
    private sealed class ValueBytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly ValueBytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
