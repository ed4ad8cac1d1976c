using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators;

/// <summary>Appends columns of one type end to end into one pooled column (a join's build rows as one row-id space, spilled batches read back together).</summary>
internal static class ColumnConcatenation
{
    /// <summary>A new column holding all rows of <paramref name="parts"/> in order; the parts stay owned by the caller.</summary>
    public static ColumnVector Concatenate(SqlType type, IReadOnlyList<ColumnVector> parts, BufferPool pool)
    {
        long total = 0;
        bool anyNull = false;
        foreach (ColumnVector part in parts)
        {
            total += part.Length;
            anyNull |= part.HasNulls;
        }

        if (total > int.MaxValue / 16)
        {
            throw new InvalidOperationException($"A join build side of {total} rows is too large for one in-memory table; lower the memory budget so it spills.");
        }

        int n = (int)total;
        NativeBuffer? validity = null;
        try
        {
            if (anyNull)
            {
                // One word of slack: appending at an unaligned bit offset may touch the word after the last row.
                validity = pool.Rent(Bits.ByteCount(n) + sizeof(ulong), zeroed: true);
                int at = 0;
                foreach (ColumnVector part in parts)
                {
                    if (part.HasNulls)
                    {
                        AppendBits(part.Validity, part.Length, validity.Words, at);
                    }
                    else
                    {
                        SetRange(validity.Words, at, part.Length);
                    }

                    at += part.Length;
                }
            }

            return type.Kind switch
            {
                SqlTypeKind.Boolean => ConcatenateBooleans(type, parts, n, validity, pool),
                SqlTypeKind.Varchar => ConcatenateStrings(type, parts, n, validity, pool),
                SqlTypeKind.Null => throw new NotSupportedException("Columns of type NULL cannot be joined; cast them to a concrete type."),
                _ => ConcatenateFixed(type, parts, n, validity, pool),
            };
        }
        catch
        {
            validity?.Release();
            throw;
        }
    }

    private static ColumnVector ConcatenateFixed(SqlType type, IReadOnlyList<ColumnVector> parts, int n, NativeBuffer? validity, BufferPool pool)
    {
        int width = type.FixedWidth;
        NativeBuffer values = pool.Rent(n * width);
        Span<byte> destination = values.Bytes;
        int at = 0;
        foreach (ColumnVector part in parts)
        {
            int bytes = part.Length * width;
            part.Array.Data.Buffers[1].Span[..bytes].CopyTo(destination[at..]);
            at += bytes;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }

    private static ColumnVector ConcatenateBooleans(SqlType type, IReadOnlyList<ColumnVector> parts, int n, NativeBuffer? validity, BufferPool pool)
    {
        NativeBuffer values = pool.Rent(Bits.ByteCount(n) + sizeof(ulong), zeroed: true);
        int at = 0;
        foreach (ColumnVector part in parts)
        {
            AppendBits(part.BooleanWords, part.Length, values.Words, at);
            at += part.Length;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }

    private static ColumnVector ConcatenateStrings(SqlType type, IReadOnlyList<ColumnVector> parts, int n, NativeBuffer? validity, BufferPool pool)
    {
        long bytes = 0;
        foreach (ColumnVector part in parts)
        {
            ReadOnlySpan<int> offsets = part.Offsets;
            bytes += offsets[part.Length] - offsets[0];
        }

        if (bytes > int.MaxValue)
        {
            throw new InvalidOperationException($"A join build side holds {bytes} bytes of strings in one column, more than one column may hold (2 GiB); lower the memory budget so it spills.");
        }

        NativeBuffer newOffsets = pool.Rent((n + 1) * sizeof(int));
        NativeBuffer data;
        try
        {
            data = pool.Rent((int)bytes);
        }
        catch
        {
            newOffsets.Release();
            throw;
        }

        Span<int> o = newOffsets.As<int>();
        Span<byte> d = data.Bytes;
        int row = 0;
        int at = 0;
        foreach (ColumnVector part in parts)
        {
            ReadOnlySpan<int> offsets = part.Offsets;
            int start = offsets[0];
            for (int i = 0; i < part.Length; i++)
            {
                o[row++] = at + offsets[i] - start;
            }

            int length = offsets[part.Length] - start;
            part.StringData.Slice(start, length).CopyTo(d[at..]);
            at += length;
        }

        o[n] = at;
        return ColumnVector.FromBuffers(type, n, validity, newOffsets, data);
    }

    /// <summary>ORs the first <paramref name="count"/> bits of <paramref name="source"/> into destination from bit <paramref name="at"/>.</summary>
    private static void AppendBits(ReadOnlySpan<ulong> source, int count, Span<ulong> destination, int at)
    {
        int words = Bits.WordCount(count);
        int shift = at & 63;
        int target = at >> 6;
        for (int w = 0; w < words; w++)
        {
            ulong word = w == words - 1 ? source[w] & Bits.TailMask(count) : source[w];
            destination[target + w] |= word << shift;
            if (shift != 0)
            {
                destination[target + w + 1] |= word >> (64 - shift);
            }
        }
    }

    private static void SetRange(Span<ulong> destination, int at, int count)
    {
        for (int i = at; i < at + count; i++)
        {
            Bits.Set(destination, i);
        }
    }
}
