using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Streaming GROUP BY (or a global aggregate) over a changelog: keyed accumulators in state, an updating result changelog out.</summary>
/// <remarks>
/// <para>Mini-batch by construction: a whole input batch is grouped by key (<see cref="GroupIdMap"/>), the touched
/// keys' accumulator rows are read with ONE batched state call, every call folds the batch's rows (+I/+U add, -U/-D
/// retract) into per-group deltas and applies them once per group, and the rows go back with ONE batched write. Then
/// each touched key emits at most one change: +I for a new key, -U(old) and +U(new) when its result changed, -D(old)
/// when its last row was retracted (its state is cleared), nothing when its result did not change.</para>
/// <para>Output: the group key columns, then one column per aggregate, with the batch operator's types and values
/// (results go through the same kernel result types and casts as <c>HashAggregateOperator</c>), so applying the whole
/// changelog gives the batch result. A global aggregate (no keys) keeps its one row: retracting every row updates it
/// to the empty result (COUNT 0, the others NULL) instead of deleting it, and at the end of input subtask 0 emits the
/// empty result if nothing arrived at all - the batch result over empty input.</para>
/// <para>State (names are stable for savepoints): "acc" - per key one row: the net row count, each call's
/// accumulator fields, each call's last emitted result; "minmax-i" - for MIN/MAX call i, value -> count per key (a
/// retracted extreme is replaced from it); "distinct-i" - for the DISTINCT calls over one argument column, i the first
/// of them, value -> one count per such call (Flink's shared distinct views: q15 / q16 count distinct bidders with and
/// without FILTERs, one state entry per value serves all four). All take the
/// optional TTL (<c>table.exec.state.ttl</c>).</para>
/// </remarks>
public sealed class StreamGroupAggregateOperator : IStreamOperator
{
    private static readonly long[] NoNamespace = [0];

    private readonly RowSchema _input;
    private readonly int[] _groupKeys;
    private readonly AggregateCall[] _calls;
    private readonly StateTtl? _ttl;
    private readonly bool _insertOnly;
    private readonly SqlType[] _keyTypes;
    private EncodedKeys _keys = new();
    private EncodedKeys _kept = new();
    private EncodedKeys _removed = new();
    private OperatorContext? _context;
    private GroupAccumulator[] _accumulators = [];
    private SqlType[] _accTypes = [];
    private SqlType[] _resultTypes = [];
    private int _resultBase;
    private IValueState<StateRow>? _accState;
    private KeyEncoder? _encoder;
    private int[] _weights = [];
    private int[] _liveRows = [];
    private int[] _callRows = [];
    private int[] _callGroups = [];
    private int[] _callWeights = [];

    public StreamGroupAggregateOperator(RowSchema input, IReadOnlyList<int> groupKeys, IReadOnlyList<AggregateCall> calls, StateTtl? ttl = null)
        : this(input, groupKeys, calls, ttl, insertOnly: false)
    {
    }

    /// <summary>A streaming aggregate; <paramref name="insertOnly"/>: the planner knows the input never retracts, so MIN / MAX keep no value maps.</summary>
    public StreamGroupAggregateOperator(RowSchema input, IReadOnlyList<int> groupKeys, IReadOnlyList<AggregateCall> calls, StateTtl? ttl, bool insertOnly)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(groupKeys);
        ArgumentNullException.ThrowIfNull(calls);
        _input = input;
        _groupKeys = [.. groupKeys];
        _calls = [.. calls];
        _ttl = ttl;
        _insertOnly = insertOnly;
        foreach (int key in _groupKeys)
        {
            CheckColumn(key, "group key");
        }

        _keyTypes = [.. _groupKeys.Select(k => input[k].Type)];
        var fields = new List<Field>(_groupKeys.Length + _calls.Length);
        fields.AddRange(_groupKeys.Select(k => input[k]));
        fields.AddRange(_calls.Select(a => new Field(a.Name, a.ResultType)));
        OutputSchema = new RowSchema(fields);

        // Built here too, so an unsupported call fails when the plan is made rather than when the job runs.
        _ = CreateAccumulators();
    }

    public string Name => "StreamGroupAggregate";

    /// <summary>The group key columns, then one column per aggregate (as the batch aggregate).</summary>
    public RowSchema OutputSchema { get; }

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IKeyedStateBackend backend = context.RequireKeyedState();
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _keys = new(backend.MaxParallelism);
        _kept = new(backend.MaxParallelism);
        _removed = new(backend.MaxParallelism);
        _context = context;
        _accumulators = CreateAccumulators();
        var accTypes = new List<SqlType> { SqlType.BigInt };
        foreach (GroupAccumulator accumulator in _accumulators)
        {
            accumulator.Offset = accTypes.Count;
            accTypes.AddRange(accumulator.StateTypes);
        }

        _resultBase = accTypes.Count;
        _resultTypes = [.. _accumulators.Select(a => a.ResultType.WithNullable(true))];
        accTypes.AddRange(_resultTypes);
        _accTypes = [.. accTypes];
        StateTtl? ttl = _ttl ?? context.StateTtl;
        _accState = backend.GetValueState(new ValueStateDescriptor<StateRow>("acc", new StateRowSerializer(_accTypes), ttl));
        foreach (GroupAccumulator accumulator in _accumulators)
        {
            accumulator.Open(backend, ttl);
        }

        _encoder = _groupKeys.Length > 0 ? new KeyEncoder(_keyTypes, backend.MaxParallelism) : null;
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (batch)
        {
            CheckInput(input);
            OperatorContext context = _context ?? throw new InvalidOperationException("StreamGroupAggregate received a batch before Open.");
            context.Cancellation.ThrowIfCancellationRequested();
            context.Metrics.AddIn(batch.LiveCount);
            if (batch.LiveCount > 0)
            {
                Aggregate(batch, context, output);
            }
        }
    }

    public void ProcessWatermark(long watermark, IBatchCollector output)
    {
        // Results do not wait for time: every batch's changes are already out.
    }

    public void EndInput(int input, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(output);
        CheckInput(input);
        OperatorContext context = _context ?? throw new InvalidOperationException("StreamGroupAggregate's input ended before Open.");
        if (_groupKeys.Length > 0 || context.Subtask != 0)
        {
            return;
        }

        // A global aggregate that never saw a row still has its one row: the result over empty input.
        GlobalKey(context.RequireKeyedState());
        var accs = new StateRow[1];
        bool[] found = new bool[1];
        _accState!.GetValues(_keys, NoNamespace, accs, found);
        if (found[0])
        {
            return;
        }

        StateRow acc = NewAcc();
        StateRow result = Results(acc);
        StoreResults(result, acc);
        _accState.PutValues(_keys, NoNamespace, [acc]);
        Emit([0], [RowKind.Insert], [result], null, context, output);
    }

    public void Dispose()
    {
        foreach (GroupAccumulator accumulator in _accumulators)
        {
            accumulator.Close();
        }
    }

    private void Aggregate(ColumnBatch batch, OperatorContext context, IBatchCollector output)
    {
        int n = batch.Length;
        BufferPool pool = context.Pool;
        NativeBuffer idBuffer = pool.Rent(Math.Max(1, n) * sizeof(int));
        ColumnBatch? keyBatch = null;
        ColumnVector? groupIds = null;
        try
        {
            Span<int> ids = idBuffer.As<int>()[..n];
            int live = Weigh(batch);
            ReadOnlySpan<int> liveRows = _liveRows.AsSpan(0, live);
            if (_groupKeys.Length == 0)
            {
                ids.Clear();
                GlobalKey(context.RequireKeyedState());
            }
            else
            {
                keyBatch = GroupKeys(batch, ids, pool);
                _encoder!.Encode(keyBatch, Enumerable.Range(0, _groupKeys.Length).ToArray(), _keys);
            }

            groupIds = ColumnVector.FromBuffers(SqlType.Int.WithNullable(false), n, null, idBuffer.Retain());
            int groups = _keys.Count;

            // ONE read of every touched key's accumulators.
            var accs = new StateRow[groups];
            bool[] found = new bool[groups];
            _accState!.GetValues(_keys, NoNamespace, accs, found);
            var previous = new StateRow?[groups];
            long[] rowDelta = new long[groups];
            for (int g = 0; g < groups; g++)
            {
                if (found[g])
                {
                    previous[g] = StoredResults(accs[g]);
                }
                else
                {
                    accs[g] = NewAcc();
                }
            }

            foreach (int row in liveRows)
            {
                rowDelta[ids[row]] += _weights[row];
            }

            ulong[] mask = new ulong[Bits.WordCount(n)];
            for (int i = 0; i < _calls.Length; i++)
            {
                int count = CallRows(batch, _calls[i], liveRows, ids, mask);
                ColumnVector? values = _calls[i].Argument is { } a ? batch.Column(a) : null;
                _accumulators[i].Update(
                    new GroupAccumulatorInput(values, groupIds, mask, _callRows.AsSpan(0, count), _callGroups.AsSpan(0, count), _callWeights.AsSpan(0, count), _keys, pool),
                    accs);
            }

            Decide(accs, found, previous, rowDelta, keyBatch, context, output);
        }
        finally
        {
            groupIds?.Dispose();
            keyBatch?.Dispose();
            idBuffer.Release();
        }
    }

    /// <summary>Sets each row's weight (+1 add, -1 retract, 0 not live) and lists the live rows; returns how many.</summary>
    private int Weigh(ColumnBatch batch)
    {
        int n = batch.Length;
        if (_weights.Length < n)
        {
            int size = Math.Max(n, _weights.Length * 2);
            _weights = new int[size];
            _liveRows = new int[size];
            _callRows = new int[size];
            _callGroups = new int[size];
            _callWeights = new int[size];
        }

        Span<int> weights = _weights.AsSpan(0, n);
        int live = batch.Selection is { } selection ? selection.ToIndices(_liveRows) : FillAll(_liveRows.AsSpan(0, n));
        weights.Clear();
        ReadOnlySpan<sbyte> kinds = batch.RowKinds is { } rowKinds ? rowKinds.Values<sbyte>() : default;
        foreach (int row in _liveRows.AsSpan(0, live))
        {
            weights[row] = kinds.IsEmpty || !((RowKind)kinds[row]).IsRetraction() ? 1 : -1;
            if (_insertOnly && weights[row] < 0)
            {
                throw new InvalidOperationException($"StreamGroupAggregate was planned for an insert-only input, but row {row} of a batch is a retraction ({(RowKind)kinds[row]}).");
            }
        }

        return live;
    }

    private static int FillAll(Span<int> rows)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        return rows.Length;
    }

    /// <summary>Maps the batch's keys to dense group ids and returns the distinct keys (row g = group g) as a batch.</summary>
    private ColumnBatch GroupKeys(ColumnBatch batch, Span<int> ids, BufferPool pool)
    {
        using var map = new GroupIdMap(_keyTypes, pool, Math.Min(batch.LiveCount, 1024));
        var keyColumns = new ColumnVector[_groupKeys.Length];
        for (int k = 0; k < keyColumns.Length; k++)
        {
            keyColumns[k] = batch.Column(_groupKeys[k]);
        }

        map.Map(keyColumns, batch.Selection is { } selection ? selection.Words : default, ids);
        IReadOnlyList<ColumnVector> keys = map.Keys(pool);
        return new ColumnBatch([.. _groupKeys.Select(k => _input.Names[k])], keys, map.GroupCount);
    }

    /// <summary>The key of the global aggregate: empty bytes, placed in the first key group this subtask owns.</summary>
    private void GlobalKey(IKeyedStateBackend backend)
    {
        if (_keys.Count == 1 && _groupKeys.Length == 0)
        {
            return;
        }

        _keys.Clear();
        _keys.Add([], KeyGroupAssignment.HashInKeyGroup(backend.KeyGroupRange.Start, backend.MaxParallelism), 0);
    }

    /// <summary>Lists the rows call <paramref name="call"/> folds (weight, FILTER, non-NULL argument) with their groups and weights, and marks them in <paramref name="mask"/>.</summary>
    private int CallRows(ColumnBatch batch, AggregateCall call, ReadOnlySpan<int> liveRows, ReadOnlySpan<int> ids, Span<ulong> mask)
    {
        mask.Clear();
        ColumnVector? filter = call.Filter is { } f ? batch.Column(f) : null;
        ReadOnlySpan<ulong> filterBits = filter is null ? default : filter.BooleanWords;
        ColumnVector? argument = call.Argument is { } a ? batch.Column(a) : null;
        bool argumentNulls = argument is not null && (argument.HasNulls || argument.Type.Kind == SqlTypeKind.Null);
        int count = 0;
        foreach (int row in liveRows)
        {
            if (filter is not null && (!Bits.Get(filterBits, row) || filter.IsNull(row)))
            {
                continue;
            }

            if (argumentNulls && (argument!.Type.Kind == SqlTypeKind.Null || argument.IsNull(row)))
            {
                continue;
            }

            _callRows[count] = row;
            _callGroups[count] = ids[row];
            _callWeights[count] = _weights[row];
            Bits.Set(mask, row);
            count++;
        }

        return count;
    }

    /// <summary>Per touched key: the new row count and results, the change to emit, the state to keep or clear.</summary>
    private void Decide(StateRow[] accs, bool[] found, StateRow?[] previous, long[] rowDelta, ColumnBatch? keyBatch, OperatorContext context, IBatchCollector output)
    {
        int groups = accs.Length;
        var outGroups = new List<int>();
        var outKinds = new List<RowKind>();
        var outRows = new List<StateRow>();
        var keptAccs = new List<StateRow>(groups);
        _kept.Clear();
        _removed.Clear();
        bool global = _groupKeys.Length == 0;
        for (int g = 0; g < groups; g++)
        {
            StateRow acc = accs[g];
            long rows = acc.GetInt64(0) + rowDelta[g];
            acc.SetInt64(0, rows);
            if (rows <= 0 && !global)
            {
                if (found[g])
                {
                    outGroups.Add(g);
                    outKinds.Add(RowKind.Delete);
                    outRows.Add(previous[g]!);
                    _removed.Add(_keys.Key(g), _keys.Hashes[g]);
                }

                continue;
            }

            StateRow result = Results(acc);
            if (!found[g])
            {
                outGroups.Add(g);
                outKinds.Add(RowKind.Insert);
                outRows.Add(result);
            }
            else if (!result.Equals(previous[g]))
            {
                outGroups.Add(g);
                outKinds.Add(RowKind.UpdateBefore);
                outRows.Add(previous[g]!);
                outGroups.Add(g);
                outKinds.Add(RowKind.UpdateAfter);
                outRows.Add(result);
            }

            StoreResults(result, acc);
            _kept.Add(_keys.Key(g), _keys.Hashes[g]);
            keptAccs.Add(acc);
        }

        // ONE write of the kept keys' accumulators, ONE clear per state of the keys that are gone.
        if (_kept.Count > 0)
        {
            _accState!.PutValues(_kept, NoNamespace, keptAccs.ToArray());
        }

        if (_removed.Count > 0)
        {
            _accState!.Clear(_removed, NoNamespace);
            foreach (GroupAccumulator accumulator in _accumulators)
            {
                accumulator.Clear(_removed);
            }
        }

        // A -U/+U pair may straddle two batches; the runtime keeps batch order.
        int batchRows = Math.Max(1, context.BatchRows);
        for (int start = 0; start < outGroups.Count; start += batchRows)
        {
            int length = Math.Min(batchRows, outGroups.Count - start);
            Emit(outGroups.GetRange(start, length), outKinds.GetRange(start, length), outRows.GetRange(start, length), keyBatch, context, output);
        }
    }

    private void Emit(IReadOnlyList<int> groups, IReadOnlyList<RowKind> kinds, IReadOnlyList<StateRow> results, ColumnBatch? keyBatch, OperatorContext context, IBatchCollector output)
    {
        BufferPool pool = context.Pool;
        int n = groups.Count;
        var columns = new List<ColumnVector>(OutputSchema.Count);
        ColumnVector? rowKinds = null;
        try
        {
            if (keyBatch is not null)
            {
                int[] rows = [.. groups];
                foreach (ColumnVector key in keyBatch.Columns)
                {
                    columns.Add(GatherKernels.Gather(key, rows, pool));
                }
            }

            for (int i = 0; i < _calls.Length; i++)
            {
                using ColumnVector raw = StateRowColumns.Build(_resultTypes[i], results, i, pool);
                columns.Add(CastKernels.Cast(raw, _calls[i].ResultType, default, pool));
            }

            sbyte[] kindValues = new sbyte[n];
            for (int r = 0; r < n; r++)
            {
                kindValues[r] = (sbyte)kinds[r];
            }

            rowKinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt.WithNullable(false), kindValues, pool);
            var batch = new ColumnBatch(OutputSchema.Names, columns, n, null, rowKinds);
            columns = [];
            rowKinds = null;
            context.Metrics.AddOut(n);
            output.Collect(batch);
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
            rowKinds?.Dispose();
        }
    }

    private StateRow NewAcc()
    {
        var acc = new StateRow(_accTypes);
        acc.SetInt64(0, 0);
        foreach (GroupAccumulator accumulator in _accumulators)
        {
            accumulator.Initialize(acc);
        }

        return acc;
    }

    /// <summary>The results of the calls (kernel result types) for an accumulator row.</summary>
    private StateRow Results(StateRow acc)
    {
        var result = new StateRow(_resultTypes);
        for (int i = 0; i < _accumulators.Length; i++)
        {
            _accumulators[i].WriteResult(acc, result, i);
        }

        return result;
    }

    /// <summary>The last emitted results, kept in the accumulator row.</summary>
    private StateRow StoredResults(StateRow acc)
    {
        var result = new StateRow(_resultTypes);
        for (int i = 0; i < _resultTypes.Length; i++)
        {
            StateRowColumns.Copy(acc, _resultBase + i, result, i, _resultTypes[i]);
        }

        return result;
    }

    private void StoreResults(StateRow result, StateRow acc)
    {
        for (int i = 0; i < _resultTypes.Length; i++)
        {
            StateRowColumns.Copy(result, i, acc, _resultBase + i, _resultTypes[i]);
        }
    }

    private GroupAccumulator[] CreateAccumulators()
    {
        var accumulators = new GroupAccumulator[_calls.Length];
        var distinct = new Dictionary<int, SharedDistinctCounts>();
        for (int i = 0; i < _calls.Length; i++)
        {
            accumulators[i] = CreateAccumulator(_calls[i], i, distinct);
        }

        return accumulators;
    }

    private GroupAccumulator CreateAccumulator(AggregateCall call, int index, Dictionary<int, SharedDistinctCounts> distinct)
    {
        if (call.Argument is not { } argument)
        {
            if (call.Function != AggregateFunction.CountStar)
            {
                throw new ArgumentException($"{call} needs an argument column; only COUNT(*) has none.", nameof(call));
            }

            CheckFilter(call);
            return new GroupCountAccumulator();
        }

        CheckColumn(argument, $"argument of {call}");
        CheckFilter(call);
        SqlType type = _input[argument].Type;
        if (call.Function is AggregateFunction.Min or AggregateFunction.Max)
        {
            // DISTINCT does not change an extreme; without retractions an extreme needs no value map.
            return _insertOnly && type.Kind != SqlTypeKind.Boolean
                ? new GroupAppendExtremeAccumulator(type, call.Function == AggregateFunction.Max)
                : new GroupExtremeAccumulator(type, call.Function == AggregateFunction.Max, $"minmax-{index}");
        }

        GroupAccumulator plain = call.Function switch
        {
            AggregateFunction.Count or AggregateFunction.CountStar => new GroupCountAccumulator(),
            AggregateFunction.Sum or AggregateFunction.Avg => Sum(type, call.Function == AggregateFunction.Avg),
            AggregateFunction.StddevPop or AggregateFunction.StddevSamp or AggregateFunction.VarPop or AggregateFunction.VarSamp => Moments(type, new VarianceKind(call.Function)),
            _ => throw new NotSupportedException($"not supported in streaming mode yet: {call}"),
        };
        if (!call.Distinct)
        {
            return plain;
        }

        // Every DISTINCT call over one column shares one map of value counts, named after the first such call.
        if (!distinct.TryGetValue(argument, out SharedDistinctCounts? counts))
        {
            counts = new SharedDistinctCounts($"distinct-{index}", type);
            distinct[argument] = counts;
        }

        return new GroupDistinctAccumulator(plain, counts);
    }

    private static GroupAccumulator Sum(SqlType type, bool average) => type.Kind switch
    {
        SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => new GroupIntegerSumAccumulator(type, average),
        SqlTypeKind.Float or SqlTypeKind.Double => new GroupDoubleSumAccumulator(type, average),
        SqlTypeKind.Decimal => new GroupDecimalSumAccumulator(type, average),
        _ => throw new NotSupportedException($"{(average ? "AVG" : "SUM")} is not defined for {type}; it takes TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT or DOUBLE."),
    };

    private static GroupAccumulator Moments(SqlType type, VarianceKind kind) => type.Kind switch
    {
        // Exact sums of squares of wider decimals leave 128 bits after a few rows; batch mode runs Welford instead.
        SqlTypeKind.Decimal when type.Precision > 18 =>
            throw new NotSupportedException($"not supported in streaming mode yet: {kind.Name} over {type} (exact retractable moments need a precision of at most 18; cast the argument to DECIMAL(18, s) or DOUBLE)"),
        SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Decimal => new GroupExactMomentsAccumulator(type, kind),
        SqlTypeKind.Float or SqlTypeKind.Double => new GroupDoubleMomentsAccumulator(type, kind),
        _ => throw new NotSupportedException($"{kind.Name} is not defined for {type}; it needs a numeric argument."),
    };

    private void CheckFilter(AggregateCall call)
    {
        if (call.Filter is { } filter)
        {
            CheckColumn(filter, $"filter of {call}");
            if (_input[filter].Type.Kind != SqlTypeKind.Boolean)
            {
                throw new ArgumentException($"The filter of {call} is column ${filter} of type {_input[filter].Type}; a FILTER needs a BOOLEAN column.", nameof(call));
            }
        }
    }

    private void CheckColumn(int column, string what)
    {
        if ((uint)column >= (uint)_input.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The {what} is column {column}, but the input {_input} has {_input.Count} columns.");
        }
    }

    private static void CheckInput(int input)
    {
        if (input != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "StreamGroupAggregate has one input (0).");
        }
    }
}
