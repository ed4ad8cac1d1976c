using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Aggregate;

/// <summary>Joins batches of one schema end to end into one batch.</summary>
/// <remarks>
/// A spill partition is written as one small batch per input batch, and deeper levels split those again; read back
/// one by one, the per-batch costs of mapping, hashing and spilling would grow with every level. Coalescing them
/// first keeps the work per level proportional to its rows.
/// </remarks>
internal static class BatchConcatenation
{
    /// <summary>A new batch of the live rows of <paramref name="batches"/>, in order (the caller keeps the inputs).</summary>
    public static ColumnBatch Concatenate(IReadOnlyList<ColumnBatch> batches, BufferPool pool)
    {
        if (batches.Count == 1)
        {
            return batches[0].Compact(pool);
        }

        var compacted = new List<ColumnBatch>(batches.Count);
        var columns = new List<ColumnVector>();
        try
        {
            foreach (ColumnBatch batch in batches)
            {
                compacted.Add(batch.Compact(pool));
            }

            int n = compacted.Sum(b => b.Length);
            int columnCount = compacted[0].Columns.Count;
            var parts = new ColumnVector[compacted.Count];
            for (int c = 0; c < columnCount; c++)
            {
                for (int b = 0; b < parts.Length; b++)
                {
                    parts[b] = compacted[b].Column(c);
                }

                columns.Add(ColumnConcatenation.Concatenate(parts[0].Type, parts, pool));
            }

            var result = new ColumnBatch(compacted[0].Names, columns, n);
            columns = [];
            return result;
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
            compacted.ForEach(b => b.Dispose());
        }
    }
}
