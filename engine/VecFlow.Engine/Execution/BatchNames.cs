using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Execution;

/// <summary>Renames a batch's columns to a schema's names without copying data.</summary>
internal static class BatchNames
{
    public static ColumnBatch Rename(ColumnBatch batch, RowSchema schema, BufferPool pool)
    {
        if (batch.Names.SequenceEqual(schema.Names))
        {
            return batch;
        }

        using (batch)
        {
            return new ColumnBatch(schema.Names, [.. batch.Columns.Select(c => c.Share())], batch.Length, batch.Selection?.Clone(pool), batch.RowKinds?.Share());
        }
    }
}
