using System.Buffers;
using global::Parquet;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;
using ParquetType = global::Parquet.Meta.Type;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>Decodes one column chunk of a row group into a pooled column, with no object per value.</summary>
/// <remarks>
/// Parquet.Net returns the present values densely and the definition levels apart. Values already in VecFlow's
/// layout (INT, BIGINT, DOUBLE, DATE, TIMESTAMP in millis, ...) are decoded straight into the column's buffer and
/// spread out in place when there are NULLs; the others are decoded into a pooled scratch array and converted while
/// they are spread.
/// </remarks>
internal static class ParquetColumnDecoder
{
    public static ColumnVector Decode(ParquetRowGroupReader group, ParquetColumn column, int rows, BufferPool pool)
    {
        int[]? levels = column.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(Math.Max(rows, 1)) : null;
        try
        {
            var reader = new ChunkReader(group, column, rows, levels);
            SqlType type = column.Type;
            return (type.Kind, column.Physical) switch
            {
                (SqlTypeKind.Boolean, _) => reader.Booleans(pool),
                (SqlTypeKind.TinyInt, ParquetType.INT32) => reader.Convert<int, sbyte, IntegerConversion>(default, pool),
                (SqlTypeKind.TinyInt, _) => reader.Convert<long, sbyte, IntegerConversion>(default, pool),
                (SqlTypeKind.SmallInt, ParquetType.INT32) => reader.Convert<int, short, IntegerConversion>(default, pool),
                (SqlTypeKind.SmallInt, _) => reader.Convert<long, short, IntegerConversion>(default, pool),
                (SqlTypeKind.Int or SqlTypeKind.Date, ParquetType.INT32) => reader.Direct<int>(pool),
                (SqlTypeKind.Int, _) => reader.Convert<long, int, IntegerConversion>(default, pool),
                (SqlTypeKind.BigInt, ParquetType.INT32) => reader.Convert<int, long, IntegerConversion>(default, pool),
                (SqlTypeKind.BigInt, _) => reader.Direct<long>(pool),
                (SqlTypeKind.Float, _) => reader.Direct<float>(pool),
                (SqlTypeKind.Double, ParquetType.FLOAT) => reader.Convert<float, double, FloatWidening>(default, pool),
                (SqlTypeKind.Double, _) => reader.Direct<double>(pool),
                (SqlTypeKind.Decimal, ParquetType.INT32) => reader.Convert<int, Int128, DecimalConversion>(DecimalOf(column), pool),
                (SqlTypeKind.Decimal, ParquetType.INT64) => reader.Convert<long, Int128, DecimalConversion>(DecimalOf(column), pool),
                (SqlTypeKind.Decimal, _) => reader.Convert<ReadOnlyMemory<byte>, Int128, DecimalBytesConversion>(new DecimalBytesConversion(DecimalOf(column)), pool),
                (SqlTypeKind.Varchar, _) => reader.Strings(pool),
                (SqlTypeKind.Time, ParquetType.INT32) => reader.Direct<int>(pool),
                (SqlTypeKind.Time, _) => reader.Convert<long, int, MillisConversion>(new MillisConversion(column.UnitsPerMilli), pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, ParquetType.INT96) => reader.Convert<DateTime, long, DateTimeConversion>(default, pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, _) when column.UnitsPerMilli == 1 => reader.Direct<long>(pool),
                (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, _) => reader.Convert<long, long, MillisConversion>(new MillisConversion(column.UnitsPerMilli), pool),
                _ => throw column.Mismatch("no conversion"),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or NotSupportedException or IOException)
        {
            throw column.Mismatch(e.Message);
        }
        finally
        {
            if (levels is not null)
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }

    /// <summary>The conversion of a DECIMAL column's unscaled values; exact (a copy) when the file's scale and precision fit the table's.</summary>
    public static DecimalConversion DecimalOf(ParquetColumn column) =>
        new(column.FileScale, column.Type.Precision, column.Type.Scale, column.FileScale == column.Type.Scale && column.FilePrecision <= column.Type.Precision);

    /// <summary>Reads the values and definition levels of one chunk and lays them out as a column.</summary>
    private readonly struct ChunkReader(ParquetRowGroupReader group, ParquetColumn column, int rows, int[]? levels)
    {
        private Memory<int>? Levels => levels is null ? null : levels.AsMemory(0, rows);

        /// <summary>Values stored exactly as VecFlow stores them: decoded into the column buffer, spread in place around NULLs.</summary>
        public ColumnVector Direct<T>(BufferPool pool)
            where T : unmanaged
        {
            NativeBuffer values = pool.Rent(rows * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            NativeBuffer? validity = null;
            try
            {
                group.ReadRawAsync(column.RawField, new PooledMemory<T>(values, rows).Memory, Levels, null).AsTask().GetAwaiter().GetResult();
                Span<T> span = values.As<T>()[..rows];
                int present = Present();
                if (present < rows)
                {
                    validity = Validity(pool);
                    ReadOnlySpan<int> defined = levels.AsSpan(0, rows);
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

        /// <summary>Values that need converting: decoded into a scratch array, converted while spread around NULLs.</summary>
        public ColumnVector Convert<TIn, TOut, TConversion>(TConversion conversion, BufferPool pool)
            where TIn : struct
            where TOut : unmanaged
            where TConversion : struct, IParquetConversion<TIn, TOut>
        {
            TIn[] scratch = ArrayPool<TIn>.Shared.Rent(Math.Max(rows, 1));
            NativeBuffer values = pool.Rent(rows * System.Runtime.CompilerServices.Unsafe.SizeOf<TOut>());
            NativeBuffer? validity = null;
            try
            {
                group.ReadRawAsync(column.RawField, scratch.AsMemory(0, rows), Levels, null).AsTask().GetAwaiter().GetResult();
                Span<TOut> target = values.As<TOut>()[..rows];
                int present = Present();
                if (present == rows)
                {
                    ReadOnlySpan<TIn> source = scratch.AsSpan(0, rows);
                    for (int i = 0; i < source.Length; i++)
                    {
                        if (!conversion.TryConvert(source[i], out target[i]))
                        {
                            throw column.ValueError(source[i].ToString() ?? string.Empty);
                        }
                    }
                }
                else
                {
                    validity = Validity(pool);
                    ReadOnlySpan<int> defined = levels.AsSpan(0, rows);
                    int max = column.MaxDefinitionLevel;
                    int next = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        if (defined[i] != max)
                        {
                            target[i] = default;
                        }
                        else if (!conversion.TryConvert(scratch[next++], out target[i]))
                        {
                            throw column.ValueError(scratch[next - 1].ToString() ?? string.Empty);
                        }
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
            finally
            {
                // Byte slices point into Parquet.Net's page buffers; do not keep them alive.
                ArrayPool<TIn>.Shared.Return(scratch, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TIn>());
            }
        }

        public ColumnVector Booleans(BufferPool pool)
        {
            bool[] scratch = ArrayPool<bool>.Shared.Rent(Math.Max(rows, 1));
            NativeBuffer bits = pool.Rent(Bits.ByteCount(rows), zeroed: true);
            NativeBuffer? validity = null;
            try
            {
                group.ReadRawAsync(column.RawField, scratch.AsMemory(0, rows), Levels, null).AsTask().GetAwaiter().GetResult();
                int present = Present();
                Span<ulong> words = bits.Words;
                if (present == rows)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        if (scratch[i])
                        {
                            Bits.Set(words, i);
                        }
                    }
                }
                else
                {
                    validity = Validity(pool);
                    ReadOnlySpan<int> defined = levels.AsSpan(0, rows);
                    int next = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        if (defined[i] == column.MaxDefinitionLevel && scratch[next++])
                        {
                            Bits.Set(words, i);
                        }
                    }
                }

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

        /// <summary>UTF-8 byte slices copied straight into the offsets and data buffers of a VARCHAR column.</summary>
        public ColumnVector Strings(BufferPool pool)
        {
            ReadOnlyMemory<byte>[] scratch = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(Math.Max(rows, 1));
            NativeBuffer offsets = pool.Rent((rows + 1) * sizeof(int));
            NativeBuffer? data = null;
            NativeBuffer? validity = null;
            try
            {
                group.ReadRawAsync(column.RawField, scratch.AsMemory(0, rows), Levels, null).AsTask().GetAwaiter().GetResult();
                int present = Present();
                long total = 0;
                for (int i = 0; i < present; i++)
                {
                    total += scratch[i].Length;
                }

                if (total > int.MaxValue / 2)
                {
                    throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' holds {total} bytes of text in one row group; one column holds at most 1 GiB.");
                }

                data = pool.Rent((int)total);
                Span<int> offset = offsets.As<int>();
                Span<byte> bytes = data.Bytes;
                int position = 0;
                offset[0] = 0;
                if (present == rows)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        ReadOnlySpan<byte> value = scratch[i].Span;
                        value.CopyTo(bytes[position..]);
                        position += value.Length;
                        offset[i + 1] = position;
                    }
                }
                else
                {
                    validity = Validity(pool);
                    ReadOnlySpan<int> defined = levels.AsSpan(0, rows);
                    int next = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        if (defined[i] == column.MaxDefinitionLevel)
                        {
                            ReadOnlySpan<byte> value = scratch[next++].Span;
                            value.CopyTo(bytes[position..]);
                            position += value.Length;
                        }

                        offset[i + 1] = position;
                    }
                }

                NativeBuffer text = data;
                data = null;
                return ColumnVector.FromBuffers(SqlType.Varchar, rows, validity, offsets, text);
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
                ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(scratch, clearArray: true);
            }
        }

        private int Present() => levels is null ? rows : levels.AsSpan(0, rows).Count(column.MaxDefinitionLevel);

        private NativeBuffer Validity(BufferPool pool)
        {
            NativeBuffer validity = pool.Rent(Bits.ByteCount(rows), zeroed: true);
            Span<ulong> words = validity.Words;
            ReadOnlySpan<int> defined = levels.AsSpan(0, rows);
            int max = column.MaxDefinitionLevel;
            for (int i = 0; i < defined.Length; i++)
            {
                if (defined[i] == max)
                {
                    Bits.Set(words, i);
                }
            }

            return validity;
        }
    }
}
