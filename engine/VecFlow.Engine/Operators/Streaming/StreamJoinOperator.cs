using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Timers;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Streaming join of two changelogs (INNER / LEFT / RIGHT / FULL / SEMI / ANTI) on keyed state, with retractions; optionally an interval join whose rows leave state with the watermark.</summary>
/// <remarks>
/// <para>Each input keeps its rows in list state per join key (<see cref="StreamJoinSide"/>: row, count, match count);
/// an insert-only input without match counts appends its rows (equal rows as entries of their own) without reading its
/// list, and other inputs find a kept row by hash (<see cref="KeptRowIndex"/>).
/// A whole input batch is handled at once: its join keys are encoded (<see cref="KeyEncoder"/>), both sides' lists of
/// the batch's distinct keys are read with ONE call each, every (arriving row, kept row of the other side) candidate
/// pair of equal keys is evaluated against the residual condition in one vectorized batch, then the rows are applied
/// in order, and the lists go back with ONE write per side.</para>
/// <para>An arriving +I/+U row emits +I for each match (times the kept row's count) and is added to its side; a -U/-D
/// row emits -D for them and is removed. A preserved side (outer, or the left of SEMI / ANTI) emits its row padded
/// with NULLs (SEMI: nothing, ANTI: the row) while it has no match, and tracks per kept row how many rows of the other
/// side match it: the first match retracts the padded row, losing the last match emits it again (SEMI the other way
/// round). Rows with a NULL join key never match and are not kept. So applying the whole output changelog gives the
/// batch join's rows. Output rows are +I and -D.</para>
/// <para>With <see cref="StreamJoinBounds"/> (an inner join of append-only inputs on event-time attributes) each kept
/// row leaves state once the watermark reaches the time from which no new row of the other side can match it (rounded
/// up to a sixteenth of the interval: <see cref="IntervalJoinCleanup"/> keeps one timer per key group and bucket, not
/// one per row), so state holds only the rows of the time interval. A row arriving after its own expiry still meets
/// the rows in state but is not kept.</para>
/// <para>State (names are stable for savepoints): "left-rows" and "right-rows", list state per join key, and for an
/// interval join "cleanup-keys"; a join without equality keys keeps all rows under one key (it runs as one subtask).</para>
/// </remarks>
public sealed class StreamJoinOperator : IStreamOperator
{
    private static readonly long[] NoNamespace = [0];

    /// <summary>The count and match-count fields of a row an append-only side keeps: present once, no matches counted.</summary>
    private static readonly long[] KeptOnce = [1, 0];
    private const int PairChunk = 65_536;

    /// <summary>How many cleanup timers of an interval join one step fires at most (each names the keys of one key group's bucket).</summary>
    private const int CleanupPerStep = 256;

    /// <summary>How many join keys' rows one cleanup step reads and rewrites at most (a fired bucket may list millions).</summary>
    private const int CleanupKeysPerStep = 8192;

    private readonly JoinKind _kind;
    private readonly StreamJoinSide[] _sides;
    private readonly int[] _feeds;
    private readonly Expr? _condition;
    private readonly StreamJoinBounds? _bounds;
    private readonly IntervalJoinCleanup? _cleanup;
    private readonly string[] _pairNames;
    private EncodedKeys _keys = new();
    private EncodedKeys _distinct = new();
    private readonly Dictionary<ulong, int> _slotByHash = [];
    private readonly List<int> _slotChain = [];
    private readonly StateWriter _appendScratch = new();
    private OperatorContext? _context;
    private ExpressionEvaluator? _evaluator;

    /// <summary>The last watermark seen (not state: after a restore it starts low again, which only keeps rows longer).</summary>
    private long _watermark = long.MinValue;

    /// <param name="kind">The join type.</param>
    /// <param name="left">The left input's schema.</param>
    /// <param name="right">The right input's schema.</param>
    /// <param name="leftKeys">Equality key columns of the left input (none: every pair is a candidate).</param>
    /// <param name="rightKeys">The matching key columns of the right input.</param>
    /// <param name="condition">The rest of the ON condition over left ++ right columns; null when none.</param>
    /// <param name="feeds">Which join input (0 left, 1 right) each operator input carries, in operator-input order.</param>
    /// <param name="bounds">Interval join bounds (inner joins of append-only inputs only); null for a regular join.</param>
    /// <param name="insertOnly">Whether the left (0) and the right (1) input are insert-only (never retract); null: neither is known to be.</param>
    public StreamJoinOperator(
        JoinKind kind,
        RowSchema left,
        RowSchema right,
        IReadOnlyList<int> leftKeys,
        IReadOnlyList<int> rightKeys,
        Expr? condition,
        IReadOnlyList<int> feeds,
        StreamJoinBounds? bounds = null,
        IReadOnlyList<bool>? insertOnly = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(leftKeys);
        ArgumentNullException.ThrowIfNull(rightKeys);
        ArgumentNullException.ThrowIfNull(feeds);
        if (leftKeys.Count != rightKeys.Count)
        {
            throw new ArgumentException($"A join needs as many left as right key columns; got {leftKeys.Count} and {rightKeys.Count}.", nameof(rightKeys));
        }

        for (int k = 0; k < leftKeys.Count; k++)
        {
            SqlType l = left[leftKeys[k]].Type;
            SqlType r = right[rightKeys[k]].Type;
            if (l.Kind != r.Kind || (l.Kind == SqlTypeKind.Decimal && l.Scale != r.Scale))
            {
                throw new ArgumentException(
                    $"Join key {k} compares left column '{left[leftKeys[k]].Name}' {l} with right column '{right[rightKeys[k]].Name}' {r}; both sides need the same type (the planner casts one side).");
            }
        }

        if (feeds.Count != 2 || feeds.Distinct().Count() != 2 || feeds.Any(f => f is not (0 or 1)))
        {
            throw new ArgumentException("A join's operator inputs must carry the left (0) and the right (1) input once each.", nameof(feeds));
        }

        if (bounds is not null && kind != JoinKind.Inner)
        {
            throw new ArgumentException($"Interval bounds clean up state of inner joins only; this join is {kind}.", nameof(bounds));
        }

        _kind = kind;
        _condition = condition;
        _bounds = bounds;
        _cleanup = bounds is null ? null : new IntervalJoinCleanup(bounds);
        _feeds = [.. feeds];
        _sides =
        [
            new StreamJoinSide(left, leftKeys, kind is JoinKind.Left or JoinKind.Full or JoinKind.Semi or JoinKind.Anti, "left-rows", insertOnly is [true, _]),
            new StreamJoinSide(right, rightKeys, kind is JoinKind.Right or JoinKind.Full, "right-rows", insertOnly is [_, true]),
        ];
        _pairNames = [.. left.Names, .. right.Names];
        OutputSchema = kind is JoinKind.Semi or JoinKind.Anti
            ? left
            : new RowSchema([.. left.Fields.Select(f => kind is JoinKind.Right or JoinKind.Full ? f with { Type = f.Type.WithNullable(true) } : f),
                             .. right.Fields.Select(f => kind is JoinKind.Left or JoinKind.Full ? f with { Type = f.Type.WithNullable(true) } : f)]);
        foreach (Field field in _sides.SelectMany(s => s.Schema.Fields))
        {
            if (field.Type.Kind is not (SqlTypeKind.Null or SqlTypeKind.Boolean or SqlTypeKind.Varchar or SqlTypeKind.Float or SqlTypeKind.Double or SqlTypeKind.Decimal)
                && field.Type.FixedWidth is not (1 or 2 or 4 or 8))
            {
                throw new NotSupportedException($"not supported in streaming mode yet: a join input column '{field.Name}' of type {field.Type}");
            }
        }
    }

    public string Name => _bounds is null ? "StreamJoin" : "StreamIntervalJoin";

    /// <summary>Left then right columns (nullable on an outer join's padded side); the left columns alone for SEMI / ANTI.</summary>
    public RowSchema OutputSchema { get; }

    private bool Keyed => _sides[0].Keys.Length > 0;

    private bool EmitsPairs => _kind is not (JoinKind.Semi or JoinKind.Anti);

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IKeyedStateBackend backend = context.RequireKeyedState();
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _keys = new(backend.MaxParallelism);
        _distinct = new(backend.MaxParallelism);
        _context = context;
        _evaluator = new ExpressionEvaluator(context.Pool);
        foreach (StreamJoinSide side in _sides)
        {
            // An interval join clears its rows by timers; a regular join keeps a key's rows until they expire (table.exec.state.ttl).
            side.Rows = backend.GetListState(new ListStateDescriptor<StateRow>(side.StateName, new StateRowSerializer(side.StateTypes), _bounds is null ? context.StateTtl : null));
            side.Encoder = Keyed ? new KeyEncoder([.. side.Keys.Select(k => side.Schema[k].Type)], backend.MaxParallelism) : null;
        }

        _cleanup?.Open(backend);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using (batch)
        {
            if ((uint)input >= 2)
            {
                throw new ArgumentOutOfRangeException(nameof(input), input, "A streaming join has two inputs (0 and 1).");
            }

            OperatorContext context = _context ?? throw new InvalidOperationException("StreamJoin received a batch before Open.");
            context.Cancellation.ThrowIfCancellationRequested();
            context.Metrics.AddIn(batch.LiveCount);
            if (batch.LiveCount > 0)
            {
                Join(_feeds[input], batch, context, output);
            }
        }
    }

    public void ProcessWatermark(long watermark, IBatchCollector output)
    {
        _watermark = Math.Max(_watermark, watermark);
        if (_bounds is null || _context is not { } context)
        {
            return;
        }

        TimerService timers = context.RequireKeyedState().Timers;
        if (watermark == long.MaxValue)
        {
            // Every kept row expires at the end of input: drop them all with range deletes instead of firing one
            // cleanup timer per row and rewriting each key's list (the cleanup timers are the only timers here).
            foreach (StreamJoinSide side in _sides)
            {
                side.Rows!.ClearAll();
            }

            timers.Clear(TimeDomain.EventTime);
            _cleanup!.ClearAll();
            return;
        }

        // Bounded pieces: a large watermark step fires the cleanup of many keys at once.
        IReadOnlyList<FiredTimer> fired;
        do
        {
            fired = timers.AdvanceWatermark(watermark, CleanupPerStep);
            if (fired.Count > 0)
            {
                CleanUp(fired, watermark);
            }
        }
        while (fired.Count == CleanupPerStep);
    }

    /// <summary>Drops the expired rows of the keys whose cleanup timers fired.</summary>
    private void CleanUp(IReadOnlyList<FiredTimer> fired, long watermark)
    {
        StreamJoinBounds bounds = _bounds!;

        // One read and one write per side of every key whose rows expire in a fired bucket, a bounded number of keys at a time.
        _cleanup!.KeysOf(fired, _distinct);
        var chunk = new EncodedKeys(_distinct.MaxParallelism);
        for (int start = 0; start < _distinct.Count; start += CleanupKeysPerStep)
        {
            chunk.Clear();
            for (int k = start; k < Math.Min(_distinct.Count, start + CleanupKeysPerStep); k++)
            {
                chunk.Add(_distinct.Key(k), _distinct.Hashes[k]);
            }

            int n = chunk.Count;
            for (int s = 0; s < 2; s++)
            {
                StreamJoinSide side = _sides[s];
                int timeColumn = s == 0 ? bounds.LeftTime : bounds.RightTime;
                var lists = new IReadOnlyList<StateRow>[n];
                side.Rows!.GetLists(chunk, NoNamespace, lists);
                var kept = new IReadOnlyList<StateRow>[n];
                for (int i = 0; i < n; i++)
                {
                    kept[i] = [.. lists[i].Where(r => r.IsNull(timeColumn) || bounds.ExpiryOf(s, r.GetInt64(timeColumn)) > watermark)];
                }

                side.Rows.UpdateLists(chunk, NoNamespace, kept);
            }
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void Dispose()
    {
    }

    private void Join(int sideIndex, ColumnBatch batch, OperatorContext context, IBatchCollector output)
    {
        StreamJoinSide side = _sides[sideIndex];
        StreamJoinSide other = _sides[1 - sideIndex];
        IKeyedStateBackend backend = context.RequireKeyedState();

        // The live rows with their join-key slots (-1: a NULL key, never matches) and, except on an append-only side, as state rows.
        int live = batch.LiveCount;
        int[] liveRows = new int[live];
        if (batch.Selection is { } selection)
        {
            selection.ToIndices(liveRows);
        }
        else
        {
            for (int i = 0; i < live; i++)
            {
                liveRows[i] = i;
            }
        }

        ReadOnlySpan<sbyte> kinds = batch.RowKinds is { } rowKinds ? rowKinds.Values<sbyte>() : default;

        // An insert-only side without match counts only appends: its kept rows are not read, and a row equal to a
        // kept one is an entry of its own (count 1) rather than a count increment, so a key with many rows is not
        // read, searched and rewritten per batch (Flink's join state view without a unique key, append-only). Its
        // rows are serialized straight from the batch's columns; a state row is built only for a row that matches.
        bool appendOnly = side.InsertOnly && !side.Preserved && !HasRetraction(kinds, liveRows);
        var rows = new StateRow?[live];
        if (!appendOnly)
        {
            for (int i = 0; i < live; i++)
            {
                rows[i] = side.NewRow();
            }

            for (int c = 0; c < side.Width; c++)
            {
                JoinRowColumns.Read(batch.Column(c), liveRows, rows!, c);
            }
        }

        int[] slots = Slots(side, batch, liveRows, backend);
        int keyCount = _distinct.Count;

        // ONE read of each side's rows for the batch's distinct keys.
        var own = new List<StateRow>[keyCount];
        var theirs = new List<StateRow>[keyCount];
        if (keyCount > 0)
        {
            var read = new IReadOnlyList<StateRow>[keyCount];
            if (appendOnly)
            {
                // Its kept rows are neither read nor added to (new rows go to Append): one empty list stands for all keys.
                Array.Fill(own, []);
            }
            else
            {
                side.Rows!.GetLists(_distinct, NoNamespace, read);
                for (int k = 0; k < keyCount; k++)
                {
                    own[k] = read[k] as List<StateRow> ?? [.. read[k]];
                }
            }

            other.Rows!.GetLists(_distinct, NoNamespace, read);
            for (int k = 0; k < keyCount; k++)
            {
                theirs[k] = read[k] as List<StateRow> ?? [.. read[k]];
            }
        }

        var index = new KeptRowIndex(side);
        bool removed = false;

        // The other side's kept rows back to back; the candidate pairs of each arriving row are one range of them.
        int[] firstOther = new int[keyCount + 1];
        var otherRows = new List<StateRow>();
        for (int k = 0; k < keyCount; k++)
        {
            firstOther[k] = otherRows.Count;
            otherRows.AddRange(theirs[k]);
        }

        firstOther[keyCount] = otherRows.Count;
        int[] pairStart = new int[live + 1];
        int pairs = 0;
        for (int i = 0; i < live; i++)
        {
            pairStart[i] = pairs;
            pairs += slots[i] < 0 ? 0 : firstOther[slots[i] + 1] - firstOther[slots[i]];
        }

        pairStart[live] = pairs;
        ulong[] matched = Match(sideIndex, batch, liveRows, slots, firstOther, otherRows, pairStart, context.Pool);

        // Apply the rows in order: the outputs, the kept rows, the other side's match counts.
        var events = new JoinEvents();
        bool otherChanged = false;
        List<int>? appended = appendOnly ? [] : null;
        for (int i = 0; i < live; i++)
        {
            StateRow? row = rows[i];
            bool retract = !kinds.IsEmpty && ((RowKind)kinds[liveRows[i]]).IsRetraction();
            RowKind add = retract ? RowKind.Delete : RowKind.Insert;
            int slot = slots[i];
            if (slot < 0)
            {
                if (side.Preserved && _kind != JoinKind.Semi)
                {
                    events.Add(add, row!, null, sideIndex);
                }

                continue;
            }

            List<StateRow> kept = own[slot];
            int at = appendOnly ? -1 : index.IndexOf(slot, kept, row!);
            if (retract && (at < 0 || StreamJoinSide.Count(kept[at], side.CountField) <= 0))
            {
                // A retraction of a row this join never saw: nothing it produced can be taken back.
                context.Metrics.AddDropped(1);
                continue;
            }

            long matches = 0;
            for (int p = pairStart[i]; p < pairStart[i + 1]; p++)
            {
                if (Bits.Get(matched, p))
                {
                    matches += StreamJoinSide.Count(otherRows[firstOther[slot] + p - pairStart[i]], other.CountField);
                }
            }

            // A changelog valid at every prefix: an added row retracts the other side's padded row before its pair
            // comes; a retracted row takes its pair back before the padded row returns.
            for (int p = pairStart[i]; p < pairStart[i + 1]; p++)
            {
                if (!Bits.Get(matched, p))
                {
                    continue;
                }

                StateRow match = otherRows[firstOther[slot] + p - pairStart[i]];
                long count = StreamJoinSide.Count(match, other.CountField);
                if (other.Preserved)
                {
                    long before = StreamJoinSide.Count(match, other.MatchesField);
                    StreamJoinSide.Add(match, other.MatchesField, retract ? -1 : 1);
                    otherChanged = true;
                    if (!retract && before == 0)
                    {
                        events.Add(_kind == JoinKind.Semi ? RowKind.Insert : RowKind.Delete, null, match, sideIndex, count);
                    }
                }

                if (EmitsPairs)
                {
                    row ??= rows[i] = RowAt(side, batch, liveRows[i]);
                    events.Add(add, row, match, sideIndex, count);
                }

                if (other.Preserved && retract && StreamJoinSide.Count(match, other.MatchesField) == 0)
                {
                    events.Add(_kind == JoinKind.Semi ? RowKind.Delete : RowKind.Insert, null, match, sideIndex, count);
                }
            }

            if (side.Preserved)
            {
                if (_kind == JoinKind.Semi ? matches > 0 : matches == 0)
                {
                    events.Add(add, row!, null, sideIndex);
                }
            }

            if (retract)
            {
                // The row stays in the list with count 0 (positions in the index stay valid) until the write below.
                StreamJoinSide.Add(kept[at], side.CountField, -1);
                removed |= StreamJoinSide.Count(kept[at], side.CountField) <= 0;
            }
            else if (at >= 0 && StreamJoinSide.Count(kept[at], side.CountField) > 0)
            {
                StreamJoinSide.Add(kept[at], side.CountField, 1);
            }
            else if (at >= 0)
            {
                // Removed earlier in this batch and back: the same as a new row.
                kept[at].SetInt64(side.CountField, 1);
                kept[at].SetInt64(side.MatchesField, side.Preserved ? matches : 0);
            }
            else if (Expired(sideIndex, batch, liveRows[i]))
            {
                // Joined, not kept.
            }
            else if (appended is not null)
            {
                appended.Add(i);
            }
            else
            {
                row!.SetInt64(side.CountField, 1);
                row.SetInt64(side.MatchesField, side.Preserved ? matches : 0);
                kept.Add(row);
                index.Added(slot, kept.Count - 1, row);
            }
        }

        // ONE write of each changed side (an append-only side: one append of its new rows).
        if (keyCount > 0)
        {
            if (appended is not null)
            {
                Append(side, batch, liveRows, slots, appended);
            }
            else
            {
                if (removed)
                {
                    for (int k = 0; k < keyCount; k++)
                    {
                        own[k] = side.Compact(own[k]);
                    }
                }

                side.Rows!.UpdateLists(_distinct, NoNamespace, own);
            }

            if (otherChanged)
            {
                other.Rows!.UpdateLists(_distinct, NoNamespace, theirs);
            }
        }

        RegisterCleanup(sideIndex, batch, liveRows, slots);
        Emit(events, context, output);
    }

    private static bool HasRetraction(ReadOnlySpan<sbyte> kinds, int[] liveRows)
    {
        if (kinds.IsEmpty)
        {
            return false;
        }

        foreach (int row in liveRows)
        {
            if (((RowKind)kinds[row]).IsRetraction())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends the kept rows <paramref name="appended"/> (indices into the live rows) to their keys' lists with one batched call, serialized straight from the batch's columns (count 1, no matches).</summary>
    private void Append(StreamJoinSide side, ColumnBatch batch, int[] liveRows, int[] slots, List<int> appended)
    {
        if (appended.Count == 0)
        {
            return;
        }

        var keys = new EncodedKeys(_distinct.MaxParallelism, appended.Count);
        int[] ends = new int[appended.Count];
        IReadOnlyList<ColumnVector> columns = batch.Columns;
        _appendScratch.Clear();
        for (int a = 0; a < appended.Count; a++)
        {
            int i = appended[a];
            keys.Add(_distinct.Key(slots[i]), _distinct.Hashes[slots[i]]);
            StateRowColumnWriter.Write(columns, liveRows[i], KeptOnce, _appendScratch);
            ends[a] = _appendScratch.Position;
        }

        side.Rows!.AddSerialized(keys, NoNamespace, _appendScratch.Written, ends);
    }

    /// <summary>A state row of live row <paramref name="row"/> (an append-only side builds one only for its output).</summary>
    private static StateRow RowAt(StreamJoinSide side, ColumnBatch batch, int row)
    {
        StateRow[] one = [side.NewRow()];
        for (int c = 0; c < side.Width; c++)
        {
            JoinRowColumns.Read(batch.Column(c), [row], one, c);
        }

        return one[0];
    }

    /// <summary>Encodes the join keys of the live rows and gives each row its distinct-key slot in <see cref="_distinct"/> (-1 for a NULL key).</summary>
    private int[] Slots(StreamJoinSide side, ColumnBatch batch, int[] liveRows, IKeyedStateBackend backend)
    {
        int live = liveRows.Length;
        int[] slots = new int[live];
        _distinct.Clear();
        if (!Keyed)
        {
            GlobalKey(backend, _distinct);
            Array.Clear(slots);
            return slots;
        }

        side.Encoder!.Encode(batch, side.Keys, _keys);
        // Kept across batches (cleared here): a dictionary per batch was a tenth of an interval join's allocations.
        Dictionary<ulong, int> byHash = _slotByHash;
        List<int> next = _slotChain;
        byHash.Clear();
        next.Clear();
        for (int i = 0; i < live; i++)
        {
            if (side.HasNullKey(batch, liveRows[i]))
            {
                slots[i] = -1;
                continue;
            }

            ulong hash = _keys.Hashes[i];
            ReadOnlySpan<byte> key = _keys.Key(i);
            int slot = -1;
            if (byHash.TryGetValue(hash, out int candidate))
            {
                for (int s = candidate; s >= 0; s = next[s])
                {
                    if (_distinct.Key(s).SequenceEqual(key))
                    {
                        slot = s;
                        break;
                    }
                }
            }

            if (slot < 0)
            {
                slot = _distinct.Count;
                _distinct.Add(key, hash, i);
                next.Add(byHash.TryGetValue(hash, out int chain) ? chain : -1);
                byHash[hash] = slot;
            }

            slots[i] = slot;
        }

        return slots;
    }

    /// <summary>Which candidate pairs satisfy the residual condition, one bit per pair (all set without a condition).</summary>
    private ulong[] Match(
        int sideIndex,
        ColumnBatch batch,
        int[] liveRows,
        int[] slots,
        int[] firstOther,
        List<StateRow> otherRows,
        int[] pairStart,
        BufferPool pool)
    {
        int pairs = pairStart[^1];
        ulong[] matched = new ulong[Bits.WordCount(Math.Max(1, pairs))];
        if (_condition is null)
        {
            Bits.SetAll(matched, pairs);
            return matched;
        }

        if (pairs == 0)
        {
            return matched;
        }

        StreamJoinSide other = _sides[1 - sideIndex];
        var otherColumns = new List<ColumnVector>(other.Width);
        try
        {
            for (int c = 0; c < other.Width; c++)
            {
                otherColumns.Add(JoinRowColumns.Build(other.Schema[c].Type, otherRows, c, pool));
            }

            int[] batchRows = new int[pairs];
            int[] otherIndex = new int[pairs];
            for (int i = 0; i < liveRows.Length; i++)
            {
                for (int p = pairStart[i]; p < pairStart[i + 1]; p++)
                {
                    batchRows[p] = liveRows[i];
                    otherIndex[p] = firstOther[slots[i]] + p - pairStart[i];
                }
            }

            for (int start = 0; start < pairs; start += PairChunk)
            {
                int length = Math.Min(PairChunk, pairs - start);
                var columns = new List<ColumnVector>(_pairNames.Length);
                try
                {
                    IReadOnlyList<ColumnVector> arriving = batch.Columns;
                    ReadOnlySpan<int> arrivingRows = batchRows.AsSpan(start, length);
                    ReadOnlySpan<int> otherRowsChunk = otherIndex.AsSpan(start, length);
                    StreamJoinSide leftSide = _sides[0];
                    StreamJoinSide rightSide = _sides[1];
                    for (int c = 0; c < leftSide.Width; c++)
                    {
                        columns.Add(sideIndex == 0 ? Take(arriving[c], arrivingRows, pool) : Take(otherColumns[c], otherRowsChunk, pool));
                    }

                    for (int c = 0; c < rightSide.Width; c++)
                    {
                        columns.Add(sideIndex == 1 ? Take(arriving[c], arrivingRows, pool) : Take(otherColumns[c], otherRowsChunk, pool));
                    }
                }
                catch
                {
                    columns.ForEach(c => c.Dispose());
                    throw;
                }

                using var candidates = new ColumnBatch(_pairNames, columns, length);
                using Selection passed = _evaluator!.Filter(_condition, candidates);
                ReadOnlySpan<ulong> words = passed.Words;
                for (int p = 0; p < length; p++)
                {
                    if (Bits.Get(words, p))
                    {
                        Bits.Set(matched, start + p);
                    }
                }
            }
        }
        finally
        {
            otherColumns.ForEach(c => c.Dispose());
        }

        return matched;
    }

    private static ColumnVector Take(ColumnVector column, ReadOnlySpan<int> rows, BufferPool pool) =>
        column.Type.Kind == SqlTypeKind.Null ? ColumnFactory.Constant(column.Type, null, rows.Length, pool) : GatherKernels.Gather(column, rows, pool);

    /// <summary>True when an interval join's row (<paramref name="row"/> of <paramref name="batch"/>) can meet no new row any more (the watermark passed its interval): it is joined, not kept.</summary>
    private bool Expired(int sideIndex, ColumnBatch batch, int row)
    {
        if (_bounds is null)
        {
            return false;
        }

        ColumnVector time = batch.Column(sideIndex == 0 ? _bounds.LeftTime : _bounds.RightTime);
        return time.IsNull(row) || _bounds.ExpiryOf(sideIndex, StateRowColumnWriter.Integer(time, row)) <= _watermark;
    }

    /// <summary>An interval join's cleanup: each kept row's key is listed in the bucket of the row's expiry (<see cref="IntervalJoinCleanup"/>).</summary>
    private void RegisterCleanup(int sideIndex, ColumnBatch batch, int[] liveRows, int[] slots)
    {
        if (_bounds is null || _distinct.Count == 0)
        {
            return;
        }

        ColumnVector time = batch.Column(sideIndex == 0 ? _bounds.LeftTime : _bounds.RightTime);
        ReadOnlySpan<int> keyGroups = _distinct.KeyGroups;
        for (int i = 0; i < liveRows.Length; i++)
        {
            if (slots[i] < 0 || time.IsNull(liveRows[i]))
            {
                continue;
            }

            // A row the watermark already passed was joined but not kept.
            long expiry = _bounds.ExpiryOf(sideIndex, StateRowColumnWriter.Integer(time, liveRows[i]));
            if (expiry > _watermark)
            {
                _cleanup!.Add(slots[i], keyGroups[slots[i]], expiry);
            }
        }

        _cleanup!.Flush(_distinct);
    }

    /// <summary>The key of a join without equality keys: empty bytes, placed in the first key group this subtask owns.</summary>
    private static void GlobalKey(IKeyedStateBackend backend, EncodedKeys into)
    {
        into.Add([], KeyGroupAssignment.HashInKeyGroup(backend.KeyGroupRange.Start, backend.MaxParallelism), 0);
    }

    private void Emit(JoinEvents events, OperatorContext context, IBatchCollector output)
    {
        int total = events.Count;
        int chunkRows = Math.Max(1, context.BatchRows);
        for (int start = 0; start < total; start += chunkRows)
        {
            int n = Math.Min(chunkRows, total - start);
            var columns = new List<ColumnVector>(OutputSchema.Count);
            ColumnVector? rowKinds = null;
            try
            {
                IReadOnlyList<StateRow?> lefts = events.Lefts.GetRange(start, n);
                IReadOnlyList<StateRow?> rights = events.Rights.GetRange(start, n);
                for (int c = 0; c < OutputSchema.Count; c++)
                {
                    bool isLeft = c < _sides[0].Width;
                    columns.Add(JoinRowColumns.Build(OutputSchema[c].Type, isLeft ? lefts : rights, isLeft ? c : c - _sides[0].Width, context.Pool));
                }

                rowKinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt.WithNullable(false), events.Kinds.AsSpan(start, n), context.Pool);
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
    }

    /// <summary>The output rows of one batch in order: a kind and the left / right row (null: padded with NULLs).</summary>
    private sealed class JoinEvents
    {
        private sbyte[] _kinds = new sbyte[16];

        public List<StateRow?> Lefts { get; } = [];

        public List<StateRow?> Rights { get; } = [];

        public int Count => Lefts.Count;

        public sbyte[] Kinds => _kinds;

        /// <summary>Adds <paramref name="times"/> copies of the row made of <paramref name="arriving"/> (from input side <paramref name="arrivingSide"/>) and <paramref name="kept"/> (the other side).</summary>
        public void Add(RowKind kind, StateRow? arriving, StateRow? kept, int arrivingSide, long times = 1)
        {
            StateRow? left = arrivingSide == 0 ? arriving : kept;
            StateRow? right = arrivingSide == 0 ? kept : arriving;
            for (long t = 0; t < times; t++)
            {
                if (Count == _kinds.Length)
                {
                    Array.Resize(ref _kinds, _kinds.Length * 2);
                }

                _kinds[Count] = (sbyte)kind;
                Lefts.Add(left);
                Rights.Add(right);
            }
        }
    }
}
