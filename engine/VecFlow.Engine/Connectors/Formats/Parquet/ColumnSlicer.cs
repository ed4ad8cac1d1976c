using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>Copies a contiguous run of rows of a column into new pooled buffers (a row group cut into batches).</summary>
internal static class ColumnSlicer
{
    public static ColumnVector Slice(ColumnVector column, int start, int count, BufferPool pool)
    {
        NativeBuffer? validity = null;
        NativeBuffer? values = null;
        NativeBuffer? data = null;
        try
        {
            if (column.HasNulls)
            {
                validity = pool.Rent(Bits.ByteCount(count));
                Bits.CopyFromBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.Validity), start, count, validity.Words);
            }

            if (column.Type.Kind == SqlTypeKind.Boolean)
            {
                values = pool.Rent(Bits.ByteCount(count));
                Bits.CopyFromBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.BooleanWords), start, count, values.Words);
            }
            else if (column.Type.Kind == SqlTypeKind.Varchar)
            {
                ReadOnlySpan<int> offsets = column.Offsets;
                int first = offsets[start];
                int bytes = offsets[start + count] - first;
                values = pool.Rent((count + 1) * sizeof(int));
                Span<int> target = values.As<int>();
                for (int i = 0; i <= count; i++)
                {
                    target[i] = offsets[start + i] - first;
                }

                data = pool.Rent(bytes);
                column.StringData.Slice(first, bytes).CopyTo(data.Bytes);
            }
            else
            {
                int width = column.Type.FixedWidth;
                values = pool.Rent(count * width);
                column.Array.Data.Buffers[1].Span.Slice(start * width, count * width).CopyTo(values.Bytes);
            }

            ColumnVector slice = ColumnVector.FromBuffers(column.Type, count, validity, values, data);
            validity = values = data = null;
            return slice;
        }
        finally
        {
            validity?.Release();
            values?.Release();
            data?.Release();
        }
    }
}
