using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>Streams a sorted run back from its spill file one batch at a time; only the current batch is in memory.</summary>
internal sealed class SpilledRunSource(int order, SpillFile run, RowSchema schema, IReadOnlyList<SortKey> keys, BufferPool pool) : MergeSource(order)
{
    private readonly IEnumerator<ColumnBatch> _batches = run.Read(pool).GetEnumerator();
    private bool _started;

    public override bool MoveNext(List<ColumnBatch> retired)
    {
        if (_started && Row + 1 < Batch.Length)
        {
            Row++;
            KeyRow = Row;
            return true;
        }

        if (_started)
        {
            retired.Add(Batch);
            Batch = null!;
        }

        _started = true;
        while (_batches.MoveNext())
        {
            ColumnBatch next = _batches.Current;
            if (next.Length == 0)
            {
                next.Dispose();
                continue;
            }

            var block = new SortKeyBlock(schema, keys);
            block.Append(next);
            Batch = next;
            Keys = block;
            Row = 0;
            KeyRow = 0;
            return true;
        }

        return false;
    }

    public override void Dispose()
    {
        Batch?.Dispose();
        Batch = null!;
        _batches.Dispose();
    }
}
