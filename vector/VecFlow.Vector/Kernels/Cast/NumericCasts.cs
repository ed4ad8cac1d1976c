using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>CASTs among BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE and DECIMAL.</summary>
/// <remarks>
/// Widening integer casts and casts to FLOAT/DOUBLE from integers are vectorized and cannot fail. Narrowing integer
/// casts check the range (CAST(300 AS TINYINT) is an error, not 44). FLOAT/DOUBLE -&gt; integer truncates toward zero
/// (Java/Flink), NaN, infinities and out-of-range values are errors. DOUBLE -&gt; FLOAT rounds to nearest; a finite
/// value beyond FLOAT's range is an error. FLOAT/DOUBLE -&gt; DECIMAL rounds the shortest round-trip decimal text HALF_UP
/// (Flink: <c>BigDecimal.valueOf</c>). DECIMAL -&gt; integer truncates toward zero, DECIMAL -&gt; DECIMAL rescales HALF_UP;
/// both check the target range. BOOLEAN -&gt; numeric gives 1 / 0; integer -&gt; BOOLEAN is TRUE for non-zero.
/// </remarks>
[SkipLocalsInit]
internal static class NumericCasts
{
    /// <summary>Writes the converted values of <paramref name="input"/> into <paramref name="values"/> (bits for BOOLEAN).</summary>
    public static void Cast(ColumnVector input, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live)
    {
        switch (input.Type.Kind)
        {
            case SqlTypeKind.TinyInt:
                FromInteger(input.Values<sbyte>(), target, values, live);
                break;
            case SqlTypeKind.SmallInt:
                FromInteger(input.Values<short>(), target, values, live);
                break;
            case SqlTypeKind.Int:
                FromInteger(input.Values<int>(), target, values, live);
                break;
            case SqlTypeKind.BigInt:
                FromInteger(input.Values<long>(), target, values, live);
                break;
            case SqlTypeKind.Float:
                FromFloating(input.Values<float>(), target, values, live);
                break;
            case SqlTypeKind.Double:
                FromFloating(input.Values<double>(), target, values, live);
                break;
            case SqlTypeKind.Decimal:
                FromDecimal(input.Values<Int128>(), input.Type, target, values, live);
                break;
            case SqlTypeKind.Boolean:
                FromBoolean(input.BooleanWords, input.Length, target, values, live);
                break;
            default:
                throw new NotSupportedException($"{input.Type} is not numeric.");
        }
    }

    private static void FromInteger<TIn>(ReadOnlySpan<TIn> x, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live)
        where TIn : unmanaged, IBinaryInteger<TIn>, IMinMaxValue<TIn>
    {
        int n = x.Length;
        switch (target.Kind)
        {
            case SqlTypeKind.TinyInt:
                IntegerTo(x, target, values.As<sbyte>()[..n], live);
                break;
            case SqlTypeKind.SmallInt:
                IntegerTo(x, target, values.As<short>()[..n], live);
                break;
            case SqlTypeKind.Int:
                IntegerTo(x, target, values.As<int>()[..n], live);
                break;
            case SqlTypeKind.BigInt:
                IntegerTo(x, target, values.As<long>()[..n], live);
                break;
            case SqlTypeKind.Float:
                NumericWidening.Convert(x, values.As<float>()[..n]);
                break;
            case SqlTypeKind.Double:
                NumericWidening.Convert(x, values.As<double>()[..n]);
                break;
            case SqlTypeKind.Decimal:
                ConversionLoop.Invoke<TIn, Int128, IntegerToDecimal<TIn>>(new(target), x, values.As<Int128>()[..n], live);
                break;
            case SqlTypeKind.Boolean:
                {
                    Span<ulong> bits = values.Words;
                    bits[..Bits.WordCount(n)].Clear();
                    for (int i = 0; i < n; i++)
                    {
                        if (x[i] != TIn.Zero)
                        {
                            Bits.Set(bits, i);
                        }
                    }

                    break;
                }

            default:
                throw new NotSupportedException($"No numeric cast to {target}.");
        }
    }

    private static void IntegerTo<TIn, TOut>(ReadOnlySpan<TIn> x, SqlType target, Span<TOut> destination, ReadOnlySpan<ulong> live)
        where TIn : unmanaged, IBinaryInteger<TIn>, IMinMaxValue<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        if (Unsafe.SizeOf<TOut>() >= Unsafe.SizeOf<TIn>())
        {
            NumericWidening.Convert(x, destination);
        }
        else
        {
            ConversionLoop.Invoke<TIn, TOut, IntegerNarrowing<TIn, TOut>>(new(target), x, destination, live);
        }
    }

    private static void FromFloating<TIn>(ReadOnlySpan<TIn> x, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live)
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
    {
        int n = x.Length;
        switch (target.Kind)
        {
            case SqlTypeKind.TinyInt:
                ConversionLoop.Invoke<TIn, sbyte, FloatingToInteger<TIn, sbyte>>(new(target), x, values.As<sbyte>()[..n], live);
                break;
            case SqlTypeKind.SmallInt:
                ConversionLoop.Invoke<TIn, short, FloatingToInteger<TIn, short>>(new(target), x, values.As<short>()[..n], live);
                break;
            case SqlTypeKind.Int:
                ConversionLoop.Invoke<TIn, int, FloatingToInteger<TIn, int>>(new(target), x, values.As<int>()[..n], live);
                break;
            case SqlTypeKind.BigInt:
                ConversionLoop.Invoke<TIn, long, FloatingToInteger<TIn, long>>(new(target), x, values.As<long>()[..n], live);
                break;
            case SqlTypeKind.Float:
                ConversionLoop.Invoke<TIn, float, FloatingToFloat<TIn>>(new(target), x, values.As<float>()[..n], live);
                break;
            case SqlTypeKind.Double:
                NumericWidening.Convert(x, values.As<double>()[..n]);
                break;
            case SqlTypeKind.Decimal:
                ConversionLoop.Invoke<TIn, Int128, FloatingToDecimal<TIn>>(new(target), x, values.As<Int128>()[..n], live);
                break;
            default:
                throw new NotSupportedException($"No cast from a floating-point type to {target}.");
        }
    }

    private static void FromDecimal(ReadOnlySpan<Int128> x, SqlType source, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live)
    {
        int n = x.Length;
        int scale = source.Scale;
        if (target.Kind == SqlTypeKind.Double && source.Precision <= 15)
        {
            NarrowDecimalToDouble(x, scale, values.As<double>()[..n]);
            return;
        }

        switch (target.Kind)
        {
            case SqlTypeKind.TinyInt:
                ConversionLoop.Invoke<Int128, sbyte, DecimalToInteger<sbyte>>(new(scale, target), x, values.As<sbyte>()[..n], live);
                break;
            case SqlTypeKind.SmallInt:
                ConversionLoop.Invoke<Int128, short, DecimalToInteger<short>>(new(scale, target), x, values.As<short>()[..n], live);
                break;
            case SqlTypeKind.Int:
                ConversionLoop.Invoke<Int128, int, DecimalToInteger<int>>(new(scale, target), x, values.As<int>()[..n], live);
                break;
            case SqlTypeKind.BigInt:
                ConversionLoop.Invoke<Int128, long, DecimalToInteger<long>>(new(scale, target), x, values.As<long>()[..n], live);
                break;
            case SqlTypeKind.Float:
                ConversionLoop.Invoke<Int128, float, DecimalToFloating<float>>(new(scale), x, values.As<float>()[..n], live);
                break;
            case SqlTypeKind.Double:
                ConversionLoop.Invoke<Int128, double, DecimalToFloating<double>>(new(scale), x, values.As<double>()[..n], live);
                break;
            case SqlTypeKind.Decimal:
                ConversionLoop.Invoke<Int128, Int128, DecimalToDecimal>(new(scale, target), x, values.As<Int128>()[..n], live);
                break;
            default:
                throw new NotSupportedException($"No cast from DECIMAL to {target}.");
        }
    }

    /// <summary>
    /// DECIMAL(p &lt;= 15, s) into DOUBLE for every row: |unscaled| &lt; 10^15 &lt; 2^53 and 10^s are exact doubles, so
    /// one IEEE division rounds correctly (DecimalMath.ToDouble's exact branch), with no per-row live test. Rows
    /// outside the live set (NULL or not selected) get whatever their slot holds converted, which is harmless.
    /// </summary>
    private static void NarrowDecimalToDouble(ReadOnlySpan<Int128> x, int scale, Span<double> output)
    {
        double divisor = 1;
        for (int k = 0; k < scale; k++)
        {
            divisor *= 10;
        }

        ReadOnlySpan<long> halves = MemoryMarshal.Cast<Int128, long>(x);
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = halves[2 * i] / divisor;
        }
    }

    private static void FromBoolean(ReadOnlySpan<ulong> bits, int n, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live)
    {
        switch (target.Kind)
        {
            case SqlTypeKind.TinyInt:
                BooleanTo<sbyte>(bits, values.As<sbyte>()[..n]);
                break;
            case SqlTypeKind.SmallInt:
                BooleanTo<short>(bits, values.As<short>()[..n]);
                break;
            case SqlTypeKind.Int:
                BooleanTo<int>(bits, values.As<int>()[..n]);
                break;
            case SqlTypeKind.BigInt:
                BooleanTo<long>(bits, values.As<long>()[..n]);
                break;
            case SqlTypeKind.Float:
                BooleanTo<float>(bits, values.As<float>()[..n]);
                break;
            case SqlTypeKind.Double:
                BooleanTo<double>(bits, values.As<double>()[..n]);
                break;
            case SqlTypeKind.Decimal:
                {
                    Span<Int128> destination = values.As<Int128>()[..n];
                    Int128 one = DecimalMath.Pow10(target.Scale);
                    bool oneFits = DecimalMath.FitsPrecision(one, target.Precision);
                    for (int i = 0; i < n; i++)
                    {
                        bool value = Bits.Get(bits, i);
                        if (value && !oneFits && KernelMasks.IsLive(live, i))
                        {
                            throw CastErrors.OutOfRange(i, "TRUE (1)", target);
                        }

                        destination[i] = value && oneFits ? one : Int128.Zero;
                    }

                    break;
                }

            default:
                throw new NotSupportedException($"No cast from BOOLEAN to {target}.");
        }
    }

    private static void BooleanTo<T>(ReadOnlySpan<ulong> bits, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Bits.Get(bits, i) ? T.One : T.Zero;
        }
    }

    internal static string Text<T>(T value)
        where T : IFormattable => value switch
        {
            double d => SqlTextFormatter.DoubleText(d),
            float f => SqlTextFormatter.FloatText(f),
            _ => value.ToString(null, CultureInfo.InvariantCulture),
        };
}

/// <summary>An integer into a narrower integer type; values outside the target range fail.</summary>
internal readonly struct IntegerNarrowing<TIn, TOut>(SqlType target) : IValueConversion<TIn, TOut>
    where TIn : IBinaryInteger<TIn>
    where TOut : IBinaryInteger<TOut>, IMinMaxValue<TOut>
{
    public bool TryConvert(TIn value, out TOut result)
    {
        long v = long.CreateTruncating(value);
        bool ok = v >= long.CreateTruncating(TOut.MinValue) && v <= long.CreateTruncating(TOut.MaxValue);
        result = ok ? TOut.CreateTruncating(value) : TOut.Zero;
        return ok;
    }

    public SqlRuntimeException Failure(int row, TIn value) => CastErrors.OutOfRange(row, NumericCasts.Text(value), target);
}

/// <summary>An integer into DECIMAL(p, s): value * 10^s, which must have at most p digits.</summary>
internal readonly struct IntegerToDecimal<TIn>(SqlType target) : IValueConversion<TIn, Int128>
    where TIn : IBinaryInteger<TIn>
{
    public bool TryConvert(TIn value, out Int128 result) =>
        DecimalMath.TryRescale(Int128.CreateTruncating(value), 0, target.Precision, target.Scale, out result);

    public SqlRuntimeException Failure(int row, TIn value) => CastErrors.OutOfRange(row, NumericCasts.Text(value), target);
}

/// <summary>FLOAT/DOUBLE into an integer type, truncating toward zero; NaN, infinities and out-of-range values fail.</summary>
internal readonly struct FloatingToInteger<TIn, TOut>(SqlType target) : IValueConversion<TIn, TOut>
    where TIn : IFloatingPointIeee754<TIn>
    where TOut : IBinaryInteger<TOut>, IMinMaxValue<TOut>
{
    public bool TryConvert(TIn value, out TOut result)
    {
        double truncated = Math.Truncate(double.CreateTruncating(value));

        // -MIN_VALUE is a power of two, so both bounds are exact doubles; NaN fails both comparisons.
        double min = double.CreateTruncating(TOut.MinValue);
        bool ok = truncated >= min && truncated < -min;
        result = ok ? TOut.CreateTruncating(truncated) : TOut.Zero;
        return ok;
    }

    public SqlRuntimeException Failure(int row, TIn value) =>
        TIn.IsNaN(value) || TIn.IsInfinity(value)
            ? CastErrors.Failure(row, NumericCasts.Text(value), target, $"only finite numbers convert to {CastErrors.Name(target)}")
            : CastErrors.OutOfRange(row, NumericCasts.Text(value), target);
}

/// <summary>FLOAT/DOUBLE into FLOAT, rounding to nearest; a finite value that overflows FLOAT fails.</summary>
internal readonly struct FloatingToFloat<TIn>(SqlType target) : IValueConversion<TIn, float>
    where TIn : IFloatingPointIeee754<TIn>
{
    public bool TryConvert(TIn value, out float result)
    {
        result = float.CreateTruncating(value);
        return float.IsFinite(result) || !TIn.IsFinite(value);
    }

    public SqlRuntimeException Failure(int row, TIn value) => CastErrors.OutOfRange(row, NumericCasts.Text(value), target);
}

/// <summary>FLOAT/DOUBLE into DECIMAL(p, s): the shortest round-trip decimal text of the value, rounded HALF_UP.</summary>
internal readonly struct FloatingToDecimal<TIn>(SqlType target) : IValueConversion<TIn, Int128>
    where TIn : IFloatingPointIeee754<TIn>
{
    public bool TryConvert(TIn value, out Int128 result)
    {
        if (typeof(TIn) == typeof(float))
        {
            // FLOAT's own shortest digits: CAST(CAST(0.1 AS FLOAT) AS DECIMAL(10, 9)) is 0.100000000, not 0.100000001.
            Span<byte> text = stackalloc byte[32];
            if (!TIn.IsFinite(value) || !value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture))
            {
                result = default;
                return false;
            }

            return DecimalMath.TryParse(text[..written], target.Precision, target.Scale, out result) == DecimalParseStatus.Ok;
        }

        return DecimalMath.TryFromDouble(double.CreateTruncating(value), target.Precision, target.Scale, out result) == DecimalParseStatus.Ok;
    }

    public SqlRuntimeException Failure(int row, TIn value) =>
        TIn.IsFinite(value)
            ? CastErrors.OutOfRange(row, NumericCasts.Text(value), target)
            : CastErrors.Failure(row, NumericCasts.Text(value), target, "only finite numbers convert to DECIMAL");
}

/// <summary>DECIMAL into an integer type, truncating the fraction toward zero; values outside the target range fail.</summary>
internal readonly struct DecimalToInteger<TOut>(int scale, SqlType target) : IValueConversion<Int128, TOut>
    where TOut : IBinaryInteger<TOut>, IMinMaxValue<TOut>
{
    public bool TryConvert(Int128 value, out TOut result)
    {
        Int128 truncated = value / DecimalMath.Pow10(scale);
        bool ok = truncated >= Int128.CreateTruncating(TOut.MinValue) && truncated <= Int128.CreateTruncating(TOut.MaxValue);
        result = ok ? TOut.CreateTruncating(truncated) : TOut.Zero;
        return ok;
    }

    public SqlRuntimeException Failure(int row, Int128 value) => CastErrors.OutOfRange(row, DecimalMath.Format(value, scale), target);
}

/// <summary>DECIMAL into FLOAT/DOUBLE, to the nearest value; cannot fail.</summary>
internal readonly struct DecimalToFloating<TOut>(int scale) : IValueConversion<Int128, TOut>
    where TOut : IFloatingPointIeee754<TOut>
{
    public bool TryConvert(Int128 value, out TOut result)
    {
        result = TOut.CreateTruncating(DecimalMath.ToDouble(value, scale));
        return true;
    }

    public SqlRuntimeException Failure(int row, Int128 value) => throw new InvalidOperationException("DECIMAL to floating point cannot fail.");
}

/// <summary>DECIMAL(p1, s1) into DECIMAL(p2, s2), rescaled HALF_UP; values that need more than p2 digits fail.</summary>
internal readonly struct DecimalToDecimal(int scale, SqlType target) : IValueConversion<Int128, Int128>
{
    public bool TryConvert(Int128 value, out Int128 result) =>
        DecimalMath.TryRescale(value, scale, target.Precision, target.Scale, out result);

    public SqlRuntimeException Failure(int row, Int128 value) => CastErrors.OutOfRange(row, DecimalMath.Format(value, scale), target);
}
