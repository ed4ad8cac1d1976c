using ParquetSharp;
using VecFlow.Vector.Decimals;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>Turns one physical Parquet value into VecFlow's layout; false when it does not fit the table's type.</summary>
/// <remarks>Structs, so the decode loop is specialized and the conversion inlined per pair of types.</remarks>
internal interface IParquetConversion<TIn, TOut>
{
    bool TryConvert(TIn value, out TOut result);

    /// <summary>The value as an error message shows it (only on the error path).</summary>
    string Describe(TIn value) => value?.ToString() ?? string.Empty;
}

/// <summary>int32 / int64 into a narrower or wider integer layout, range checked.</summary>
internal readonly struct IntegerConversion :
    IParquetConversion<int, sbyte>,
    IParquetConversion<int, short>,
    IParquetConversion<int, long>,
    IParquetConversion<long, sbyte>,
    IParquetConversion<long, short>,
    IParquetConversion<long, int>
{
    public bool TryConvert(int value, out sbyte result)
    {
        result = (sbyte)value;
        return result == value;
    }

    public bool TryConvert(int value, out short result)
    {
        result = (short)value;
        return result == value;
    }

    public bool TryConvert(int value, out long result)
    {
        result = value;
        return true;
    }

    public bool TryConvert(long value, out sbyte result)
    {
        result = (sbyte)value;
        return result == value;
    }

    public bool TryConvert(long value, out short result)
    {
        result = (short)value;
        return result == value;
    }

    public bool TryConvert(long value, out int result)
    {
        result = (int)value;
        return result == value;
    }
}

/// <summary>FLOAT widened to DOUBLE.</summary>
internal readonly struct FloatWidening : IParquetConversion<float, double>
{
    public bool TryConvert(float value, out double result)
    {
        result = value;
        return true;
    }
}

/// <summary>A TIMESTAMP or TIME in finer units to milliseconds, rounding toward negative infinity (as Flink truncates to (3)).</summary>
internal readonly struct MillisConversion(long unitsPerMilli) : IParquetConversion<long, long>, IParquetConversion<long, int>
{
    public bool TryConvert(long value, out long result)
    {
        result = Math.DivRem(value, unitsPerMilli, out long remainder) - (remainder < 0 ? 1 : 0);
        return true;
    }

    public bool TryConvert(long value, out int result)
    {
        TryConvert(value, out long millis);
        result = (int)millis;
        return millis is >= int.MinValue and <= int.MaxValue;
    }
}

/// <summary>A fixed number of file units per millisecond, known when the decode loop is compiled.</summary>
internal interface IUnitsPerMilli
{
    static abstract long Value { get; }
}

/// <summary>TIMESTAMP(6) / TIME(6): the layout Spark, DuckDB and Arrow write.</summary>
internal readonly struct Micros : IUnitsPerMilli
{
    public static long Value => 1_000;
}

/// <summary>TIMESTAMP(9) / TIME(9).</summary>
internal readonly struct Nanos : IUnitsPerMilli
{
    public static long Value => 1_000_000;
}

/// <summary>Finer units to milliseconds, rounding toward negative infinity, by a divisor that compiles to a multiply.</summary>
/// <remarks>The loop is specialized per unit, so the division is by a constant: a runtime divisor costs tens of cycles per value.</remarks>
internal readonly struct ToMillis<TUnit> : IParquetConversion<long, long>, IParquetConversion<long, int>
    where TUnit : struct, IUnitsPerMilli
{
    public bool TryConvert(long value, out long result)
    {
        long quotient = value / TUnit.Value;
        result = quotient - ((quotient * TUnit.Value) > value ? 1 : 0);
        return true;
    }

    public bool TryConvert(long value, out int result)
    {
        TryConvert(value, out long millis);
        result = (int)millis;
        return millis is >= int.MinValue and <= int.MaxValue;
    }
}

/// <summary>A DECIMAL whose file scale and precision fit the table's: the unscaled int32 / int64 widens as it is.</summary>
internal readonly struct DecimalWidening : IParquetConversion<long, Int128>, IParquetConversion<int, Int128>
{
    public bool TryConvert(long value, out Int128 result)
    {
        result = value;
        return true;
    }

    public bool TryConvert(int value, out Int128 result)
    {
        result = value;
        return true;
    }
}

/// <summary>An INT96 timestamp (nanoseconds of the day, then the Julian day) to epoch milliseconds.</summary>
internal readonly struct Int96Conversion : IParquetConversion<Int96, long>
{
    /// <summary>The Julian day number of 1970-01-01.</summary>
    private const long EpochJulianDay = 2_440_588;

    public bool TryConvert(Int96 value, out long result)
    {
        long nanosOfDay = (long)(((ulong)(uint)value.B << 32) | (uint)value.A);
        result = ((value.C - EpochJulianDay) * 86_400_000L) + (nanosOfDay / 1_000_000);
        return true;
    }
}

/// <summary>An unscaled int32 / int64 DECIMAL (or an integer) into an Int128 at the table's scale and precision.</summary>
internal readonly struct DecimalConversion(int fromScale, int precision, int toScale, bool exact) : IParquetConversion<long, Int128>, IParquetConversion<int, Int128>
{
    /// <summary>True when the values need no rescaling (the decoder then widens them without this conversion).</summary>
    public bool Exact => exact;

    public bool TryConvert(long value, out Int128 result) => TryConvert((Int128)value, out result);

    public bool TryConvert(int value, out Int128 result) => TryConvert((Int128)value, out result);

    public bool TryConvert(Int128 value, out Int128 result)
    {
        if (exact)
        {
            // Same scale and the file's precision fits the table's: every value is already right.
            result = value;
            return true;
        }

        return DecimalMath.TryRescale(value, fromScale, precision, toScale, out result);
    }
}

/// <summary>A DECIMAL stored as big-endian two's complement bytes (FIXED_LEN_BYTE_ARRAY of <paramref name="fixedLength"/> bytes, or BYTE_ARRAY).</summary>
/// <remarks>The values point into the page the reader decoded last: converted before its next read.</remarks>
internal readonly unsafe struct DecimalBytesConversion(DecimalConversion rescale, int fixedLength) :
    IParquetConversion<FixedLenByteArray, Int128>,
    IParquetConversion<ByteArray, Int128>
{
    public bool TryConvert(FixedLenByteArray value, out Int128 result) => TryConvert(new ReadOnlySpan<byte>((void*)value.Pointer, fixedLength), out result);

    public bool TryConvert(ByteArray value, out Int128 result) => TryConvert(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length), out result);

    public string Describe(FixedLenByteArray value) => "0x" + System.Convert.ToHexString(new ReadOnlySpan<byte>((void*)value.Pointer, fixedLength));

    public string Describe(ByteArray value) => "0x" + System.Convert.ToHexString(new ReadOnlySpan<byte>((void*)value.Pointer, value.Length));

    public bool TryConvert(ReadOnlySpan<byte> value, out Int128 result)
    {
        if (!TryUnscaled(value, out Int128 unscaled))
        {
            result = default;
            return false;
        }

        return rescale.TryConvert(unscaled, out result);
    }

    public static bool TryUnscaled(ReadOnlySpan<byte> bytes, out Int128 value)
    {
        value = bytes.Length > 0 && (sbyte)bytes[0] < 0 ? Int128.NegativeOne : Int128.Zero;
        for (int i = 0; i < bytes.Length; i++)
        {
            // Leading bytes beyond 16 must be sign extension only.
            if (i < bytes.Length - 16)
            {
                if (bytes[i] != (byte)(value < 0 ? 0xFF : 0x00))
                {
                    return false;
                }

                continue;
            }

            value = (value << 8) | bytes[i];
        }

        return bytes.Length <= 16 || (value < 0) == ((sbyte)bytes[0] < 0);
    }
}

/// <summary>A value already in VecFlow's layout, copied as it is.</summary>
internal readonly struct Unchanged<T> : IParquetConversion<T, T>
{
    public bool TryConvert(T value, out T result)
    {
        result = value;
        return true;
    }
}
