using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

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

                columns.Add(Concatenate(parts, n, pool));
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

    private static ColumnVector Concatenate(ColumnVector[] parts, int n, BufferPool pool)
    {
        SqlType type = parts[0].Type;
        NativeBuffer? validity = null;
        NativeBuffer? values = null;
        try
        {
            if (parts.Any(p => p.HasNulls))
            {
                validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
                int at = 0;
                foreach (ColumnVector part in parts)
                {
                    if (part.HasNulls)
                    {
                        CopyBits(part.Validity, part.Length, validity.Words, at);
                    }
                    else
                    {
                        SetBits(validity.Words, at, part.Length);
                    }

                    at += part.Length;
                }
            }

            switch (type.Kind)
            {
                case SqlTypeKind.Boolean:
                    {
                        values = pool.Rent(Bits.ByteCount(n), zeroed: true);
                        int at = 0;
                        foreach (ColumnVector part in parts)
                        {
                            CopyBits(part.BooleanWords, part.Length, values.Words, at);
                            at += part.Length;
                        }

                        break;
                    }

                case SqlTypeKind.Varchar:
                    return ConcatenateStrings(parts, n, type, ref validity, pool);

                default:
                    {
                        int width = type.FixedWidth;
                        values = pool.Rent(n * width);
                        Span<byte> target = values.Bytes;
                        int at = 0;
                        foreach (ColumnVector part in parts)
                        {
                            ReadOnlySpan<byte> bytes = RawValues(part);
                            bytes.CopyTo(target[at..]);
                            at += bytes.Length;
                        }

                        break;
                    }
            }

            ColumnVector column = ColumnVector.FromBuffers(type, n, validity, values);
            validity = null;
            values = null;
            return column;
        }
        finally
        {
            validity?.Release();
            values?.Release();
        }
    }

    /// <summary>The fixed-width value bytes of a column: Length * width of them.</summary>
    private static ReadOnlySpan<byte> RawValues(ColumnVector column) =>
        column.Array.Data.Buffers[1].Span[..(column.Length * column.Type.FixedWidth)];

    private static ColumnVector ConcatenateStrings(ColumnVector[] parts, int n, SqlType type, ref NativeBuffer? validity, BufferPool pool)
    {
        long total = parts.Sum(p => (long)p.StringData.Length);
        if (total > int.MaxValue)
        {
            throw new InvalidOperationException($"Joining {n} strings needs {total} bytes, more than one column may hold (2 GiB).");
        }

        NativeBuffer offsets = pool.Rent((n + 1) * sizeof(int));
        NativeBuffer data = pool.Rent((int)total);
        try
        {
            Span<int> o = offsets.As<int>();
            Span<byte> d = data.Bytes;
            int row = 0;
            int at = 0;
            foreach (ColumnVector part in parts)
            {
                ReadOnlySpan<int> partOffsets = part.Offsets;
                int start = partOffsets[0];
                int length = partOffsets[part.Length] - start;
                part.StringData.Slice(start, length).CopyTo(d[at..]);
                for (int i = 0; i < part.Length; i++)
                {
                    o[row++] = at + (partOffsets[i] - start);
                }

                at += length;
            }

            o[n] = at;
            data.Shrink(at);
        }
        catch
        {
            offsets.Release();
            data.Release();
            throw;
        }

        ColumnVector column = ColumnVector.FromBuffers(type, n, validity, offsets, data);
        validity = null;
        return column;
    }

    /// <summary>Copies bits [0, length) of <paramref name="source"/> to <paramref name="destination"/> from bit <paramref name="at"/> on (destination zeroed there).</summary>
    private static void CopyBits(ReadOnlySpan<ulong> source, int length, Span<ulong> destination, int at)
    {
        int words = Bits.WordCount(length);
        int shift = at & 63;
        int first = at >> 6;
        for (int w = 0; w < words; w++)
        {
            ulong bits = source[w];
            if (w == words - 1)
            {
                bits &= Bits.TailMask(length);
            }

            destination[first + w] |= bits << shift;
            if (shift != 0 && first + w + 1 < destination.Length)
            {
                destination[first + w + 1] |= bits >> (64 - shift);
            }
        }
    }

    private static void SetBits(Span<ulong> destination, int at, int length)
    {
        for (int i = at; i < at + length; i++)
        {
            Bits.Set(destination, i);
        }
    }
}
