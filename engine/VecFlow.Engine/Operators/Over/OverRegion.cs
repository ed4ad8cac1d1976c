using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Over;

/// <summary>A slice of sorted rows, <see cref="Start"/>..<see cref="End"/>-1 of a batch, with each row's number within its partition.</summary>
internal readonly record struct OverSegment(ColumnBatch Batch, int Start, int End, long[] RowNumbers)
{
    public int Count => End - Start;
}

/// <summary>
/// Whole partitions of sorted rows gathered from one or more batches, with the partition and peer structure every
/// window function needs: where each row's partition starts, and where its peer group (equal order keys) starts and ends.
/// </summary>
internal sealed class OverRegion
{
    private readonly RowSchema _schema;
    private readonly IReadOnlyList<OverSegment> _segments;

    public OverRegion(RowSchema schema, IReadOnlyList<OverSegment> segments, IReadOnlyList<SortKey> orderKeys)
    {
        _schema = schema;
        _segments = segments;
        Count = segments.Sum(s => s.Count);
        Sources = [.. segments.Select(s => s.Batch)];
        SourceOf = new int[Count];
        RowOf = new int[Count];
        PartitionStart = new int[Count];
        PeerStart = new int[Count];
        PeerEnd = new int[Count];
        var order = new SortKeyBlock(schema, orderKeys);
        int at = 0;
        int partition = 0;
        for (int s = 0; s < segments.Count; s++)
        {
            OverSegment segment = segments[s];
            order.Append(segment.Batch, segment.Start, segment.Count);
            for (int r = segment.Start; r < segment.End; r++, at++)
            {
                SourceOf[at] = s;
                RowOf[at] = r;
                if (at == 0 || segment.RowNumbers[r] == 1)
                {
                    partition = at;
                }

                PartitionStart[at] = partition;
                bool peer = at > partition && order.Compare(at - 1, order, at) == 0;
                PeerStart[at] = peer ? PeerStart[at - 1] : at;
            }
        }

        for (int i = Count - 1; i >= 0; i--)
        {
            PeerEnd[i] = i + 1 < Count && PeerStart[i + 1] == PeerStart[i] ? PeerEnd[i + 1] : i;
        }
    }

    public int Count { get; }

    public IReadOnlyList<ColumnBatch> Sources { get; }

    public int[] SourceOf { get; }

    public int[] RowOf { get; }

    public int[] PartitionStart { get; }

    public int[] PeerStart { get; }

    /// <summary>Last row (inclusive) of each row's peer group.</summary>
    public int[] PeerEnd { get; }

    /// <summary>The values of input column <paramref name="column"/> for every row of the region.</summary>
    public NumericValues Numeric(int column)
    {
        var values = new NumericValues(_schema[column].Type, Count);
        int at = 0;
        foreach (OverSegment segment in _segments)
        {
            values.Fill(segment.Batch.Column(column), segment.Start, segment.Count, at);
            at += segment.Count;
        }

        return values;
    }

    /// <summary>Input column <paramref name="column"/> as an ascending key lane (MIN and MAX compare through it).</summary>
    public KeyLane Lane(int column)
    {
        KeyLane lane = KeyLane.For(_schema[column].Type, descending: false, nullsFirst: true);
        foreach (OverSegment segment in _segments)
        {
            lane.Append(segment.Batch.Column(column), segment.Start, segment.Count);
        }

        return lane;
    }
}
