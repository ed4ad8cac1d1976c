using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Streaming TopN and deduplication: <c>ROW_NUMBER() OVER (PARTITION BY p ORDER BY o)</c> kept to ranks start..end, as an updating changelog.</summary>
/// <remarks>
/// <para>State "rows" (a list per partition key) holds the partition's rows sorted by the order keys, then by arrival
/// number (the last field), which breaks ties as the batch operator's input order does. Over append-only input only the
/// best <c>end</c> rows are kept: a row that falls out can never come back. Over an updating input every row is kept,
/// because a retraction (-U/-D) from the top lets the next row move up.</para>
/// <para>Per input batch, every touched partition's list is read with ONE batched call, the batch's rows are applied
/// in order (+I/+U insert, -U/-D remove an equal row), and the partition's old and new ranks start..end are compared:
/// with the row number in the output, each rank whose row changed emits -U(old)/+U(new) (or +I / -D where the rank
/// was or becomes empty); without it, rows that left the range emit -D and rows that entered +I. The lists go back with
/// ONE batched write. Applying the output gives the batch operator's answer.</para>
/// </remarks>
public sealed class StreamRankOperator : PartitionRowsOperator
{
    private readonly long _rankStart;
    private readonly long _rankEnd;
    private readonly bool _outputRank;
    private readonly bool _updatingInput;
    private readonly int _sequenceField;
    private readonly StateRowOrder _order;
    private readonly ChangelogBatch _changes;
    private readonly int[] _orderColumns;
    private StateRow? _probe;

    /// <param name="input">The input schema.</param>
    /// <param name="partitionKeys">PARTITION BY columns.</param>
    /// <param name="orderKeys">ORDER BY keys.</param>
    /// <param name="rankStart">The first row number kept (1-based).</param>
    /// <param name="rankEnd">The last row number kept (<see cref="long.MaxValue"/> for no bound).</param>
    /// <param name="outputRank">True to append the row number as a BIGINT column.</param>
    /// <param name="rankName">The name of that column.</param>
    /// <param name="updatingInput">True when the input may retract rows (then every row of a partition is kept).</param>
    public StreamRankOperator(RowSchema input, IReadOnlyList<int> partitionKeys, IReadOnlyList<SortKey> orderKeys, long rankStart, long rankEnd, bool outputRank, string rankName, bool updatingInput)
        : base(input, partitionKeys, StoredTypes(input))
    {
        ArgumentNullException.ThrowIfNull(orderKeys);
        if (rankStart < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rankStart), $"A row number range must start at 1 or later; got {rankStart}..{rankEnd}.");
        }

        foreach (int column in partitionKeys.Concat(orderKeys.Select(k => k.Column)))
        {
            if ((uint)column >= (uint)input.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(partitionKeys), column, $"Column {column} is not in the input {input} of {input.Count} columns.");
            }
        }

        _rankStart = rankStart;
        _rankEnd = rankEnd;
        _outputRank = outputRank;
        _updatingInput = updatingInput;
        _sequenceField = input.Count;
        _order = new StateRowOrder(RowTypes, orderKeys, _sequenceField);
        _orderColumns = [.. orderKeys.Select(k => k.Column).Distinct()];
        OutputSchema = outputRank ? new RowSchema([.. input.Fields, new Field(rankName, SqlType.BigInt.WithNullable(false))]) : input;
        int[] fields = [.. Enumerable.Range(0, input.Count)];
        _changes = new ChangelogBatch(OutputSchema, outputRank ? [.. fields, -1] : fields);
    }

    public override string Name => "StreamRank";

    /// <summary>A stored row: the input's columns, then the arrival number.</summary>
    private static SqlType[] StoredTypes(RowSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [.. input.Fields.Select(f => f.Type), SqlType.BigInt.WithNullable(false)];
    }

    /// <summary>The input columns, then the row number when it is output (as the batch rank operator).</summary>
    public RowSchema OutputSchema { get; }

    protected override bool ExpiresWithStateTtl => true;

    protected override void Apply(ColumnBatch batch, OperatorContext context, IBatchCollector output)
    {
        int n = batch.Length;
        IReadOnlyList<StateRow>[] stored = ReadPartitions(batch, context);
        int count = stored.Length;
        var lists = new List<StateRow>[count];
        var before = new StateRow[count][];
        long[] nextSequence = new long[count];
        for (int p = 0; p < count; p++)
        {
            lists[p] = [.. stored[p]];
            before[p] = [.. lists[p].Take(RangeEnd(lists[p].Count))];
            nextSequence[p] = lists[p].Count == 0 ? 0 : lists[p].Max(r => r.GetInt64(_sequenceField)) + 1;
        }

        ReadOnlySpan<sbyte> kinds = batch.RowKinds is { } rowKinds ? rowKinds.Values<sbyte>() : default;
        int[] live = batch.Selection is { } selection ? selection.ToIndices() : [.. Enumerable.Range(0, n)];
        foreach (int row in live)
        {
            int p = PartitionOf(row);
            bool retraction = !kinds.IsEmpty && ((RowKind)kinds[row]).IsRetraction();
            if (!retraction && !_updatingInput && lists[p].Count >= _rankEnd && !SortsBefore(batch, row, lists[p][^1]))
            {
                // A full partition of append-only input keeps its best rows: a row not before the last one (a tie
                // loses to the earlier arrival) falls out at once, so only its order keys are read.
                continue;
            }

            StateRow value = Capture(batch, row);
            if (retraction)
            {
                Retract(lists[p], value, batch, row);
            }
            else
            {
                value.SetInt64(_sequenceField, nextSequence[p]++);
                Insert(lists[p], value);
            }
        }

        for (int p = 0; p < count; p++)
        {
            Compare(before[p], lists[p]);
        }

        WritePartitions(lists);
        _changes.Flush(context, output);
    }

    /// <summary>True when input row <paramref name="row"/>'s order keys sort before <paramref name="kept"/>'s.</summary>
    private bool SortsBefore(ColumnBatch batch, int row, StateRow kept)
    {
        StateRow probe = _probe ??= new StateRow(RowTypes);
        foreach (int c in _orderColumns)
        {
            StateRowCapture.Read(batch.Column(c), row, probe, c);
        }

        return _order.CompareKeys(probe, kept) < 0;
    }

    private StateRow Capture(ColumnBatch batch, int row)
    {
        var value = new StateRow(RowTypes);
        for (int c = 0; c < InputSchema.Count; c++)
        {
            StateRowCapture.Read(batch.Column(c), row, value, c);
        }

        return value;
    }

    private void Insert(List<StateRow> list, StateRow value)
    {
        int at = list.BinarySearch(value, _order);
        at = at < 0 ? ~at : at;
        if (!_updatingInput && at >= _rankEnd)
        {
            return;
        }

        list.Insert(at, value);
        if (!_updatingInput && list.Count > _rankEnd)
        {
            list.RemoveAt(list.Count - 1);
        }
    }

    private void Retract(List<StateRow> list, StateRow value, ColumnBatch batch, int row)
    {
        if (!_updatingInput)
        {
            throw new InvalidOperationException($"StreamRank was planned for an append-only input but received {batch.RowKindAt(row).ToShortString()} {value}.");
        }

        // The first peer (equal order keys) that equals the retracted row in every column.
        int low = 0;
        int high = list.Count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (_order.CompareKeys(list[mid], value) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (int i = low; i < list.Count && _order.CompareKeys(list[i], value) == 0; i++)
        {
            if (SameColumns(list[i], value))
            {
                list.RemoveAt(i);
                return;
            }
        }

        throw new InvalidOperationException($"StreamRank received {batch.RowKindAt(row).ToShortString()} {value} for a row it does not hold; the input changelog retracts a row it never inserted.");
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

    /// <summary>How many leading rows of a partition of <paramref name="count"/> rows reach up to the last kept rank.</summary>
    private int RangeEnd(int count) => (int)Math.Min(count, _rankEnd);

    /// <summary>Adds the changes from a partition's old ranks to its new ones (rows are the same objects when unchanged).</summary>
    private void Compare(StateRow[] before, List<StateRow> after)
    {
        int first = (int)Math.Min(_rankStart - 1, int.MaxValue);
        int oldEnd = before.Length;
        int newEnd = RangeEnd(after.Count);
        if (_outputRank)
        {
            for (int r = first; r < Math.Max(oldEnd, newEnd); r++)
            {
                StateRow? old = r < oldEnd ? before[r] : null;
                StateRow? now = r < newEnd ? after[r] : null;
                if (ReferenceEquals(old, now))
                {
                    continue;
                }

                long rank = r + 1L;
                if (old is not null && now is not null)
                {
                    _changes.Add(RowKind.UpdateBefore, old, rank);
                    _changes.Add(RowKind.UpdateAfter, now, rank);
                }
                else if (old is not null)
                {
                    _changes.Add(RowKind.Delete, old, rank);
                }
                else
                {
                    _changes.Add(RowKind.Insert, now!, rank);
                }
            }

            return;
        }

        var oldRows = new HashSet<StateRow>(ReferenceEqualityComparer.Instance);
        for (int r = first; r < oldEnd; r++)
        {
            oldRows.Add(before[r]);
        }

        var newRows = new HashSet<StateRow>(ReferenceEqualityComparer.Instance);
        for (int r = first; r < newEnd; r++)
        {
            newRows.Add(after[r]);
        }

        for (int r = first; r < oldEnd; r++)
        {
            if (!newRows.Contains(before[r]))
            {
                _changes.Add(RowKind.Delete, before[r]);
            }
        }

        for (int r = first; r < newEnd; r++)
        {
            if (!oldRows.Contains(after[r]))
            {
                _changes.Add(RowKind.Insert, after[r]);
            }
        }
    }
}
