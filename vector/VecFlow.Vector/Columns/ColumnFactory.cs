using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Columns;

/// <summary>Builds columns from managed values (tests, literals, small inputs); kernels write buffers directly.</summary>
public static class ColumnFactory
{
    /// <summary>A fixed-width column; <paramref name="valid"/> null means no nulls.</summary>
    public static ColumnVector FromValues<T>(SqlType type, ReadOnlySpan<T> values, ReadOnlySpan<bool> valid, BufferPool pool)
        where T : unmanaged
    {
        if (type.FixedWidth != System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"{type} is stored as {type.FixedWidth}-byte values, not {typeof(T).Name}.");
        }

        int n = values.Length;
        NativeBuffer buffer = pool.Rent(n * type.FixedWidth);
        values.CopyTo(buffer.As<T>());
        return ColumnVector.FromBuffers(type, n, ValidityOf(valid, n, pool), buffer);
    }

    public static ColumnVector FromValues<T>(SqlType type, ReadOnlySpan<T> values, BufferPool pool)
        where T : unmanaged => FromValues(type, values, default, pool);

    /// <summary>A fixed-width column from nullable values.</summary>
    public static ColumnVector FromNullable<T>(SqlType type, IReadOnlyList<T?> values, BufferPool pool)
        where T : struct
    {
        var plain = new T[values.Count];
        bool[] valid = new bool[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            valid[i] = values[i].HasValue;
            plain[i] = values[i].GetValueOrDefault();
        }

        return FromUnmanaged(type, plain, valid, pool);
    }

    /// <summary>A BOOLEAN column from nullable values.</summary>
    public static ColumnVector FromBooleans(IReadOnlyList<bool?> values, BufferPool pool)
    {
        int n = values.Count;
        NativeBuffer bits = pool.Rent(Bits.ByteCount(n), zeroed: true);
        bool[] valid = new bool[n];
        for (int i = 0; i < n; i++)
        {
            valid[i] = values[i].HasValue;
            if (values[i] == true)
            {
                Bits.Set(bits.Words, i);
            }
        }

        return ColumnVector.FromBuffers(SqlType.Boolean, n, ValidityOf(valid, n, pool), bits);
    }

    /// <summary>A VARCHAR column; null entries are SQL NULL.</summary>
    public static ColumnVector FromStrings(IReadOnlyList<string?> values, BufferPool pool)
    {
        int n = values.Count;
        using var builder = new StringColumnBuilder(n, pool);
        foreach (string? value in values)
        {
            if (value is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(value);
            }
        }

        return builder.Build();
    }

    /// <summary>A column of <paramref name="length"/> copies of one value (a broadcast literal); null is SQL NULL.</summary>
    public static ColumnVector Constant(SqlType type, object? value, int length, BufferPool pool)
    {
        if (type.Kind == SqlTypeKind.Varchar)
        {
            return FromStrings(Enumerable.Repeat(value as string, length).ToList(), pool);
        }

        if (type.Kind == SqlTypeKind.Boolean)
        {
            return FromBooleans(Enumerable.Repeat(value as bool?, length).ToList(), pool);
        }

        return type.FixedWidth switch
        {
            1 => Repeat<sbyte>(type, value, length, pool),
            2 => Repeat<short>(type, value, length, pool),
            4 when type.Kind == SqlTypeKind.Float => Repeat<float>(type, value, length, pool),
            4 => Repeat<int>(type, value, length, pool),
            8 when type.Kind == SqlTypeKind.Double => Repeat<double>(type, value, length, pool),
            8 => Repeat<long>(type, value, length, pool),
            16 => Repeat<Int128>(type, value, length, pool),
            _ => throw new NotSupportedException($"No constant column of type {type}."),
        };
    }

    private static ColumnVector Repeat<T>(SqlType type, object? value, int length, BufferPool pool)
        where T : unmanaged
    {
        NativeBuffer buffer = pool.Rent(length * type.FixedWidth);
        NativeBuffer? validity = null;
        if (value is null)
        {
            buffer.As<T>().Clear();
            validity = pool.Rent(Bits.ByteCount(length), zeroed: true);
        }
        else
        {
            buffer.As<T>().Fill((T)value);
        }

        return ColumnVector.FromBuffers(type, length, validity, buffer);
    }

    private static ColumnVector FromUnmanaged<T>(SqlType type, T[] values, bool[] valid, BufferPool pool)
        where T : struct
    {
        int n = values.Length;
        int width = type.FixedWidth;
        NativeBuffer buffer = pool.Rent(n * width);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(buffer.Bytes);
        return ColumnVector.FromBuffers(type, n, ValidityOf(valid, n, pool), buffer);
    }

    private static NativeBuffer? ValidityOf(ReadOnlySpan<bool> valid, int n, BufferPool pool)
    {
        if (valid.IsEmpty)
        {
            return null;
        }

        if (valid.Length != n)
        {
            throw new ArgumentException($"Got {valid.Length} validity flags for {n} values.");
        }

        NativeBuffer bits = pool.Rent(Bits.ByteCount(n), zeroed: true);
        for (int i = 0; i < n; i++)
        {
            if (valid[i])
            {
                Bits.Set(bits.Words, i);
            }
        }

        return bits;
    }

    /// <summary>Reads a column back as managed values (tests and printing): null, bool, numbers, string, Int128.</summary>
    public static object?[] ToObjects(ColumnVector column)
    {
        var result = new object?[column.Length];
        for (int i = 0; i < column.Length; i++)
        {
            result[i] = column.IsNull(i) ? null : column.Type.Kind switch
            {
                SqlTypeKind.Boolean => Bits.Get(column.BooleanWords, i),
                SqlTypeKind.TinyInt => column.Values<sbyte>()[i],
                SqlTypeKind.SmallInt => column.Values<short>()[i],
                SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth => column.Values<int>()[i],
                SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime => column.Values<long>()[i],
                SqlTypeKind.Float => column.Values<float>()[i],
                SqlTypeKind.Double => column.Values<double>()[i],
                SqlTypeKind.Decimal => column.Values<Int128>()[i],
                SqlTypeKind.Varchar => Encoding.UTF8.GetString(column.StringAt(i)),
                _ => throw new NotSupportedException($"Cannot read {column.Type}."),
            };
        }

        return result;
    }
}
