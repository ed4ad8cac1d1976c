using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Conversions that cannot fail: an integer to a wider integer, anything to DOUBLE, small integers to FLOAT.</summary>
/// <remarks>
/// Integer widening and INT/SMALLINT/TINYINT/FLOAT -&gt; DOUBLE are exact. BIGINT -&gt; DOUBLE and INT -&gt; FLOAT round to
/// nearest, which is the SQL meaning of those conversions. Vectorized through <see cref="WideningDriver"/> (narrower
/// input) or <see cref="UnaryDriver"/> (same width).
/// </remarks>
internal static class NumericWidening
{
    /// <summary>Converts every value of a numeric (or integer-backed temporal) column into <typeparamref name="TOut"/>.</summary>
    public static void Convert<TOut>(ColumnVector source, Span<TOut> destination)
        where TOut : unmanaged, INumberBase<TOut>
    {
        switch (source.Type.Kind)
        {
            case SqlTypeKind.TinyInt:
                Convert(source.Values<sbyte>(), destination);
                break;
            case SqlTypeKind.SmallInt:
                Convert(source.Values<short>(), destination);
                break;
            case SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth:
                Convert(source.Values<int>(), destination);
                break;
            case SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime:
                Convert(source.Values<long>(), destination);
                break;
            case SqlTypeKind.Float:
                Convert(source.Values<float>(), destination);
                break;
            case SqlTypeKind.Double:
                Convert(source.Values<double>(), destination);
                break;
            case SqlTypeKind.Decimal when typeof(TOut) == typeof(double) || typeof(TOut) == typeof(float):
                {
                    ReadOnlySpan<Int128> values = source.Values<Int128>();
                    int scale = source.Type.Scale;
                    for (int i = 0; i < destination.Length; i++)
                    {
                        destination[i] = TOut.CreateTruncating(DecimalMath.ToDouble(values[i], scale));
                    }

                    break;
                }

            default:
                throw new NotSupportedException($"No widening conversion from {source.Type} to {typeof(TOut).Name}.");
        }
    }

    /// <summary>destination[i] = source[i] converted; <typeparamref name="TOut"/> is at least as wide as <typeparamref name="TIn"/>.</summary>
    public static void Convert<TIn, TOut>(ReadOnlySpan<TIn> source, Span<TOut> destination)
        where TIn : unmanaged, INumberBase<TIn>
        where TOut : unmanaged, INumberBase<TOut>
    {
        int n = destination.Length;
        if (typeof(TIn) == typeof(TOut))
        {
            MemoryMarshal.Cast<TIn, TOut>(source[..n]).CopyTo(destination);
        }
        else if (Unsafe.SizeOf<TIn>() == Unsafe.SizeOf<TOut>())
        {
            UnaryDriver.Invoke<TIn, TOut, SameWidthConversion<TIn, TOut>>(source, destination);
        }
        else
        {
            WideningDriver.Invoke<TIn, TOut, Widening<TIn, TOut>>(source, destination);
        }
    }
}

/// <summary>INT -&gt; FLOAT and BIGINT -&gt; DOUBLE lane by lane (rounding to nearest); other equal-width pairs are scalar.</summary>
internal readonly struct SameWidthConversion<TIn, TOut> : IUnaryOperator<TIn, TOut>
    where TIn : unmanaged, INumberBase<TIn>
    where TOut : unmanaged, INumberBase<TOut>
{
    public static bool Vectorizable =>
        (typeof(TIn) == typeof(int) && typeof(TOut) == typeof(float)) || (typeof(TIn) == typeof(long) && typeof(TOut) == typeof(double));

    public static TOut Invoke(TIn x) => TOut.CreateTruncating(x);

    public static Vector128<TOut> Invoke(Vector128<TIn> x) => typeof(TOut) == typeof(float)
        ? Vector128.ConvertToSingle(x.As<TIn, int>()).As<float, TOut>()
        : Vector128.ConvertToDouble(x.As<TIn, long>()).As<double, TOut>();

    public static Vector256<TOut> Invoke(Vector256<TIn> x) => typeof(TOut) == typeof(float)
        ? Vector256.ConvertToSingle(x.As<TIn, int>()).As<float, TOut>()
        : Vector256.ConvertToDouble(x.As<TIn, long>()).As<double, TOut>();

    public static Vector512<TOut> Invoke(Vector512<TIn> x) => typeof(TOut) == typeof(float)
        ? Vector512.ConvertToSingle(x.As<TIn, int>()).As<float, TOut>()
        : Vector512.ConvertToDouble(x.As<TIn, long>()).As<double, TOut>();
}

/// <summary>Widens TINYINT/SMALLINT/INT lanes to a wider integer, to FLOAT (from TINYINT/SMALLINT) or to DOUBLE, and FLOAT to DOUBLE.</summary>
/// <remarks>Each vector step loads exactly as many inputs as it produces outputs (8, 4 or 16 bytes), so it never reads past the input.</remarks>
internal readonly struct Widening<TIn, TOut> : IWideningOperator<TIn, TOut>
    where TIn : unmanaged, INumberBase<TIn>
    where TOut : unmanaged, INumberBase<TOut>
{
    public static bool Vectorizable =>
        (typeof(TOut) == typeof(short) && typeof(TIn) == typeof(sbyte))
        || ((typeof(TOut) == typeof(int) || typeof(TOut) == typeof(float)) && IsSmallInteger)
        || (typeof(TOut) == typeof(long) && (IsSmallInteger || typeof(TIn) == typeof(int)))
        || (typeof(TOut) == typeof(double) && (IsSmallInteger || typeof(TIn) == typeof(int) || typeof(TIn) == typeof(float)));

    private static bool IsSmallInteger => typeof(TIn) == typeof(sbyte) || typeof(TIn) == typeof(short);

    public static TOut Invoke(TIn x) => TOut.CreateTruncating(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<TOut> Invoke(ref TIn source)
    {
        if (typeof(TOut) == typeof(short))
        {
            return Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<TIn, sbyte>(ref source)).ToVector256Unsafe()).As<short, TOut>();
        }

        if (typeof(TOut) == typeof(int))
        {
            return EightInts(ref source).As<int, TOut>();
        }

        if (typeof(TOut) == typeof(float))
        {
            return Vector256.ConvertToSingle(EightInts(ref source)).As<float, TOut>();
        }

        if (typeof(TOut) == typeof(long))
        {
            return Vector256.WidenLower(FourInts(ref source).ToVector256Unsafe()).As<long, TOut>();
        }

        if (typeof(TIn) == typeof(float))
        {
            return Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<TIn, float>(ref source)).ToVector256Unsafe()).As<double, TOut>();
        }

        Vector128<int> ints = FourInts(ref source);
        return Avx.IsSupported
            ? Avx.ConvertToVector256Double(ints).As<double, TOut>()
            : Vector256.ConvertToDouble(Vector256.WidenLower(ints.ToVector256Unsafe())).As<double, TOut>();
    }

    /// <summary>Eight TINYINT or SMALLINT inputs as INT lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> EightInts(ref TIn source)
    {
        Vector128<short> shorts = typeof(TIn) == typeof(sbyte)
            ? Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<TIn, byte>(ref source))).AsSByte())
            : Vector128.LoadUnsafe(ref Unsafe.As<TIn, short>(ref source));
        return Vector256.WidenLower(shorts.ToVector256Unsafe());
    }

    /// <summary>Four TINYINT, SMALLINT or INT inputs as INT lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> FourInts(ref TIn source)
    {
        if (typeof(TIn) == typeof(sbyte))
        {
            Vector128<sbyte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<int>(ref Unsafe.As<TIn, byte>(ref source))).AsSByte();
            return Vector128.WidenLower(Vector128.WidenLower(bytes));
        }

        if (typeof(TIn) == typeof(short))
        {
            Vector128<short> shorts = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<TIn, byte>(ref source))).AsInt16();
            return Vector128.WidenLower(shorts);
        }

        return Vector128.LoadUnsafe(ref Unsafe.As<TIn, int>(ref source));
    }
}
