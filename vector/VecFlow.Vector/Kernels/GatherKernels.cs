using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Gather (take rows by index) and compact (keep the rows of a selection) for every column layout.</summary>
[SkipLocalsInit]
public static class GatherKernels
{
    /// <summary>A new column of the rows at <paramref name="rows"/>, in that order (indices may repeat).</summary>
    public static ColumnVector Gather(ColumnVector column, ReadOnlySpan<int> rows, BufferPool pool)
    {
        int n = rows.Length;
        NativeBuffer? validity = null;
        if (column.HasNulls)
        {
            validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
            GatherBits(column.Validity, rows, validity.Words);
        }

        try
        {
            switch (column.Type.Kind)
            {
                case SqlTypeKind.Boolean:
                    {
                        NativeBuffer values = pool.Rent(Bits.ByteCount(n), zeroed: true);
                        GatherBits(column.BooleanWords, rows, values.Words);
                        return ColumnVector.FromBuffers(column.Type, n, validity, values);
                    }

                case SqlTypeKind.Varchar:
                    return GatherStrings(column, rows, validity, pool);

                case SqlTypeKind.Null:
                    throw new NotSupportedException("Columns of type NULL cannot be gathered.");

                default:
                    {
                        NativeBuffer values = pool.Rent(n * column.Type.FixedWidth);
                        switch (column.Type.FixedWidth)
                        {
                            case 1: GatherValues(column.Values<byte>(), rows, values.As<byte>()); break;
                            case 2: GatherValues(column.Values<short>(), rows, values.As<short>()); break;
                            case 4: GatherValues(column.Values<int>(), rows, values.As<int>()); break;
                            case 8: GatherValues(column.Values<long>(), rows, values.As<long>()); break;
                            case 16: GatherValues(column.Values<Int128>(), rows, values.As<Int128>()); break;
                            default: throw new NotSupportedException($"No gather for {column.Type}.");
                        }

                        return ColumnVector.FromBuffers(column.Type, n, validity, values);
                    }
            }
        }
        catch
        {
            validity?.Release();
            throw;
        }
    }

    /// <summary>A new column holding only the rows set in <paramref name="selection"/>, in order.</summary>
    public static ColumnVector Compact(ColumnVector column, Selection selection, BufferPool pool)
    {
        int[] rows = selection.ToIndices();
        return Gather(column, rows, pool);
    }

    /// <summary>destination[i] = source[rows[i]].</summary>
    public static void GatherValues<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> rows, Span<T> destination)
        where T : unmanaged
    {
        ref T src = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source);
        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            if ((uint)row >= (uint)source.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside a column of {source.Length} rows.");
            }

            destination[i] = Unsafe.Add(ref src, row);
        }
    }

    /// <summary>Bit i of destination = bit rows[i] of source; destination must start zeroed.</summary>
    public static void GatherBits(ReadOnlySpan<ulong> source, ReadOnlySpan<int> rows, Span<ulong> destination)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            ulong bit = (source[row >> 6] >> row) & 1UL;
            destination[i >> 6] |= bit << i;
        }
    }

    private static ColumnVector GatherStrings(ColumnVector column, ReadOnlySpan<int> rows, NativeBuffer? validity, BufferPool pool)
    {
        int n = rows.Length;
        ReadOnlySpan<int> offsets = column.Offsets;
        long total = 0;
        foreach (int row in rows)
        {
            total += offsets[row + 1] - offsets[row];
        }

        if (total > int.MaxValue)
        {
            throw new InvalidOperationException($"Gathering {n} strings needs {total} bytes, more than one column may hold (2 GiB).");
        }

        NativeBuffer newOffsets = pool.Rent((n + 1) * sizeof(int));
        NativeBuffer data = pool.Rent((int)total);
        Span<int> o = newOffsets.As<int>();
        Span<byte> d = data.Bytes;
        ReadOnlySpan<byte> source = column.StringData;
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            o[i] = at;
            int row = rows[i];
            int length = offsets[row + 1] - offsets[row];
            source.Slice(offsets[row], length).CopyTo(d[at..]);
            at += length;
        }

        o[n] = at;
        return ColumnVector.FromBuffers(column.Type, n, validity, newOffsets, data);
    }
}
