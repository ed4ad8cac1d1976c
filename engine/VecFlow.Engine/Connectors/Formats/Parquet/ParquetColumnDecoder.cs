using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using global::Parquet.Meta;
using Microsoft.Win32.SafeHandles;
using ParquetSharp;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;
using ParquetType = global::Parquet.Meta.Type;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>Decodes one column chunk of a row group into a pooled column, with no object per value.</summary>
/// <remarks>
/// The pages are decoded by ParquetSharp (Apache Arrow's C++ Parquet reader), which returns the present values
/// densely and the definition levels apart. Values already in VecFlow's layout (INT, BIGINT, DOUBLE, DATE, TIMESTAMP
/// in millis, ...) are decoded straight into the column's buffer and spread out in place when there are NULLs; the
/// others are decoded batch by batch into a pooled scratch array and converted while they are spread (byte values
/// point into the reader's page buffers, valid only until its next read).
/// </remarks>
internal static class ParquetColumnDecoder
{
    /// <summary>Values per read of the converted paths: a scratch array that stays in cache.</summary>
    private const int BatchValues = 8192;

    /// <summary>
    /// The reader of the column chunk of leaf <paramref name="leaf"/> in <paramref name="group"/> (described by
    /// <paramref name="metadata"/>, stored in <paramref name="file"/>): VecFlow's own page decoder where it reads the
    /// chunk, ParquetSharp otherwise. The caller disposes it.
    /// </summary>
    public static ParquetChunk Open(RowGroupReader group, int leaf, ParquetColumn column, ColumnMetaData? metadata, SafeFileHandle? file)
    {
        if (file is not null && metadata is not null && FixedWidthParquetChunk.Supports(metadata, column))
        {
            return FixedWidthParquetChunk.Open(file, metadata, column);
        }

        try
        {
            return new ParquetSharpChunk(group.Column(leaf));
        }
        catch (ParquetException e)
        {
            throw Unreadable(column, e);
        }
    }

    /// <summary>
    /// Decodes the next <paramref name="rows"/> rows of the chunk <paramref name="reader"/> is positioned in
    /// (<paramref name="first"/> rows of it were decoded before, for messages) into a new column.
    /// </summary>
    public static ColumnVector Decode(ParquetChunk reader, ParquetColumn column, int rows, int first, BufferPool pool) =>
        DecodeRows(reader, column, rows, first, null, 0, pool);

    /// <summary>
    /// Decodes the next <paramref name="rows"/> rows like <see cref="Decode(ParquetChunk, ParquetColumn, int, int, BufferPool)"/>
    /// into a column of only the rows <paramref name="survivors"/>[..<paramref name="count"/>] (ascending, relative to
    /// the first of them): fixed-width values are converted for the survivors alone (late materialization).
    /// </summary>
    public static ColumnVector Decode(ParquetChunk reader, ParquetColumn column, int rows, int first, int[] survivors, int count, BufferPool pool)
    {
        if (column.Type.Kind is SqlTypeKind.Varchar or SqlTypeKind.Boolean)
        {
            using ColumnVector whole = DecodeRows(reader, column, rows, first, null, 0, pool);
            return GatherKernels.Gather(whole, survivors.AsSpan(0, count), pool);
        }

        return DecodeRows(reader, column, rows, first, survivors, count, pool);
    }

    /// <summary>
    /// Reads the next <paramref name="rows"/> rows of a VARCHAR chunk without building a column: clears the bits of
    /// <paramref name="live"/> whose rows fail <paramref name="predicate"/>, testing only the rows still live.
    /// </summary>
    public static void Narrow(ParquetChunk reader, ParquetColumn column, int rows, int first, ParquetUtf8Predicate predicate, Span<ulong> live)
    {
        short[]? levels = RentLevels(column, rows);
        try
        {
            new ChunkReader(column, rows, first, levels, null, 0).Narrow(reader, predicate, live);
        }
        catch (ParquetException e)
        {
            throw Unreadable(column, e);
        }
        finally
        {
            ReturnLevels(levels);
        }
    }

    private static ColumnVector DecodeRows(ParquetChunk reader, ParquetColumn column, int rows, int first, int[]? survivors, int count, BufferPool pool)
    {
        short[]? levels = RentLevels(column, rows);
        try
        {
            var chunk = new ChunkReader(column, rows, first, levels, survivors, count);
            SqlType type = column.Type;
            return (type.Kind, column.Physical) switch
            {
                (SqlTypeKind.Boolean, _) => chunk.Booleans(reader, pool),
                (SqlTypeKind.TinyInt, ParquetType.INT32) => chunk.Convert<int, sbyte, IntegerConversion>(reader, default, pool),
                (SqlTypeKind.TinyInt, _) => chunk.Convert<long, sbyte, IntegerConversion>(reader, default, pool),
                (SqlTypeKind.SmallInt, ParquetType.INT32) => chunk.Convert<int, short, IntegerConversion>(reader, default, pool),
                (SqlTypeKind.SmallInt, _) => chunk.Convert<long, short, IntegerConversion>(reader, default, pool),
                (SqlTypeKind.Int or SqlTypeKind.Date, ParquetType.INT32) => chunk.Direct<int>(reader, pool),
                (SqlTypeKind.Int, _) => chunk.Convert<long, int, IntegerConversion>(reader, default, pool),
                (SqlTypeKind.BigInt, ParquetType.INT32) => chunk.Convert<int, long, IntegerConversion>(reader, default, pool),
                (SqlTypeKind.BigInt, _) => chunk.Direct<long>(reader, pool),
                (SqlTypeKind.Float, _) => chunk.Direct<float>(reader, pool),
                (SqlTypeKind.Double, ParquetType.FLOAT) => chunk.Convert<float, double, FloatWidening>(reader, default, pool),
                (SqlTypeKind.Double, _) => chunk.Direct<double>(reader, pool),
                (SqlTypeKind.Decimal, ParquetType.INT32) when DecimalOf(column).Exact => chunk.Convert<int, Int128, DecimalWidening>(reader, default, pool),
                (SqlTypeKind.Decimal, ParquetType.INT64) when DecimalOf(column).Exact => chunk.Convert<long, Int128, DecimalWidening>(reader, default, pool),
                (SqlTypeKind.Decimal, ParquetType.INT32) => chunk.Convert<int, Int128, DecimalConversion>(reader, DecimalOf(column), pool),
                (SqlTypeKind.Decimal, ParquetType.INT64) => chunk.Convert<long, Int128, DecimalConversion>(reader, DecimalOf(column), pool),
                (SqlTypeKind.Decimal, ParquetType.FIXED_LEN_BYTE_ARRAY) => chunk.Convert<FixedLenByteArray, Int128, DecimalBytesConversion>(
                    reader, new DecimalBytesConversion(DecimalOf(column), column.FileField.SchemaElement?.TypeLength ?? 0), pool),
                (SqlTypeKind.Decimal, _) => chunk.Convert<ByteArray, Int128, DecimalBytesConversion>(reader, new DecimalBytesConversion(DecimalOf(column), 0), pool),
                (SqlTypeKind.Varchar, _) => chunk.Strings(reader, pool),
                (SqlTypeKind.Time, ParquetType.INT32) => chunk.Direct<int>(reader, pool),
                (SqlTypeKind.Time, _) when column.UnitsPerMilli == 1000 => chunk.Convert<long, int, ToMillis<Micros>>(reader, default, pool),
                (SqlTypeKind.Time, _) when column.UnitsPerMilli == 1_000_000 => chunk.Convert<long, int, ToMillis<Nanos>>(reader, default, pool),
                (SqlTypeKind.Time, _) => chunk.Convert<long, int, MillisConversion>(reader, new MillisConversion(column.UnitsPerMilli), pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, ParquetType.INT96) => chunk.Convert<Int96, long, Int96Conversion>(reader, default, pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, _) when column.UnitsPerMilli == 1 => chunk.Direct<long>(reader, pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, _) when column.UnitsPerMilli == 1000 => chunk.Convert<long, long, ToMillis<Micros>>(reader, default, pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, _) when column.UnitsPerMilli == 1_000_000 => chunk.Convert<long, long, ToMillis<Nanos>>(reader, default, pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, _) => chunk.Convert<long, long, MillisConversion>(reader, new MillisConversion(column.UnitsPerMilli), pool),
                _ => throw column.Mismatch("no conversion"),
            };
        }
        catch (ParquetException e)
        {
            throw Unreadable(column, e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or NotSupportedException or IOException)
        {
            throw column.Mismatch(e.Message);
        }
        finally
        {
            ReturnLevels(levels);
        }
    }

    /// <summary>A pooled array for the definition levels of <paramref name="rows"/> rows; null for a REQUIRED column.</summary>
    private static short[]? RentLevels(ParquetColumn column, int rows) =>
        column.MaxDefinitionLevel > 0 ? ArrayPool<short>.Shared.Rent(Math.Max(rows, 1)) : null;

    private static void ReturnLevels(short[]? levels)
    {
        if (levels is not null)
        {
            ArrayPool<short>.Shared.Return(levels);
        }
    }

    private static ConnectorException Unreadable(ParquetColumn column, ParquetException e) =>
        new($"Column '{column.Name}' of the parquet file '{column.Path}' cannot be read: {e.Message}", e);

    /// <summary>The conversion of a DECIMAL column's unscaled values; exact (a copy) when the file's scale and precision fit the table's.</summary>
    public static DecimalConversion DecimalOf(ParquetColumn column) =>
        new(column.FileScale, column.Type.Precision, column.Type.Scale, column.FileScale == column.Type.Scale && column.FilePrecision <= column.Type.Precision);

    /// <summary>Reads the values and definition levels of one chunk and lays them out as a column.</summary>
    private readonly struct ChunkReader(ParquetColumn column, int rows, int first, short[]? levels, int[]? survivors, int count)
    {
        /// <summary>Values stored exactly as VecFlow stores them: decoded into the column buffer, spread in place around NULLs.</summary>
        public ColumnVector Direct<T>(ParquetChunk reader, BufferPool pool)
            where T : unmanaged
        {
            if (survivors is not null)
            {
                return Selected<T, T, Unchanged<T>>(reader, default, pool);
            }

            NativeBuffer values = pool.Rent(rows * Unsafe.SizeOf<T>());
            NativeBuffer? validity = null;
            try
            {
                Span<T> span = values.As<T>()[..rows];
                int levelsRead = 0;
                int present = 0;
                while (levelsRead < rows)
                {
                    (int l, int v) = Read(reader, levelsRead, span.Slice(present, rows - levelsRead));
                    levelsRead += l;
                    present += v;
                }

                if (present < rows)
                {
                    validity = Validity(pool);
                    ReadOnlySpan<short> defined = levels.AsSpan(0, rows);
                    int max = column.MaxDefinitionLevel;
                    int next = present - 1;
                    for (int i = rows - 1; i >= 0; i--)
                    {
                        span[i] = defined[i] == max ? span[next--] : default;
                    }
                }

                return ColumnVector.FromBuffers(column.Type, rows, validity, values);
            }
            catch
            {
                values.Release();
                validity?.Release();
                throw;
            }
        }

        /// <summary>Values that need converting: decoded a batch at a time into a scratch array, converted while spread around NULLs.</summary>
        public ColumnVector Convert<TIn, TOut, TConversion>(ParquetChunk reader, TConversion conversion, BufferPool pool)
            where TIn : unmanaged
            where TOut : unmanaged
            where TConversion : struct, IParquetConversion<TIn, TOut>
        {
            if (survivors is not null)
            {
                return Selected<TIn, TOut, TConversion>(reader, conversion, pool);
            }

            TIn[] scratch = ArrayPool<TIn>.Shared.Rent(Math.Min(Math.Max(rows, 1), BatchValues));
            NativeBuffer values = pool.Rent(rows * Unsafe.SizeOf<TOut>());
            NativeBuffer? validity = null;
            try
            {
                Span<TOut> target = values.As<TOut>()[..rows];
                int max = column.MaxDefinitionLevel;
                int row = 0;
                while (row < rows)
                {
                    (int l, int v) = Read(reader, row, scratch.AsSpan(0, Math.Min(scratch.Length, rows - row)));
                    ReadOnlySpan<TIn> source = scratch.AsSpan(0, v);
                    if (v == l)
                    {
                        for (int i = 0; i < v; i++)
                        {
                            if (!conversion.TryConvert(source[i], out target[row + i]))
                            {
                                throw column.ValueError(conversion.Describe(source[i]));
                            }
                        }
                    }
                    else
                    {
                        ReadOnlySpan<short> defined = levels.AsSpan(row, l);
                        int next = 0;
                        for (int i = 0; i < l; i++)
                        {
                            if (defined[i] != max)
                            {
                                target[row + i] = default;
                            }
                            else if (!conversion.TryConvert(source[next++], out target[row + i]))
                            {
                                throw column.ValueError(conversion.Describe(source[next - 1]));
                            }
                        }
                    }

                    row += l;
                }

                validity = Present() < rows ? Validity(pool) : null;
                return ColumnVector.FromBuffers(column.Type, rows, validity, values);
            }
            catch
            {
                values.Release();
                validity?.Release();
                throw;
            }
            finally
            {
                ArrayPool<TIn>.Shared.Return(scratch);
            }
        }

        /// <summary>
        /// Values decoded a batch at a time into a scratch array like <see cref="Convert"/>, but converted and written
        /// only for the survivor rows: a column of <c>count</c> rows.
        /// </summary>
        private ColumnVector Selected<TIn, TOut, TConversion>(ParquetChunk reader, TConversion conversion, BufferPool pool)
            where TIn : unmanaged
            where TOut : unmanaged
            where TConversion : struct, IParquetConversion<TIn, TOut>
        {
            TIn[] scratch = ArrayPool<TIn>.Shared.Rent(Math.Min(Math.Max(rows, 1), BatchValues));
            NativeBuffer values = pool.Rent(Math.Max(count, 1) * Unsafe.SizeOf<TOut>());
            NativeBuffer? validity = null;
            try
            {
                Span<TOut> target = values.As<TOut>()[..count];
                ReadOnlySpan<int> keep = survivors.AsSpan(0, count);
                int max = column.MaxDefinitionLevel;
                int row = 0;
                int k = 0;
                while (row < rows)
                {
                    (int l, int v) = Read(reader, row, scratch.AsSpan(0, Math.Min(scratch.Length, rows - row)));
                    ReadOnlySpan<TIn> source = scratch.AsSpan(0, v);
                    int end = row + l;
                    if (v == l)
                    {
                        for (; k < keep.Length && keep[k] < end; k++)
                        {
                            TIn value = source[keep[k] - row];
                            if (!conversion.TryConvert(value, out target[k]))
                            {
                                throw column.ValueError(conversion.Describe(value));
                            }
                        }
                    }
                    else
                    {
                        ReadOnlySpan<short> defined = levels.AsSpan(row, l);
                        int next = 0;
                        int at = 0;
                        for (; k < keep.Length && keep[k] < end; k++)
                        {
                            int survivor = keep[k] - row;
                            for (; at < survivor; at++)
                            {
                                next += defined[at] == max ? 1 : 0;
                            }

                            if (defined[survivor] != max)
                            {
                                target[k] = default;
                            }
                            else if (!conversion.TryConvert(source[next], out target[k]))
                            {
                                throw column.ValueError(conversion.Describe(source[next]));
                            }
                        }
                    }

                    row = end;
                }

                if (levels is not null)
                {
                    short present = (short)max;
                    int nulls = 0;
                    foreach (int survivor in keep)
                    {
                        nulls += levels[survivor] == present ? 0 : 1;
                    }

                    if (nulls > 0)
                    {
                        validity = pool.Rent(Bits.ByteCount(count), zeroed: true);
                        Span<ulong> words = validity.Words;
                        for (int i = 0; i < keep.Length; i++)
                        {
                            if (levels[keep[i]] == present)
                            {
                                Bits.Set(words, i);
                            }
                        }
                    }
                }

                return ColumnVector.FromBuffers(column.Type, count, validity, values);
            }
            catch
            {
                values.Release();
                validity?.Release();
                throw;
            }
            finally
            {
                ArrayPool<TIn>.Shared.Return(scratch);
            }
        }

        public ColumnVector Booleans(ParquetChunk reader, BufferPool pool)
        {
            bool[] scratch = ArrayPool<bool>.Shared.Rent(Math.Min(Math.Max(rows, 1), BatchValues));
            NativeBuffer bits = pool.Rent(Bits.ByteCount(rows), zeroed: true);
            NativeBuffer? validity = null;
            try
            {
                Span<ulong> words = bits.Words;
                int max = column.MaxDefinitionLevel;
                int row = 0;
                while (row < rows)
                {
                    (int l, int v) = Read(reader, row, scratch.AsSpan(0, Math.Min(scratch.Length, rows - row)));
                    int next = 0;
                    for (int i = 0; i < l; i++)
                    {
                        if ((v == l || levels![row + i] == max) && scratch[next++])
                        {
                            Bits.Set(words, row + i);
                        }
                    }

                    row += l;
                }

                validity = Present() < rows ? Validity(pool) : null;
                return ColumnVector.FromBuffers(SqlType.Boolean, rows, validity, bits);
            }
            catch
            {
                bits.Release();
                validity?.Release();
                throw;
            }
            finally
            {
                ArrayPool<bool>.Shared.Return(scratch);
            }
        }

        /// <summary>UTF-8 bytes copied straight into the offsets and data buffers of a VARCHAR column, a batch at a time.</summary>
        public unsafe ColumnVector Strings(ParquetChunk reader, BufferPool pool)
        {
            ByteArray[] scratch = ArrayPool<ByteArray>.Shared.Rent(Math.Min(Math.Max(rows, 1), BatchValues));
            NativeBuffer offsets = pool.Rent((rows + 1) * sizeof(int));
            NativeBuffer? data = pool.Rent(Math.Max(rows * 8, 64));
            NativeBuffer? validity = null;
            try
            {
                Span<int> offset = offsets.As<int>();
                int max = column.MaxDefinitionLevel;
                long position = 0;
                offset[0] = 0;
                int row = 0;
                while (row < rows)
                {
                    (int l, int v) = Read(reader, row, scratch.AsSpan(0, Math.Min(scratch.Length, rows - row)));
                    long bytes = 0;
                    for (int i = 0; i < v; i++)
                    {
                        bytes += scratch[i].Length;
                    }

                    if (position + bytes > data.Length)
                    {
                        if (position + bytes > int.MaxValue / 2)
                        {
                            throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' holds more than 1 GiB of text in one row group; one column holds at most 1 GiB.");
                        }

                        data = Grow(pool, data, (int)position, (int)Math.Min(int.MaxValue / 2, Math.Max(position + bytes, (long)data.Length * 2)));
                    }

                    // The data buffer holds position + bytes (grown above), so every copy below stays inside it.
                    byte* target = data.Pointer;
                    int end = (int)position;
                    if (v == l)
                    {
                        for (int i = 0; i < l; i++)
                        {
                            ByteArray value = scratch[i];
                            CopyValue((byte*)value.Pointer, target + end, value.Length);
                            end += value.Length;
                            offset[row + i + 1] = end;
                        }
                    }
                    else
                    {
                        int next = 0;
                        for (int i = 0; i < l; i++)
                        {
                            if (levels![row + i] == max)
                            {
                                ByteArray value = scratch[next++];
                                CopyValue((byte*)value.Pointer, target + end, value.Length);
                                end += value.Length;
                            }

                            offset[row + i + 1] = end;
                        }
                    }

                    position = end;

                    row += l;
                }

                validity = Present() < rows ? Validity(pool) : null;
                return ColumnVector.FromBuffers(SqlType.Varchar, rows, validity, offsets, data);
            }
            catch
            {
                offsets.Release();
                data?.Release();
                validity?.Release();
                throw;
            }
            finally
            {
                ArrayPool<ByteArray>.Shared.Return(scratch);
            }
        }

        /// <summary>The VARCHAR values tested where they lie in the reader's page buffers, a batch at a time.</summary>
        public unsafe void Narrow(ParquetChunk reader, ParquetUtf8Predicate predicate, Span<ulong> live)
        {
            ByteArray[] scratch = ArrayPool<ByteArray>.Shared.Rent(Math.Min(Math.Max(rows, 1), BatchValues));
            try
            {
                int max = column.MaxDefinitionLevel;
                bool nullMatches = predicate.MatchesNull;
                int row = 0;
                while (row < rows)
                {
                    (int l, int v) = Read(reader, row, scratch.AsSpan(0, Math.Min(scratch.Length, rows - row)));
                    if (v == l)
                    {
                        NarrowPresent(scratch, row, l, predicate, live);
                        row += l;
                        continue;
                    }

                    int next = 0;
                    for (int i = 0; i < l; i++)
                    {
                        int r = row + i;
                        bool present = v == l || levels![r] == max;
                        if (!present)
                        {
                            if (!nullMatches)
                            {
                                Bits.Clear(live, r);
                            }

                            continue;
                        }

                        ByteArray value = scratch[next++];
                        if (Bits.Get(live, r) && !predicate.Matches(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length)))
                        {
                            Bits.Clear(live, r);
                        }
                    }

                    row += l;
                }
            }
            finally
            {
                ArrayPool<ByteArray>.Shared.Return(scratch);
            }
        }

        /// <summary>Tests the live rows among <paramref name="count"/> rows from <paramref name="row"/> on, all present: value i is row + i.</summary>
        private static unsafe void NarrowPresent(ByteArray[] values, int row, int count, ParquetUtf8Predicate predicate, Span<ulong> live)
        {
            int end = row + count;
            for (int word = row >> 6; word << 6 < end; word++)
            {
                int start = word << 6;
                ulong candidates = live[word];
                if (start < row)
                {
                    candidates &= ulong.MaxValue << (row - start);
                }

                if (end - start < 64)
                {
                    candidates &= (1UL << (end - start)) - 1;
                }

                ulong failed = 0;
                while (candidates != 0)
                {
                    int bit = BitOperations.TrailingZeroCount(candidates);
                    candidates &= candidates - 1;
                    ByteArray value = values[start + bit - row];
                    if (!predicate.Matches(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length)))
                    {
                        failed |= 1UL << bit;
                    }
                }

                live[word] &= ~failed;
            }
        }

        /// <summary>Copies one string value; short ones (most keys and codes) as two overlapping word moves instead of a memmove call.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void CopyValue(byte* source, byte* destination, int length)
        {
            // Every load and store stays within [0, length) of its side: the pairs overlap rather than run past the value.
            if (length >= 8 && length <= 16)
            {
                Unsafe.WriteUnaligned(destination, Unsafe.ReadUnaligned<ulong>(source));
                Unsafe.WriteUnaligned(destination + length - 8, Unsafe.ReadUnaligned<ulong>(source + length - 8));
            }
            else if (length >= 4 && length < 8)
            {
                Unsafe.WriteUnaligned(destination, Unsafe.ReadUnaligned<uint>(source));
                Unsafe.WriteUnaligned(destination + length - 4, Unsafe.ReadUnaligned<uint>(source + length - 4));
            }
            else if (length < 4)
            {
                for (int i = 0; i < length; i++)
                {
                    destination[i] = source[i];
                }
            }
            else
            {
                Buffer.MemoryCopy(source, destination, length, length);
            }
        }

        /// <summary>Reads up to <paramref name="values"/>.Length levels from row <paramref name="row"/> on; (levels read, values read).</summary>
        private (int Levels, int Values) Read<T>(ParquetChunk reader, int row, Span<T> values)
            where T : unmanaged
        {
            if (!reader.HasNext)
            {
                throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' ends after {first + row} rows of its row group, before the rows its metadata counts.");
            }

            Span<short> defined = levels is null ? default : levels.AsSpan(row, values.Length);
            int read = reader.ReadBatch(defined, values, out int present);
            if (read <= 0)
            {
                throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' ends after {first + row} rows of its row group, before the rows its metadata counts.");
            }

            return (read, present);
        }

        private int Present() => levels is null ? rows : levels.AsSpan(0, rows).Count((short)column.MaxDefinitionLevel);

        private NativeBuffer Validity(BufferPool pool)
        {
            NativeBuffer validity = pool.Rent(Bits.ByteCount(rows), zeroed: true);
            Span<ulong> words = validity.Words;
            ReadOnlySpan<short> defined = levels.AsSpan(0, rows);
            short max = (short)column.MaxDefinitionLevel;
            for (int i = 0; i < defined.Length; i++)
            {
                if (defined[i] == max)
                {
                    Bits.Set(words, i);
                }
            }

            return validity;
        }

        private static NativeBuffer Grow(BufferPool pool, NativeBuffer data, int used, int length)
        {
            NativeBuffer grown = pool.Rent(length);
            try
            {
                data.Bytes[..used].CopyTo(grown.Bytes);
            }
            catch
            {
                grown.Release();
                throw;
            }

            data.Release();
            return grown;
        }
    }
}
