using VecFlow.Engine.Operators.Over;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Streaming OVER aggregates (any frame, ranking and offset function the batch operator computes) over append-only or updating input, as an updating changelog.</summary>
/// <remarks>
/// <para>State "rows" (a list per partition key) holds the partition's rows in arrival order, each with its arrival
/// number and the results last emitted for it. Per input batch, every touched partition's list is read with ONE
/// batched call, the batch's rows are applied (+I/+U append, -U/-D remove an equal row and emit -D of its last output),
/// and the touched partitions are recomputed together by the batch <see cref="OverAggregateOperator"/>, fed in arrival
/// order so that order-key ties break as the batch job's input order does. Each row whose results changed emits
/// -U(old)/+U(new), each new row +I; the lists go back with ONE batched write. Applying the output gives the batch
/// answer, whatever the ORDER BY (Flink itself needs an ascending time attribute and append-only input).</para>
/// <para>Cost: a touched partition is recomputed whole, so a batch costs the size of the partitions it touches, and
/// every row stays in state. Emitting final rows at the watermark with bounded state (Flink's event-time OVER) is left
/// for later.</para>
/// </remarks>
public sealed class StreamOverOperator : PartitionRowsOperator
{
    private readonly SortKey[] _orderKeys;
    private readonly OverCall[] _calls;
    private readonly SqlType[] _resultTypes;
    private readonly int _sequenceField;
    private readonly RowSchema _recomputeSchema;
    private readonly ChangelogBatch _changes;

    public StreamOverOperator(RowSchema input, IReadOnlyList<int> partitionKeys, IReadOnlyList<SortKey> orderKeys, IReadOnlyList<OverCall> calls)
        : base(input, partitionKeys, StoredTypes(input, calls))
    {
        ArgumentNullException.ThrowIfNull(orderKeys);
        _orderKeys = [.. orderKeys];
        _calls = [.. calls];
        _resultTypes = [.. calls.Select(c => c.ResultType.WithNullable(true))];
        _sequenceField = input.Count;
        _recomputeSchema = new RowSchema([.. input.Fields, new Field("$seq", SqlType.BigInt.WithNullable(false)), new Field("$partition", SqlType.Int.WithNullable(false))]);
        OutputSchema = new RowSchema([.. input.Fields, .. calls.Select(c => new Field(c.Name, c.ResultType))]);
        _changes = new ChangelogBatch(OutputSchema, [.. Enumerable.Range(0, input.Count), .. Enumerable.Range(input.Count + 1, calls.Count)]);

        // Built here too, so a call the batch operator refuses fails when the plan is made rather than when the job runs.
        using var check = new OverAggregateOperator(_recomputeSchema, PartitionKeys, _orderKeys, _calls);
    }

    public override string Name => "StreamOverAggregate";

    /// <summary>A stored row: the input's columns, the arrival number, then the results last emitted per call.</summary>
    private static SqlType[] StoredTypes(RowSchema input, IReadOnlyList<OverCall> calls)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(calls);
        return [.. input.Fields.Select(f => f.Type), SqlType.BigInt.WithNullable(false), .. calls.Select(c => c.ResultType.WithNullable(true))];
    }

    /// <summary>The input columns, then one column per call (as the batch OVER operator).</summary>
    public RowSchema OutputSchema { get; }

    protected override void Apply(ColumnBatch batch, OperatorContext context, IBatchCollector output)
    {
        int n = batch.Length;
        IReadOnlyList<StateRow>[] stored = ReadPartitions(batch, context);
        int count = stored.Length;
        var lists = new List<StateRow>[count];
        long[] nextSequence = new long[count];
        for (int p = 0; p < count; p++)
        {
            lists[p] = [.. stored[p]];
            nextSequence[p] = lists[p].Count == 0 ? 0 : lists[p].Max(r => r.GetInt64(_sequenceField)) + 1;
        }

        var fresh = new HashSet<StateRow>(ReferenceEqualityComparer.Instance);
        ReadOnlySpan<sbyte> kinds = batch.RowKinds is { } rowKinds ? rowKinds.Values<sbyte>() : default;
        int[] live = batch.Selection is { } selection ? selection.ToIndices() : [.. Enumerable.Range(0, n)];
        foreach (int row in live)
        {
            int p = PartitionOf(row);
            var value = new StateRow(RowTypes);
            for (int c = 0; c < InputSchema.Count; c++)
            {
                StateRowCapture.Read(batch.Column(c), row, value, c);
            }

            if (!kinds.IsEmpty && ((RowKind)kinds[row]).IsRetraction())
            {
                int at = lists[p].FindIndex(r => SameColumns(r, value));
                if (at < 0)
                {
                    throw new InvalidOperationException($"StreamOverAggregate received {batch.RowKindAt(row).ToShortString()} {value} for a row it does not hold; the input changelog retracts a row it never inserted.");
                }

                StateRow removed = lists[p][at];
                lists[p].RemoveAt(at);
                if (!fresh.Remove(removed))
                {
                    _changes.Add(RowKind.Delete, removed);
                }
            }
            else
            {
                value.SetInt64(_sequenceField, nextSequence[p]++);
                lists[p].Add(value);
                fresh.Add(value);
            }
        }

        Recompute(lists, fresh, context);

        WritePartitions(lists);
        _changes.Flush(context, output);
    }

    /// <summary>Runs the batch OVER operator over the touched partitions and replaces each row by one with its new results, noting the changes.</summary>
    private void Recompute(List<StateRow>[] lists, HashSet<StateRow> fresh, OperatorContext context)
    {
        var rows = new List<StateRow>();
        var partitionOf = new List<int>();
        var positions = new Dictionary<long, int>[lists.Length];
        for (int p = 0; p < lists.Length; p++)
        {
            positions[p] = new Dictionary<long, int>(lists[p].Count);
            for (int i = 0; i < lists[p].Count; i++)
            {
                positions[p][lists[p][i].GetInt64(_sequenceField)] = i;
                rows.Add(lists[p][i]);
                partitionOf.Add(p);
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var results = new CollectedBatches();
        var inner = new OperatorContext(context.Pool, context.Budget, Path.Combine(context.SpillDirectory, "over"), context.Subtask, context.Parallelism, context.Cancellation)
        {
            BatchRows = context.BatchRows,
        };
        try
        {
            using (var over = new OverAggregateOperator(_recomputeSchema, PartitionKeys, _orderKeys, _calls))
            {
                over.Open(inner);
                over.Process(0, RecomputeInput(rows, partitionOf, context), results);
                over.EndInput(0, results);
            }

            foreach (ColumnBatch result in results.Batches)
            {
                Replace(result, lists, positions, fresh);
            }
        }
        finally
        {
            results.Batches.ForEach(b => b.Dispose());
        }
    }

    /// <summary>Replaces each row of a recomputed batch by one with its new results and notes the change.</summary>
    private void Replace(ColumnBatch result, List<StateRow>[] lists, Dictionary<long, int>[] positions, HashSet<StateRow> fresh)
    {
        int sequenceColumn = InputSchema.Count;
        int partitionColumn = InputSchema.Count + 1;
        ReadOnlySpan<long> sequences = result.Column(sequenceColumn).Values<long>();
        ReadOnlySpan<int> partitionIds = result.Column(partitionColumn).Values<int>();
        int[] live = result.Selection is { } selection ? selection.ToIndices() : [.. Enumerable.Range(0, result.Length)];
        foreach (int r in live)
        {
            int p = partitionIds[r];
            int at = positions[p][sequences[r]];
            StateRow old = lists[p][at];
            var now = new StateRow(RowTypes);
            for (int f = 0; f <= _sequenceField; f++)
            {
                StateRowColumns.Copy(old, f, now, f, RowTypes[f]);
            }

            for (int c = 0; c < _calls.Length; c++)
            {
                StateRowCapture.Read(result.Column(partitionColumn + 1 + c), r, now, _sequenceField + 1 + c);
            }

            lists[p][at] = now;
            if (fresh.Contains(old))
            {
                _changes.Add(RowKind.Insert, now);
            }
            else if (!SameResults(old, now))
            {
                _changes.Add(RowKind.UpdateBefore, old);
                _changes.Add(RowKind.UpdateAfter, now);
            }
        }
    }

    /// <summary>The rows to recompute as one batch: input columns, arrival number, partition id.</summary>
    private ColumnBatch RecomputeInput(List<StateRow> rows, List<int> partitionOf, OperatorContext context)
    {
        var columns = new List<ColumnVector>(_recomputeSchema.Count);
        try
        {
            for (int c = 0; c < InputSchema.Count; c++)
            {
                columns.Add(StateRowColumns.Build(InputSchema[c].Type, rows, c, context.Pool));
            }

            columns.Add(StateRowColumns.Build(SqlType.BigInt.WithNullable(false), rows, _sequenceField, context.Pool));
            columns.Add(ColumnFactory.FromValues(SqlType.Int.WithNullable(false), partitionOf.ToArray(), context.Pool));
            var batch = new ColumnBatch(_recomputeSchema.Names, columns, rows.Count);
            columns = [];
            return batch;
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
        }
    }

    private bool SameColumns(StateRow a, StateRow b)
    {
        for (int c = 0; c < InputSchema.Count; c++)
        {
            if (!StateRowCapture.SameValue(a, c, b, c, RowTypes[c]))
            {
                return false;
            }
        }

        return true;
    }

    private bool SameResults(StateRow a, StateRow b)
    {
        for (int c = 0; c < _calls.Length; c++)
        {
            int f = _sequenceField + 1 + c;
            if (!StateRowCapture.SameValue(a, f, b, f, RowTypes[f]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Holds the batches the inner batch operator emits.</summary>
    private sealed class CollectedBatches : IBatchCollector
    {
        public List<ColumnBatch> Batches { get; } = [];

        public void Collect(ColumnBatch batch) => Batches.Add(batch);
    }
}
