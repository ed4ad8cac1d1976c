using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>The sort-key values of a sequence of rows, one <see cref="KeyLane"/> per key; rows compare within and across blocks.</summary>
internal sealed class SortKeyBlock
{
    private readonly KeyLane[] _lanes;
    private readonly int[] _columns;

    public SortKeyBlock(RowSchema schema, IReadOnlyList<SortKey> keys)
    {
        _lanes = new KeyLane[keys.Count];
        _columns = new int[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            SortKey key = keys[k];
            if ((uint)key.Column >= (uint)schema.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(keys), $"Sort key {key} names column {key.Column}; the input has columns 0..{schema.Count - 1} {schema}.");
            }

            _lanes[k] = KeyLane.For(schema[key.Column].Type, key.Descending, key.NullsFirst);
            _columns[k] = key.Column;
        }
    }

    public int Count { get; private set; }

    public int KeyCount => _lanes.Length;

    public KeyLane Lane(int key) => _lanes[key];

    public long MemoryBytes
    {
        get
        {
            long bytes = 0;
            foreach (KeyLane lane in _lanes)
            {
                bytes += lane.MemoryBytes;
            }

            return bytes;
        }
    }

    /// <summary>Appends rows <paramref name="start"/>..start+count-1 of <paramref name="batch"/> (a batch without selection).</summary>
    public void Append(ColumnBatch batch, int start, int count)
    {
        for (int k = 0; k < _lanes.Length; k++)
        {
            _lanes[k].Append(batch.Column(_columns[k]), start, count);
        }

        Count += count;
    }

    public void Append(ColumnBatch batch) => Append(batch, 0, batch.Length);

    /// <summary>Orders a row of this block against a row of <paramref name="other"/> on the first <paramref name="keys"/> keys.</summary>
    public int Compare(int row, SortKeyBlock other, int otherRow, int keys)
    {
        for (int k = 0; k < keys; k++)
        {
            int order = _lanes[k].Compare(row, other._lanes[k], otherRow);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    public int Compare(int row, SortKeyBlock other, int otherRow) => Compare(row, other, otherRow, _lanes.Length);

    public void Clear()
    {
        foreach (KeyLane lane in _lanes)
        {
            lane.Clear();
        }

        Count = 0;
    }
}
