using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>Bytes a buffered batch holds, for comparing an operator's footprint against its memory budget.</summary>
internal static class BatchMemory
{
    public static long Bytes(ColumnBatch batch)
    {
        long bytes = 0;
        foreach (ColumnVector column in batch.Columns)
        {
            foreach (Apache.Arrow.ArrowBuffer buffer in column.Array.Data.Buffers)
            {
                bytes += buffer.Length;
            }
        }

        return bytes;
    }
}
