using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>The in-memory tail of an external sort as a merge input: its rows in sorted order, read in place.</summary>
internal sealed class BufferedRunSource(int order, SortKeyBlock keys, IReadOnlyList<ColumnBatch> batches, int[] batchOf, int[] rowOf, int[] sorted)
    : MergeSource(order)
{
    private int _position = -1;

    public override bool MoveNext(List<ColumnBatch> retired)
    {
        if (++_position >= sorted.Length)
        {
            return false;
        }

        int global = sorted[_position];
        Keys = keys;
        KeyRow = global;
        Batch = batches[batchOf[global]];
        Row = rowOf[global];
        return true;
    }

    public override void Dispose()
    {
        // The sorter owns the buffered batches.
    }
}
