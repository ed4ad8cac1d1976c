using VecFlow.Engine.Operators.Join;
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
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// A streaming window join: both sides' rows wait in keyed state per (equi key, window) until the watermark passes the
/// window's end; then the window's rows are joined by the batch hash join and cleared. Append-only in and out.
/// </summary>
/// <remarks>
/// <para>The state key is a row's equi-key columns (the window columns among them), the namespace its window_end; each
/// side appends a batch's rows with one batched list append and registers one event-time timer per (key, window) at
/// window_end - 1 (the timer's namespace carries the key's hash, as a fired timer gives back only the key bytes).</para>
/// <para>On a watermark the fired windows' rows of both sides are read in one call per side, turned back into columns
/// and joined by a <see cref="HashJoinOperator"/> on the same keys and residual condition, so inner, outer, semi and
/// anti joins give exactly the batch join's rows of each window. Rows whose window already fired are late: dropped and
/// counted in <see cref="OperatorMetrics.DroppedRows"/>. A retraction in the input is an error.</para>
/// </remarks>
public sealed class StreamWindowJoinOperator : IStreamOperator
{
    /// <summary>How many (key, window) pairs one hash join run takes at most, so a watermark that fires many windows joins them in bounded pieces.</summary>
    private const int FiredPerJoin = 4096;

    private readonly JoinKind _kind;
    private readonly RowSchema[] _schemas;
    private readonly IReadOnlyList<int>[] _keys;
    private readonly int[] _windowEnds;
    private readonly Expr? _condition;
    private KeyEncoder[] _encoders;
    private readonly SqlType[][] _types;
    private EncodedKeys _encoded = new();
    private EncodedKeys _firedKeys = new();

    private OperatorContext? _context;
    private IListState<StateRow>?[] _rows = [null, null];
    private TimerService? _timers;
    private long _watermark = long.MinValue;

    public StreamWindowJoinOperator(JoinKind kind, RowSchema left, RowSchema right, IReadOnlyList<int> leftKeys, IReadOnlyList<int> rightKeys, Expr? condition, int leftWindowEnd, int rightWindowEnd)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(leftKeys);
        ArgumentNullException.ThrowIfNull(rightKeys);
        if (leftKeys.Count == 0 || leftKeys.Count != rightKeys.Count)
        {
            throw new ArgumentException($"A window join needs matching key pairs (window_start and window_end among them); got {leftKeys.Count} left and {rightKeys.Count} right key columns.");
        }

        _kind = kind;
        _schemas = [left, right];
        _keys = [leftKeys, rightKeys];
        _windowEnds = [leftWindowEnd, rightWindowEnd];
        _condition = condition;
        _encoders = [new KeyEncoder([.. leftKeys.Select(k => left[k].Type)]), new KeyEncoder([.. rightKeys.Select(k => right[k].Type)])];
        _types = [[.. left.Fields.Select(f => f.Type)], [.. right.Fields.Select(f => f.Type)]];
        for (int side = 0; side < 2; side++)
        {
            RowSchema schema = _schemas[side];
            int end = _windowEnds[side];
            if ((uint)end >= (uint)schema.Count || schema[end].Type.Kind != SqlTypeKind.Timestamp)
            {
                throw new ArgumentException($"The {(side == 0 ? "left" : "right")} window_end column {end} must be a TIMESTAMP(3) column of {schema}.");
            }
        }
    }

    /// <summary>Builds the operator of a planned streaming window join.</summary>
    public StreamWindowJoinOperator(StreamWindowJoinNode node)
        : this(node.Kind, node.Left.Schema, node.Right.Schema, node.Join.LeftKeys, node.Join.RightKeys, node.Join.Condition, node.LeftWindowEnd, node.RightWindowEnd)
    {
    }

    public string Name => "StreamWindowJoin";

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        IKeyedStateBackend backend = context.RequireKeyedState();
        // Keys in the backend's key groups (a job may set pipeline.max-parallelism).
        _encoded = new(backend.MaxParallelism);
        _encoders = [.. _encoders.Select(e => e.ForMaxParallelism(backend.MaxParallelism))];
        _firedKeys = new(backend.MaxParallelism);

        _rows =
        [
            backend.GetListState(new ListStateDescriptor<StateRow>("window-join-left", new StateRowSerializer(_types[0]))),
            backend.GetListState(new ListStateDescriptor<StateRow>("window-join-right", new StateRowSerializer(_types[1]))),
        ];
        _timers = backend.Timers;
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using (batch)
        {
            OperatorContext context = _context ?? throw new InvalidOperationException("Open the window join before sending it batches.");
            if ((uint)input > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(input), input, "A window join has inputs 0 (left) and 1 (right).");
            }

            context.Metrics.AddIn(batch.LiveCount);
            if (batch.Length == 0 || batch.LiveCount == 0)
            {
                return;
            }

            CheckAppendOnly(batch);
            Keep(input, batch, context);
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void ProcessWatermark(long watermark, IBatchCollector output)
    {
        OperatorContext context = _context ?? throw new InvalidOperationException("Open the window join before sending it watermarks.");
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        // Bounded pieces: the end of bounded input fires every buffered window at once.
        IReadOnlyList<FiredTimer> fired;
        do
        {
            fired = _timers!.AdvanceWatermark(watermark, FiredPerJoin);
            if (fired.Count > 0)
            {
                Fire(fired, 0, fired.Count, context, output);
            }
        }
        while (fired.Count == FiredPerJoin);
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
                    $"window joins need append-only inputs, but row {row} of a batch is an update or deletion ({(RowKind)kinds[row]}); join the windows of insert-only inputs");
            }
        }
    }

    /// <summary>Appends the batch's rows whose window has not fired to their (key, window) list and registers the windows' timers.</summary>
    private void Keep(int side, ColumnBatch batch, OperatorContext context)
    {
        int n = batch.Length;
        BufferPool pool = context.Pool;
        ulong[] mask = new ulong[Bits.WordCount(n)];
        if (batch.Selection is { } selection)
        {
            selection.Words.CopyTo(mask);
        }
        else
        {
            Bits.SetAll(mask, n);
        }

        ColumnVector endColumn = batch.Column(_windowEnds[side]);
        if (endColumn.HasNulls)
        {
            Bits.And(mask, endColumn.Validity[..mask.Length], mask);
        }

        ReadOnlySpan<long> ends = endColumn.Values<long>();
        foreach (int row in new SetBitEnumerator(mask, n))
        {
            if (ends[row] - 1 <= _watermark)
            {
                Bits.Clear(mask, row);
            }
        }

        int kept = Bits.PopCount(mask);
        if (kept < batch.LiveCount)
        {
            context.Metrics.AddDropped(batch.LiveCount - kept);
        }

        if (kept == 0)
        {
            return;
        }

        using (ColumnBatch live = batch.WithSelection(Selection.FromWords(mask, n, pool)))
        {
            _encoders[side].Encode(live, [.. _keys[side]], _encoded);
        }

        int count = _encoded.Count;
        long[] namespaces = new long[count];
        long[] times = new long[count];
        long[] hashes = new long[count];
        var rows = new StateRow[count];
        SqlType[] types = _types[side];
        for (int j = 0; j < count; j++)
        {
            int row = _encoded.Rows[j];
            namespaces[j] = ends[row];
            times[j] = ends[row] - 1;
            hashes[j] = (long)_encoded.Hashes[j];
            var stored = new StateRow(types);
            for (int c = 0; c < types.Length; c++)
            {
                StreamWindowAccumulators.Read(batch.Column(c), row, stored, c);
            }

            rows[j] = stored;
        }

        _rows[side]!.AddValues(_encoded, namespaces, rows);
        _timers!.Register(TimeDomain.EventTime, _encoded, hashes, times);
    }

    /// <summary>Joins the rows of fired (key, window) pairs <paramref name="from"/>.. of <paramref name="fired"/> and clears them.</summary>
    private void Fire(IReadOnlyList<FiredTimer> fired, int from, int count, OperatorContext context, IBatchCollector output)
    {
        _firedKeys.Clear();
        long[] namespaces = new long[count];
        for (int t = 0; t < count; t++)
        {
            FiredTimer timer = fired[from + t];
            _firedKeys.Add(timer.Key, (ulong)timer.Namespace);
            namespaces[t] = timer.Time + 1;
        }

        // Each side's rows of the fired windows, decoded from state straight into columns.
        var sides = new StateRowColumnReader[2];
        for (int side = 0; side < 2; side++)
        {
            var reader = sides[side] = new StateRowColumnReader(_types[side]);
            _rows[side]!.ReadSerialized(_firedKeys, namespaces, (_, row) => reader.Append(row));
            _rows[side]!.Clear(_firedKeys, namespaces);
        }

        if (sides[0].Count == 0 && sides[1].Count == 0)
        {
            return;
        }

        ColumnBatch left = Batch(0, sides[0], context.Pool);
        ColumnBatch right;
        try
        {
            right = Batch(1, sides[1], context.Pool);
        }
        catch
        {
            left.Dispose();
            throw;
        }

        Join(left, right, context, output);
    }

    /// <summary>Runs the window's rows through the batch hash join (build side: the right, the left for a RIGHT join, as in batch); owns both batches.</summary>
    private void Join(ColumnBatch left, ColumnBatch right, OperatorContext context, IBatchCollector output)
    {
        JoinSide buildSide = _kind == JoinKind.Right ? JoinSide.Left : JoinSide.Right;
        (ColumnBatch? build, ColumnBatch? probe) = buildSide == JoinSide.Right ? (right, left) : (left, right);
        try
        {
            var joinContext = new OperatorContext(context.Pool, context.Budget, context.SpillDirectory, context.Subtask, context.Parallelism, context.Cancellation)
            {
                BatchRows = context.BatchRows,
            };
            var counting = new CountingCollector(output, context.Metrics);
            using var join = new HashJoinOperator(_kind, _schemas[0], _schemas[1], _keys[0], _keys[1], _condition, buildSide);
            join.Open(joinContext);
            ColumnBatch given = build;
            build = null;
            join.Process(0, given, counting);
            join.EndInput(0, counting);
            given = probe;
            probe = null;
            join.Process(1, given, counting);
            join.EndInput(1, counting);
        }
        finally
        {
            build?.Dispose();
            probe?.Dispose();
        }
    }

    private ColumnBatch Batch(int side, StateRowColumnReader rows, BufferPool pool)
    {
        RowSchema schema = _schemas[side];
        List<ColumnVector> columns = rows.Build([.. schema.Fields.Select(f => f.Type)], pool);
        return new ColumnBatch(schema.Names, columns, rows.Count);
    }

    /// <summary>Counts the join's output rows into this operator's metrics on the way out.</summary>
    private sealed class CountingCollector(IBatchCollector inner, OperatorMetrics metrics) : IBatchCollector
    {
        public void Collect(ColumnBatch batch)
        {
            metrics.AddOut(batch.LiveCount);
            inner.Collect(batch);
        }
    }
}
