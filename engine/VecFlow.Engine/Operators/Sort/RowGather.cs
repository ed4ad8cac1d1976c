using System.Runtime.CompilerServices;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>Gathers rows picked from several batches (sorted output, merged runs) into one new batch, column by column.</summary>
/// <remarks>
/// Output positions are first bucketed by source batch (a counting sort), so each source's buffers are looked up once
/// per column and the inner loops are plain span reads. Rows from a single source take <see cref="GatherKernels"/>.
/// </remarks>
[SkipLocalsInit]
internal static class RowGather
{
    /// <summary>A batch whose row i is row <paramref name="rows"/>[i] of batch <paramref name="sourceOf"/>[i] (sources have no selection).</summary>
    public static ColumnBatch Gather(IReadOnlyList<ColumnBatch> sources, ReadOnlySpan<int> sourceOf, ReadOnlySpan<int> rows, IReadOnlyList<string> names, BufferPool pool)
    {
        int n = rows.Length;
        int columnCount = names.Count;
        var columns = new List<ColumnVector>(columnCount);
        try
        {
            int single = SingleSource(sourceOf);
            if (single >= 0)
            {
                for (int c = 0; c < columnCount; c++)
                {
                    columns.Add(GatherKernels.Gather(sources[single].Column(c), rows, pool));
                }
            }
            else
            {
                var buckets = new SourceBuckets(sources.Count, sourceOf);
                for (int c = 0; c < columnCount; c++)
                {
                    columns.Add(GatherColumn(sources, c, buckets, rows, pool));
                }
            }

            return new ColumnBatch(names, columns, n);
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
    }

    /// <summary>Column <paramref name="column"/> of the rows picked as in <see cref="Gather"/>.</summary>
    public static ColumnVector GatherColumn(IReadOnlyList<ColumnBatch> sources, int column, ReadOnlySpan<int> sourceOf, ReadOnlySpan<int> rows, BufferPool pool)
    {
        int single = SingleSource(sourceOf);
        return single >= 0
            ? GatherKernels.Gather(sources[single].Column(column), rows, pool)
            : GatherColumn(sources, column, new SourceBuckets(sources.Count, sourceOf), rows, pool);
    }

    private static int SingleSource(ReadOnlySpan<int> sourceOf)
    {
        if (sourceOf.IsEmpty)
        {
            return 0;
        }

        int first = sourceOf[0];
        foreach (int s in sourceOf)
        {
            if (s != first)
            {
                return -1;
            }
        }

        return first;
    }

    private static ColumnVector GatherColumn(IReadOnlyList<ColumnBatch> sources, int c, SourceBuckets buckets, ReadOnlySpan<int> rows, BufferPool pool)
    {
        int n = rows.Length;
        SqlType type = sources[buckets.FirstUsedSource].Column(c).Type;
        NativeBuffer? validity = null;
        try
        {
            bool anyNulls = false;
            for (int s = 0; s < sources.Count; s++)
            {
                anyNulls |= buckets.Positions(s).Length > 0 && sources[s].Column(c).HasNulls;
            }

            if (anyNulls)
            {
                validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
                Span<ulong> words = validity.Words;
                for (int s = 0; s < sources.Count; s++)
                {
                    ReadOnlySpan<int> positions = buckets.Positions(s);
                    if (positions.IsEmpty)
                    {
                        continue;
                    }

                    ColumnVector column = sources[s].Column(c);
                    if (!column.HasNulls)
                    {
                        foreach (int p in positions)
                        {
                            Bits.Set(words, p);
                        }

                        continue;
                    }

                    ReadOnlySpan<ulong> source = column.Validity;
                    foreach (int p in positions)
                    {
                        if (Bits.Get(source, rows[p]))
                        {
                            Bits.Set(words, p);
                        }
                    }
                }
            }

            switch (type.Kind)
            {
                case SqlTypeKind.Boolean:
                    {
                        NativeBuffer values = pool.Rent(Bits.ByteCount(n), zeroed: true);
                        Span<ulong> words = values.Words;
                        for (int s = 0; s < sources.Count; s++)
                        {
                            ReadOnlySpan<int> positions = buckets.Positions(s);
                            if (positions.IsEmpty)
                            {
                                continue;
                            }

                            ReadOnlySpan<ulong> source = sources[s].Column(c).BooleanWords;
                            foreach (int p in positions)
                            {
                                if (Bits.Get(source, rows[p]))
                                {
                                    Bits.Set(words, p);
                                }
                            }
                        }

                        return ColumnVector.FromBuffers(type, n, validity, values);
                    }

                case SqlTypeKind.Varchar:
                    return GatherStrings(sources, c, buckets, rows, type, validity, pool);

                default:
                    {
                        NativeBuffer values = pool.Rent(n * type.FixedWidth);
                        try
                        {
                            switch (type.FixedWidth)
                            {
                                case 1: GatherFixed<byte>(sources, c, buckets, rows, values.As<byte>()); break;
                                case 2: GatherFixed<short>(sources, c, buckets, rows, values.As<short>()); break;
                                case 4: GatherFixed<int>(sources, c, buckets, rows, values.As<int>()); break;
                                case 8: GatherFixed<long>(sources, c, buckets, rows, values.As<long>()); break;
                                case 16: GatherFixed<Int128>(sources, c, buckets, rows, values.As<Int128>()); break;
                                default: throw new NotSupportedException($"No gather for {type}.");
                            }
                        }
                        catch
                        {
                            values.Release();
                            throw;
                        }

                        return ColumnVector.FromBuffers(type, n, validity, values);
                    }
            }
        }
        catch
        {
            validity?.Release();
            throw;
        }
    }

    private static void GatherFixed<T>(IReadOnlyList<ColumnBatch> sources, int c, SourceBuckets buckets, ReadOnlySpan<int> rows, Span<T> destination)
        where T : unmanaged
    {
        for (int s = 0; s < sources.Count; s++)
        {
            ReadOnlySpan<int> positions = buckets.Positions(s);
            if (positions.IsEmpty)
            {
                continue;
            }

            ReadOnlySpan<T> source = sources[s].Column(c).Values<T>();
            foreach (int p in positions)
            {
                destination[p] = source[rows[p]];
            }
        }
    }

    private static ColumnVector GatherStrings(IReadOnlyList<ColumnBatch> sources, int c, SourceBuckets buckets, ReadOnlySpan<int> rows, SqlType type, NativeBuffer? validity, BufferPool pool)
    {
        int n = rows.Length;
        int[] lengths = new int[n];
        long total = 0;
        for (int s = 0; s < sources.Count; s++)
        {
            ReadOnlySpan<int> positions = buckets.Positions(s);
            if (positions.IsEmpty)
            {
                continue;
            }

            ReadOnlySpan<int> offsets = sources[s].Column(c).Offsets;
            foreach (int p in positions)
            {
                int row = rows[p];
                int length = offsets[row + 1] - offsets[row];
                lengths[p] = length;
                total += length;
            }
        }

        if (total > int.MaxValue / 2)
        {
            throw new InvalidOperationException($"Gathering {n} strings needs {total} bytes, more than one column may hold (1 GiB).");
        }

        NativeBuffer newOffsets = pool.Rent((n + 1) * sizeof(int));
        NativeBuffer data = pool.Rent((int)total);
        Span<int> o = newOffsets.As<int>();
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            o[i] = at;
            at += lengths[i];
        }

        o[n] = at;
        Span<byte> d = data.Bytes;
        for (int s = 0; s < sources.Count; s++)
        {
            ReadOnlySpan<int> positions = buckets.Positions(s);
            if (positions.IsEmpty)
            {
                continue;
            }

            ColumnVector column = sources[s].Column(c);
            ReadOnlySpan<int> offsets = column.Offsets;
            ReadOnlySpan<byte> bytes = column.StringData;
            foreach (int p in positions)
            {
                int row = rows[p];
                bytes[offsets[row]..offsets[row + 1]].CopyTo(d[o[p]..]);
            }
        }

        return ColumnVector.FromBuffers(type, n, validity, newOffsets, data);
    }

    /// <summary>Output positions grouped by source batch: a counting sort of the source ids.</summary>
    private sealed class SourceBuckets
    {
        private readonly int[] _starts;
        private readonly int[] _positions;

        public SourceBuckets(int sourceCount, ReadOnlySpan<int> sourceOf)
        {
            _starts = new int[sourceCount + 1];
            foreach (int s in sourceOf)
            {
                _starts[s + 1]++;
            }

            for (int s = 0; s < sourceCount; s++)
            {
                _starts[s + 1] += _starts[s];
            }

            int[] next = _starts[..^1];
            _positions = new int[sourceOf.Length];
            for (int p = 0; p < sourceOf.Length; p++)
            {
                _positions[next[sourceOf[p]]++] = p;
            }

            FirstUsedSource = sourceOf.IsEmpty ? 0 : sourceOf[0];
        }

        public int FirstUsedSource { get; }

        public ReadOnlySpan<int> Positions(int source) => _positions.AsSpan(_starts[source], _starts[source + 1] - _starts[source]);
    }
}
