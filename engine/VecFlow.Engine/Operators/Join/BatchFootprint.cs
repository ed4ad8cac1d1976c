using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Join;

/// <summary>The bytes a batch's columns occupy in memory, for comparing held data against a memory budget.</summary>
internal static class BatchFootprint
{
    public static long Bytes(ColumnBatch batch)
    {
        long bytes = 0;
        foreach (ColumnVector column in batch.Columns)
        {
            bytes += Bytes(column);
        }

        return bytes;
    }

    public static long Bytes(ColumnVector column)
    {
        long rows = column.Length;
        long validity = column.HasNulls ? (rows + 7) / 8 : 0;
        return validity + column.Type.Kind switch
        {
            SqlTypeKind.Boolean => (rows + 7) / 8,
            SqlTypeKind.Varchar => ((rows + 1) * sizeof(int)) + column.Offsets[column.Length] - column.Offsets[0],
            SqlTypeKind.Null => 0,
            _ => rows * column.Type.FixedWidth,
        };
    }
}
