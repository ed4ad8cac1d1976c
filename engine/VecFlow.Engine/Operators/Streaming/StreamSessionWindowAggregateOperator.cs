using System.Buffers.Binary;
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
/// A streaming aggregate over SESSION windows: append-only input, append-only output (+I), one row per (key, session)
/// emitted when the watermark passes the session's end.
/// </summary>
/// <remarks>
/// <para>Sessions follow the batch <see cref="Window.SessionWindowOperator"/>: rows of a key whose times are at most the
/// gap apart share a session [first, last + gap), window_time = end - 1. Rows arrive out of order, so sessions merge:
/// each key keeps its open sessions (namespace, first, last) in a value state, and a batch's rows are swept together
/// with them in time order; a row joins every session it touches, and sessions it bridges fold their accumulators into
/// one (the namespace of the earliest). A session closes once the watermark reaches its end: a later row has a time
/// above the watermark, so it is more than one gap after the session's last row and cannot join it.</para>
/// <para>Accumulators are the window aggregate's (<see cref="StreamWindowAccumulators"/>), one per (key, session
/// namespace), updated per batch with the grouped kernels and ONE batched read and write. Each changed session
/// registers an event-time timer at its end; a fired timer emits the key's sessions whose end the watermark reached
/// (a timer of a session that grew since finds nothing to emit).</para>
/// <para>Rows with a NULL time are dropped and counted; so are late rows that start a session which is already over
/// (Flink's rule: a late row that joins an open session still counts). A retraction in the input is an error.</para>
/// </remarks>
public sealed class StreamSessionWindowAggregateOperator : IStreamOperator
{
    private const string AccumulatorState = "session-accumulators";
    private const string SessionState = "session-windows";
    private const int SessionBytes = 3 * sizeof(long);

    private readonly int _timeColumn;
    private readonly long _gap;
    private readonly IReadOnlyList<StreamWindowKey> _keys;
    private readonly IReadOnlyList<AggregateCall> _calls;
    private readonly int[] _keyColumns;
    private readonly StreamWindowAccumulators _accumulators;
    private readonly string[] _outputNames;
    private KeyEncoder? _keyEncoder;

    private EncodedKeys _groupKeys = new();
    private EncodedKeys _pairKeys = new();

    private OperatorContext? _context;
    private IValueState<StateRow>? _state;
    private IValueState<byte[]>? _sessions;
    private TimerService? _timers;
    private long _watermark = long.MinValue;

    public StreamSessionWindowAggregateOperator(RowSchema input, int timeColumn, long gapMillis, IReadOnlyList<StreamWindowKey> keys, IReadOnlyList<AggregateCall> calls)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(calls);
        if ((uint)timeColumn >= (uint)input.Count || input[timeColumn].Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new ArgumentException($"The session's time column {timeColumn} must be a TIMESTAMP(3) or TIMESTAMP_LTZ(3) column of the input {input}.", nameof(timeColumn));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gapMillis);
        _timeColumn = timeColumn;
        _gap = gapMillis;
        _keys = keys;
        _calls = calls;
        _keyColumns = [.. keys.Where(k => k.Property == StreamWindowProperty.Column).Select(k => k.Column)];
        _accumulators = new StreamWindowAccumulators(input, _keyColumns, calls);
        for (int i = 0; i < calls.Count; i++)
        {
            if (_accumulators.IsDistinctCount(i))
            {
                throw new NotSupportedException("not supported in streaming mode yet: COUNT(DISTINCT ...) in a SESSION window aggregate; COUNT, SUM, AVG, MIN and MAX are supported");
            }
        }

        _outputNames = [.. keys.Select(k => k.Output.Name), .. calls.Select(c => c.Name)];
        _keyEncoder = _keyColumns.Length > 0 ? new KeyEncoder([.. _keyColumns.Select(k => input[k].Type)]) : null;
    }

    /// <summary>Builds the operator of a planned streaming session window aggregate.</summary>
    public StreamSessionWindowAggregateOperator(StreamSessionWindowAggregateNode node)
        : this(node.Input.Schema, node.TimeColumn, node.GapMillis, node.Keys, node.Calls)
    {
    }

    public string Name => "StreamSessionWindowAggregate";

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        IKeyedStateBackend backend = context.RequireKeyedState();
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _groupKeys = new(backend.MaxParallelism);
        _keyEncoder = _keyEncoder?.ForMaxParallelism(backend.MaxParallelism);
        _pairKeys = new(backend.MaxParallelism);

        _state = backend.GetValueState(new ValueStateDescriptor<StateRow>(AccumulatorState, _accumulators.Serializer));
        _sessions = backend.GetValueState(new ValueStateDescriptor<byte[]>(SessionState, StateSerializers.Bytes));
        _timers = backend.Timers;
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        using (batch)
        {
            OperatorContext context = _context ?? throw new InvalidOperationException("Open the session window aggregate before sending it batches.");
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
        OperatorContext context = _context ?? throw new InvalidOperationException("Open the session window aggregate before sending it watermarks.");
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        IReadOnlyList<FiredTimer> fired = _timers!.AdvanceWatermark(watermark);
        if (fired.Count > 0)
        {
            Fire(fired, context, output);
        }
    }

    public void Dispose()
    {
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
                    $"SESSION window aggregates need an append-only input, but row {row} of a batch is {(RowKind)kinds[row]}; aggregate the updating input with a plain GROUP BY, or window an insert-only source");
            }
        }
    }

    /// <summary>Cuts the batch's rows into sessions with each key's open sessions, folds bridged sessions, then adds the rows' partials.</summary>
    private void Accumulate(ColumnBatch batch, OperatorContext context)
    {
        int n = batch.Length;
        int words = Bits.WordCount(n);
        BufferPool pool = context.Pool;
        NativeBuffer maskBuffer = pool.Rent(2 * words * sizeof(ulong));
        NativeBuffer keyIdBuffer = pool.Rent(n * sizeof(int));
        NativeBuffer idBuffer = pool.Rent(n * sizeof(int));
        NativeBuffer? namespaceBuffer = pool.Rent(n * sizeof(long));
        ColumnVector? namespaceColumn = null;
        GroupIdMap? map = null;
        IReadOnlyList<ColumnVector>? groupColumns = null;
        try
        {
            Span<ulong> mask = maskBuffer.As<ulong>()[..words];
            Span<ulong> callMask = maskBuffer.As<ulong>().Slice(words, words);
            Span<int> keyIds = keyIdBuffer.As<int>()[..n];
            Span<int> ids = idBuffer.As<int>()[..n];
            Span<long> namespaces = namespaceBuffer.As<long>()[..n];
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

            long dropped = batch.LiveCount - Bits.PopCount(mask);
            dropped += AssignSessions(batch, time.Values<long>(), mask, keyIds, namespaces, pool);
            if (dropped > 0)
            {
                context.Metrics.AddDropped(dropped);
            }

            namespaceColumn = ColumnVector.FromBuffers(SqlType.BigInt.WithNullable(false), n, null, namespaceBuffer);
            namespaceBuffer = null;
            int accepted = Bits.PopCount(mask);
            if (accepted == 0)
            {
                return;
            }

            var groupBy = new List<ColumnVector>(_keyColumns.Length + 1);
            groupBy.AddRange(_keyColumns.Select(batch.Column));
            groupBy.Add(namespaceColumn);
            map = new GroupIdMap([.. groupBy.Select(c => c.Type)], pool, Math.Min(accepted, 1024));
            map.Map(groupBy, mask, ids);
            int groups = map.GroupCount;
            groupColumns = map.Keys(pool);
            ReadOnlySpan<long> groupNamespaces = groupColumns[^1].Values<long>()[..groups];
            EncodeKeys(groupColumns, groups, _groupKeys);

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
            _state!.GetValues(_groupKeys, groupNamespaces, stored, found);
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

            _state.PutValues(_groupKeys, groupNamespaces, stored);
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
            namespaceColumn?.Dispose();
            namespaceBuffer?.Release();
            idBuffer.Release();
            keyIdBuffer.Release();
            maskBuffer.Release();
        }
    }

    /// <summary>
    /// Writes each accepted row's session namespace, merges each touched key's sessions (state, accumulators of bridged
    /// sessions, timers) and clears late rows from <paramref name="mask"/>. Returns how many late rows were dropped.
    /// </summary>
    private long AssignSessions(ColumnBatch batch, ReadOnlySpan<long> times, Span<ulong> mask, Span<int> keyIds, Span<long> namespaces, BufferPool pool)
    {
        int n = batch.Length;
        int keyCount = 1;
        if (_keyEncoder is null)
        {
            keyIds.Clear();
            _pairKeys.Clear();
            _pairKeys.Add([], 0);
        }
        else
        {
            var keyColumns = _keyColumns.Select(batch.Column).ToList();
            using var keyMap = new GroupIdMap([.. keyColumns.Select(c => c.Type)], pool, Math.Min(n, 1024));
            keyMap.Map(keyColumns, mask, keyIds);
            keyCount = keyMap.GroupCount;
            IReadOnlyList<ColumnVector> keyValues = keyMap.Keys(pool);
            try
            {
                EncodeKeys(keyValues, keyCount, _pairKeys);
            }
            finally
            {
                foreach (ColumnVector column in keyValues)
                {
                    column.Dispose();
                }
            }
        }

        if (keyCount == 0)
        {
            return 0;
        }

        // The accepted rows of each key in time order.
        int[] rowKeys = keyIds.ToArray();
        long[] rowTimes = times[..n].ToArray();
        var accepted = new List<int>(n);
        foreach (int row in new SetBitEnumerator(mask, n))
        {
            accepted.Add(row);
        }

        int[] order = [.. accepted];
        Array.Sort(order, (a, b) => rowKeys[a] != rowKeys[b] ? rowKeys[a].CompareTo(rowKeys[b]) : rowTimes[a].CompareTo(rowTimes[b]));

        byte[][] lists = new byte[keyCount][];
        bool[] found = new bool[keyCount];
        _sessions!.GetValues(_pairKeys, new long[keyCount], lists, found);

        var updated = new byte[keyCount][];
        var sweep = new SessionSweep();
        int at = 0;
        var currentRows = new List<int>();
        for (int key = 0; key < keyCount; key++)
        {
            int from = at;
            while (at < order.Length && rowKeys[order[at]] == key)
            {
                at++;
            }

            List<Session> open = found[key] ? Decode(lists[key]) : [];
            sweep.Sessions.Clear();

            // Sweep the open sessions and the key's rows together in time order; touching ones merge.
            int s = 0;
            int r = from;
            Session? current = null;
            currentRows.Clear();
            while (s < open.Count || r < at)
            {
                bool takeSession = r >= at || (s < open.Count && open[s].First <= rowTimes[order[r]]);
                long first = takeSession ? open[s].First : rowTimes[order[r]];
                long last = takeSession ? open[s].Last : first;
                if (current is { } c && first - c.Last <= _gap)
                {
                    current = c with { Last = Math.Max(c.Last, last) };
                }
                else
                {
                    if (current is { } done)
                    {
                        Close(key, done, currentRows, mask, namespaces, sweep);
                    }

                    current = new Session(long.MinValue, first, last, false, false);
                    currentRows.Clear();
                }

                Session merged = current.Value;
                if (takeSession)
                {
                    if (merged.Existing)
                    {
                        sweep.Merges.Add((key, merged.Namespace, open[s].Namespace));
                    }
                    else
                    {
                        current = merged with { Namespace = open[s].Namespace, Existing = true };
                    }

                    s++;
                }
                else
                {
                    current = merged with { Changed = true };
                    currentRows.Add(order[r]);
                    r++;
                }
            }

            if (current is { } final)
            {
                Close(key, final, currentRows, mask, namespaces, sweep);
            }

            updated[key] = Encode(sweep.Sessions);
        }

        FoldBridgedSessions(sweep.Merges);
        WriteSessions(updated);
        if (sweep.TimerKeys.Count > 0)
        {
            var keys = new EncodedKeys(_groupKeys.MaxParallelism);
            long[] hashes = new long[sweep.TimerKeys.Count];
            for (int t = 0; t < sweep.TimerKeys.Count; t++)
            {
                keys.Add(_pairKeys.Key(sweep.TimerKeys[t]), _pairKeys.Hashes[sweep.TimerKeys[t]]);
                hashes[t] = (long)_pairKeys.Hashes[sweep.TimerKeys[t]];
            }

            _timers!.Register(TimeDomain.EventTime, keys, hashes, sweep.TimerTimes.ToArray());
        }

        return sweep.Dropped;
    }

    /// <summary>Settles one merged session of a key: drops its rows when it is late and new, else names their namespace and keeps it.</summary>
    private void Close(int key, Session session, List<int> sessionRows, Span<ulong> mask, Span<long> namespaces, SessionSweep sweep)
    {
        if (!session.Existing)
        {
            if (session.Last + _gap <= _watermark)
            {
                // Late: the whole session is over already and no open session holds it.
                foreach (int row in sessionRows)
                {
                    Bits.Clear(mask, row);
                }

                sweep.Dropped += sessionRows.Count;
                return;
            }

            session = session with { Namespace = session.First };
        }

        foreach (int row in sessionRows)
        {
            namespaces[row] = session.Namespace;
        }

        if (session.Changed)
        {
            sweep.TimerKeys.Add(key);
            sweep.TimerTimes.Add(session.Last + _gap);
        }

        sweep.Sessions.Add(session);
    }

    /// <summary>Folds the accumulators of sessions a batch bridged into the session that keeps them, and clears the others.</summary>
    private void FoldBridgedSessions(List<(int Key, long Into, long From)> merges)
    {
        if (merges.Count == 0)
        {
            return;
        }

        var keys = new EncodedKeys(_groupKeys.MaxParallelism);
        long[] namespaces = new long[2 * merges.Count];
        for (int m = 0; m < merges.Count; m++)
        {
            (int key, long into, long from) = merges[m];
            keys.Add(_pairKeys.Key(key), _pairKeys.Hashes[key]);
            keys.Add(_pairKeys.Key(key), _pairKeys.Hashes[key]);
            namespaces[2 * m] = into;
            namespaces[(2 * m) + 1] = from;
        }

        var rows = new StateRow[namespaces.Length];
        bool[] found = new bool[namespaces.Length];
        _state!.GetValues(keys, namespaces, rows, found);

        // Several sessions can fold into one (a batch bridging three): fold in order, reading the running result.
        var targets = new Dictionary<(int Key, long Namespace), StateRow?>();
        foreach ((int key, long into, long _) in merges)
        {
            _ = targets.TryAdd((key, into), null);
        }

        for (int m = 0; m < merges.Count; m++)
        {
            (int key, long into, long _) = merges[m];
            StateRow? target = targets[(key, into)] ?? (found[2 * m] ? rows[2 * m] : null);
            StateRow? other = found[(2 * m) + 1] ? rows[(2 * m) + 1] : null;
            if (other is not null)
            {
                if (target is null)
                {
                    target = other;
                }
                else
                {
                    _accumulators.Fold(target, other);
                }
            }

            targets[(key, into)] = target;
        }

        var putKeys = new EncodedKeys(_groupKeys.MaxParallelism);
        var putNamespaces = new List<long>();
        var putRows = new List<StateRow>();
        foreach (KeyValuePair<(int Key, long Namespace), StateRow?> target in targets)
        {
            if (target.Value is { } row)
            {
                putKeys.Add(_pairKeys.Key(target.Key.Key), _pairKeys.Hashes[target.Key.Key]);
                putNamespaces.Add(target.Key.Namespace);
                putRows.Add(row);
            }
        }

        var clearKeys = new EncodedKeys(_groupKeys.MaxParallelism);
        long[] clear = new long[merges.Count];
        for (int m = 0; m < merges.Count; m++)
        {
            clearKeys.Add(_pairKeys.Key(merges[m].Key), _pairKeys.Hashes[merges[m].Key]);
            clear[m] = merges[m].From;
        }

        _state.Clear(clearKeys, clear);
        if (putRows.Count > 0)
        {
            _state.PutValues(putKeys, putNamespaces.ToArray(), putRows.ToArray());
        }
    }

    private void WriteSessions(byte[][] updated)
    {
        long[] zeros = new long[updated.Length];
        var emptyKeys = new EncodedKeys(_groupKeys.MaxParallelism);
        int empty = 0;
        for (int k = 0; k < updated.Length; k++)
        {
            if (updated[k].Length == 0)
            {
                emptyKeys.Add(_pairKeys.Key(k), _pairKeys.Hashes[k]);
                empty++;
            }
        }

        if (empty == 0)
        {
            _sessions!.PutValues(_pairKeys, zeros, updated);
            return;
        }

        var keys = new EncodedKeys(_groupKeys.MaxParallelism);
        var values = new List<byte[]>();
        for (int k = 0; k < updated.Length; k++)
        {
            if (updated[k].Length > 0)
            {
                keys.Add(_pairKeys.Key(k), _pairKeys.Hashes[k]);
                values.Add(updated[k]);
            }
        }

        _sessions!.Clear(emptyKeys, new long[empty]);
        if (values.Count > 0)
        {
            _sessions.PutValues(keys, new long[values.Count], values.ToArray());
        }
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

    /// <summary>The state keys of groups 0..groups-1 from their first plain-key columns (one empty key when there are none).</summary>
    private void EncodeKeys(IReadOnlyList<ColumnVector> groupColumns, int groups, EncodedKeys into)
    {
        if (_keyEncoder is null)
        {
            into.Clear();
            for (int g = 0; g < groups; g++)
            {
                into.Add([], 0);
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
        _keyEncoder.Encode(keys, keyIndices, into);
    }

    /// <summary>Emits every session of a fired key whose end the watermark reached, then forgets it.</summary>
    private void Fire(IReadOnlyList<FiredTimer> fired, OperatorContext context, IBatchCollector output)
    {
        var keys = new EncodedKeys(_groupKeys.MaxParallelism);
        var seen = new HashSet<byte[]>(KeyBytesComparer.Instance);
        foreach (FiredTimer timer in fired)
        {
            if (seen.Add(timer.Key))
            {
                keys.Add(timer.Key, (ulong)timer.Namespace);
            }
        }

        byte[][] lists = new byte[keys.Count][];
        bool[] found = new bool[keys.Count];
        _sessions!.GetValues(keys, new long[keys.Count], lists, found);

        var emitKeys = new EncodedKeys(_groupKeys.MaxParallelism);
        var emitNamespaces = new List<long>();
        var starts = new List<long>();
        var ends = new List<long>();
        var remaining = new byte[keys.Count][];
        for (int k = 0; k < keys.Count; k++)
        {
            List<Session> sessions = found[k] ? Decode(lists[k]) : [];
            var open = new List<Session>(sessions.Count);
            foreach (Session session in sessions)
            {
                if (session.Last + _gap <= _watermark)
                {
                    emitKeys.Add(keys.Key(k), keys.Hashes[k]);
                    emitNamespaces.Add(session.Namespace);
                    starts.Add(session.First);
                    ends.Add(session.Last + _gap);
                }
                else
                {
                    open.Add(session);
                }
            }

            remaining[k] = Encode(open);
        }

        if (emitNamespaces.Count > 0)
        {
            long[] namespaces = emitNamespaces.ToArray();
            var rows = new StateRow[namespaces.Length];
            bool[] present = new bool[namespaces.Length];
            _state!.GetValues(emitKeys, namespaces, rows, present);
            var emitted = new List<StateRow>(rows.Length);
            var emittedStarts = new List<long>(rows.Length);
            var emittedEnds = new List<long>(rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                if (present[i])
                {
                    emitted.Add(rows[i]);
                    emittedStarts.Add(starts[i]);
                    emittedEnds.Add(ends[i]);
                }
            }

            Emit(emitted, emittedStarts, emittedEnds, context, output);
            _state.Clear(emitKeys, namespaces);
        }

        var keepKeys = new EncodedKeys(_groupKeys.MaxParallelism);
        var keepValues = new List<byte[]>();
        var dropKeys = new EncodedKeys(_groupKeys.MaxParallelism);
        for (int k = 0; k < keys.Count; k++)
        {
            if (!found[k])
            {
                continue;
            }

            if (remaining[k].Length > 0)
            {
                keepKeys.Add(keys.Key(k), keys.Hashes[k]);
                keepValues.Add(remaining[k]);
            }
            else
            {
                dropKeys.Add(keys.Key(k), keys.Hashes[k]);
            }
        }

        if (dropKeys.Count > 0)
        {
            _sessions.Clear(dropKeys, new long[dropKeys.Count]);
        }

        if (keepKeys.Count > 0)
        {
            _sessions.PutValues(keepKeys, new long[keepKeys.Count], keepValues.ToArray());
        }
    }

    /// <summary>Emits sessions in batches of at most <see cref="OperatorContext.BatchRows"/> rows.</summary>
    private void Emit(List<StateRow> sessions, List<long> starts, List<long> ends, OperatorContext context, IBatchCollector output)
    {
        BufferPool pool = context.Pool;
        int chunk = Math.Max(1, context.BatchRows);
        for (int from = 0; from < sessions.Count; from += chunk)
        {
            int count = Math.Min(chunk, sessions.Count - from);
            List<StateRow> rows = sessions.GetRange(from, count);
            var columns = new List<ColumnVector>(_outputNames.Length);
            try
            {
                int keyField = 0;
                foreach (StreamWindowKey key in _keys)
                {
                    columns.Add(key.Property switch
                    {
                        StreamWindowProperty.Column => StreamWindowAccumulators.Build(key.Output.Type, rows, keyField++, pool),
                        StreamWindowProperty.WindowStart => ColumnFactory.FromValues<long>(key.Output.Type, [.. starts.GetRange(from, count)], pool),
                        StreamWindowProperty.WindowEnd => ColumnFactory.FromValues<long>(key.Output.Type, [.. ends.GetRange(from, count)], pool),
                        _ => ColumnFactory.FromValues<long>(key.Output.Type, [.. ends.GetRange(from, count).Select(e => e - 1)], pool),
                    });
                }

                for (int i = 0; i < _calls.Count; i++)
                {
                    columns.Add(_accumulators.Finish(i, rows, default, pool));
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

    private static List<Session> Decode(byte[] bytes)
    {
        var sessions = new List<Session>(bytes.Length / SessionBytes);
        for (int at = 0; at + SessionBytes <= bytes.Length; at += SessionBytes)
        {
            ReadOnlySpan<byte> s = bytes.AsSpan(at, SessionBytes);
            sessions.Add(new Session(
                BinaryPrimitives.ReadInt64LittleEndian(s),
                BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[16..]),
                true,
                false));
        }

        sessions.Sort((a, b) => a.First.CompareTo(b.First));
        return sessions;
    }

    private static byte[] Encode(List<Session> sessions)
    {
        byte[] bytes = new byte[sessions.Count * SessionBytes];
        for (int i = 0; i < sessions.Count; i++)
        {
            Span<byte> s = bytes.AsSpan(i * SessionBytes, SessionBytes);
            BinaryPrimitives.WriteInt64LittleEndian(s, sessions[i].Namespace);
            BinaryPrimitives.WriteInt64LittleEndian(s[8..], sessions[i].First);
            BinaryPrimitives.WriteInt64LittleEndian(s[16..], sessions[i].Last);
        }

        return bytes;
    }

    /// <summary>What one batch's session sweep collects: a key's settled sessions, bridged sessions to fold, timers, late rows.</summary>
    private sealed class SessionSweep
    {
        public List<Session> Sessions { get; } = [];

        public List<(int Key, long Into, long From)> Merges { get; } = [];

        public List<int> TimerKeys { get; } = [];

        public List<long> TimerTimes { get; } = [];

        public long Dropped { get; set; }
    }

    /// <summary>An open session of a key: its accumulator namespace, its first and last row time; whether it is in state already and whether this batch changed it.</summary>
    private readonly record struct Session(long Namespace, long First, long Last, bool Existing, bool Changed);

    /// <summary>Compares encoded keys by content.</summary>
    private sealed class KeyBytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly KeyBytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
