using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>CONCAT_WS(separator, s1, s2, ...) over STRING columns, with Flink's NULL rules.</summary>
/// <remarks>
/// A NULL separator makes the row NULL; NULL arguments are skipped (no separator is written for them), so a row whose
/// arguments are all NULL is the empty string. Two passes: row lengths into the offsets, then the bytes.
/// </remarks>
[SkipLocalsInit]
public static class SeparatedConcat
{
    /// <summary>The rows of <paramref name="inputs"/> joined by the row's <paramref name="separator"/>.</summary>
    public static ColumnVector ConcatWs(ColumnVector separator, IReadOnlyList<ColumnVector> inputs, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(separator);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(pool);
        var separators = new Utf8Rows(separator);
        int n = separators.Length;
        long totalBytes = (long)separators.ByteLength * Math.Max(inputs.Count - 1, 0);
        foreach (ColumnVector input in inputs)
        {
            var rows = new Utf8Rows(input);
            if (rows.Length != n)
            {
                throw new ArgumentException($"CONCAT_WS arguments must have the same number of rows; got {rows.Length} and {n}.", nameof(inputs));
            }

            totalBytes += rows.ByteLength;
        }

        if (totalBytes > int.MaxValue / 2)
        {
            throw new InvalidOperationException($"CONCAT_WS of {n} rows could need {totalBytes} bytes; one column holds at most 1 GiB of text.");
        }

        NativeBuffer? validity = null;
        NativeBuffer offsets = pool.Rent((n + 1) * sizeof(int));
        NativeBuffer? data = null;
        try
        {
            if (separator.HasNulls)
            {
                int words = Bits.WordCount(n);
                validity = pool.Rent(words * sizeof(ulong));
                separator.Validity[..words].CopyTo(validity.Words);
            }

            ReadOnlySpan<ulong> valid = validity is null ? default : validity.Words;
            Span<int> ends = offsets.As<int>()[..(n + 1)];
            ends[0] = 0;
            for (int i = 0; i < n; i++)
            {
                int length = 0;
                if (valid.IsEmpty || Bits.Get(valid, i))
                {
                    int parts = 0;
                    foreach (ColumnVector input in inputs)
                    {
                        if (!input.HasNulls || Bits.Get(input.Validity, i))
                        {
                            var rows = new Utf8Rows(input);
                            length += rows.Offset(i + 1) - rows.Offset(i);
                            parts++;
                        }
                    }

                    if (parts > 1)
                    {
                        length += (parts - 1) * (separators.Offset(i + 1) - separators.Offset(i));
                    }
                }

                ends[i + 1] = ends[i] + length;
            }

            data = pool.Rent(Math.Max(ends[n], 1));
            Span<byte> target = data.Bytes;
            for (int i = 0; i < n; i++)
            {
                if (!valid.IsEmpty && !Bits.Get(valid, i))
                {
                    continue;
                }

                int at = ends[i];
                bool first = true;
                foreach (ColumnVector input in inputs)
                {
                    if (input.HasNulls && !Bits.Get(input.Validity, i))
                    {
                        continue;
                    }

                    if (!first)
                    {
                        ReadOnlySpan<byte> glue = separators[i];
                        glue.CopyTo(target[at..]);
                        at += glue.Length;
                    }

                    ReadOnlySpan<byte> value = new Utf8Rows(input)[i];
                    value.CopyTo(target[at..]);
                    at += value.Length;
                    first = false;
                }
            }

            return ColumnVector.FromBuffers(SqlType.Varchar, n, validity, offsets, data);
        }
        catch
        {
            validity?.Release();
            offsets.Release();
            data?.Release();
            throw;
        }
    }
}
