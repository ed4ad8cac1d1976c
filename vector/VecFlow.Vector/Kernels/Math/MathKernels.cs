using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>ABS, SIGN, FLOOR, CEIL, ROUND, TRUNCATE, SQRT, LN, LOG10, LOG2, EXP, POWER and LOG on numeric columns.</summary>
/// <remarks>
/// NULL rows stay NULL. Errors count only on live, non-NULL rows: ABS of the smallest integer and a rounded value that
/// no longer fits the result type are overflows; a DOUBLE function outside its domain (SQRT of a negative, LN of zero)
/// is an invalid argument and a result beyond the DOUBLE range an overflow. Java (and so Flink) would return NaN or
/// infinity there; SQL has neither, so VecFlow reports the row. NaN and infinite inputs pass through unchanged.
/// </remarks>
[SkipLocalsInit]
public static class MathKernels
{
    /// <summary>|x| in the type of <paramref name="x"/>.</summary>
    public static ColumnVector Abs(ColumnVector x, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Unary(x, x.Type, live, pool, static (input, output, mask) =>
        {
            switch (input.Type.Kind)
            {
                case SqlTypeKind.TinyInt:
                    AbsInteger<sbyte>(input, output, mask);
                    break;
                case SqlTypeKind.SmallInt:
                    AbsInteger<short>(input, output, mask);
                    break;
                case SqlTypeKind.Int:
                    AbsInteger<int>(input, output, mask);
                    break;
                case SqlTypeKind.BigInt:
                    AbsInteger<long>(input, output, mask);
                    break;
                case SqlTypeKind.Float:
                    UnaryDriver.Invoke<float, float, AbsOperator<float>>(input.Values<float>(), output.As<float>()[..input.Length]);
                    break;
                case SqlTypeKind.Double:
                    UnaryDriver.Invoke<double, double, AbsOperator<double>>(input.Values<double>(), output.As<double>()[..input.Length]);
                    break;
                default:
                    // DECIMAL precision is symmetric around zero: |x| always fits.
                    ReadOnlySpan<Int128> values = input.Values<Int128>();
                    Span<Int128> result = output.As<Int128>();
                    for (int i = 0; i < values.Length; i++)
                    {
                        result[i] = Int128.Abs(values[i]);
                    }

                    break;
            }
        });
    }

    /// <summary>-1, 0 or 1 by the sign of x, in <paramref name="resultType"/> (the input type; DECIMAL(p, s) widened to hold 1).</summary>
    public static ColumnVector Sign(ColumnVector x, SqlType resultType, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(resultType);
        return Unary(x, resultType, default, pool, (input, output, mask) =>
        {
            int n = input.Length;
            switch (input.Type.Kind)
            {
                case SqlTypeKind.TinyInt:
                    UnaryDriver.Invoke<sbyte, sbyte, SignOperator<sbyte>>(input.Values<sbyte>(), output.As<sbyte>()[..n]);
                    break;
                case SqlTypeKind.SmallInt:
                    UnaryDriver.Invoke<short, short, SignOperator<short>>(input.Values<short>(), output.As<short>()[..n]);
                    break;
                case SqlTypeKind.Int:
                    UnaryDriver.Invoke<int, int, SignOperator<int>>(input.Values<int>(), output.As<int>()[..n]);
                    break;
                case SqlTypeKind.BigInt:
                    UnaryDriver.Invoke<long, long, SignOperator<long>>(input.Values<long>(), output.As<long>()[..n]);
                    break;
                case SqlTypeKind.Float:
                    UnaryDriver.Invoke<float, float, SignOperator<float>>(input.Values<float>(), output.As<float>()[..n]);
                    break;
                case SqlTypeKind.Double:
                    UnaryDriver.Invoke<double, double, SignOperator<double>>(input.Values<double>(), output.As<double>()[..n]);
                    break;
                default:
                    Int128 one = DecimalMath.Pow10(resultType.Scale);
                    ReadOnlySpan<Int128> values = input.Values<Int128>();
                    Span<Int128> result = output.As<Int128>();
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = Int128.Sign(values[i]) * one;
                    }

                    break;
            }
        });
    }

    /// <summary>
    /// x rounded to <paramref name="digits"/> places after the point (negative: before it) by <paramref name="mode"/>,
    /// in <paramref name="resultType"/>: the input type for integers and floating point, the DECIMAL the caller derived
    /// for decimals (see <c>MathSignatures</c>). A result that does not fit is an overflow on live rows.
    /// </summary>
    public static ColumnVector Round(ColumnVector x, int digits, RoundingMode mode, SqlType resultType, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(resultType);
        return Unary(x, resultType, live, pool, (input, output, mask) =>
        {
            int n = input.Length;
            switch (input.Type.Kind)
            {
                case SqlTypeKind.TinyInt:
                    RoundInteger<sbyte>(input, digits, mode, output, mask);
                    break;
                case SqlTypeKind.SmallInt:
                    RoundInteger<short>(input, digits, mode, output, mask);
                    break;
                case SqlTypeKind.Int:
                    RoundInteger<int>(input, digits, mode, output, mask);
                    break;
                case SqlTypeKind.BigInt:
                    RoundInteger<long>(input, digits, mode, output, mask);
                    break;
                case SqlTypeKind.Float or SqlTypeKind.Double when digits == 0 && mode is RoundingMode.Floor or RoundingMode.Ceiling:
                    if (input.Type.Kind == SqlTypeKind.Float)
                    {
                        FloorOrCeiling<float>(input, mode, output);
                    }
                    else
                    {
                        FloorOrCeiling<double>(input, mode, output);
                    }

                    break;
                case SqlTypeKind.Float:
                    {
                        ReadOnlySpan<float> values = input.Values<float>();
                        Span<float> result = output.As<float>();
                        for (int i = 0; i < n; i++)
                        {
                            result[i] = (float)ExactRounding.Round(values[i], digits, mode);
                        }
                    }

                    break;
                case SqlTypeKind.Double:
                    {
                        ReadOnlySpan<double> values = input.Values<double>();
                        Span<double> result = output.As<double>();
                        for (int i = 0; i < n; i++)
                        {
                            result[i] = ExactRounding.Round(values[i], digits, mode);
                        }
                    }

                    break;
                default:
                    {
                        ReadOnlySpan<Int128> values = input.Values<Int128>();
                        Span<Int128> result = output.As<Int128>();
                        int scale = input.Type.Scale;
                        for (int i = 0; i < n; i++)
                        {
                            result[i] = ExactRounding.Round(values[i], scale, digits, resultType.Scale, mode);
                        }

                        for (int i = 0; i < n; i++)
                        {
                            if (!DecimalMath.FitsPrecision(result[i], resultType.Precision) && KernelMasks.IsLive(mask, i))
                            {
                                throw new SqlRuntimeException(
                                    SqlErrorKind.ArithmeticOverflow,
                                    i,
                                    $"{resultType.WithNullable(true)} overflow: rounding {DecimalMath.Format(values[i], scale)} to {digits} digits does not fit");
                            }
                        }
                    }

                    break;
            }
        });
    }

    /// <summary>A one-argument DOUBLE function; see the remarks of <see cref="MathKernels"/> for the errors.</summary>
    public static ColumnVector Apply(ColumnVector x, DoubleFunction function, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireDouble(x.Type, function.ToString().ToUpperInvariant());
        return Unary(x, x.Type, live, pool, (input, output, mask) =>
        {
            ReadOnlySpan<double> values = input.Values<double>();
            Span<double> result = output.As<double>()[..input.Length];
            switch (function)
            {
                case DoubleFunction.Sqrt:
                    UnaryDriver.Invoke<double, double, SqrtOperator>(values, result);
                    break;
                case DoubleFunction.Ln:
                    UnaryDriver.Invoke<double, double, LnOperator>(values, result);
                    break;
                case DoubleFunction.Log10:
                    UnaryDriver.Invoke<double, double, Log10Operator>(values, result);
                    break;
                case DoubleFunction.Log2:
                    UnaryDriver.Invoke<double, double, Log2Operator>(values, result);
                    break;
                default:
                    UnaryDriver.Invoke<double, double, ExpOperator>(values, result);
                    break;
            }

            string valid = function switch
            {
                DoubleFunction.Sqrt => "x >= 0",
                DoubleFunction.Exp => "x <= 709.78",
                _ => "x > 0",
            };
            CheckFinite(values, values, result, mask, function.ToString().ToUpperInvariant(), valid, unary: true);
        });
    }

    /// <summary>POWER(x, y) on DOUBLE columns.</summary>
    public static ColumnVector Power(ColumnVector x, ColumnVector y, ReadOnlySpan<ulong> live, BufferPool pool) =>
        Binary<PowerOperator>(x, y, live, pool, "POWER", "a finite real power (no negative base with a fractional exponent, no 0 to a negative power)");

    /// <summary>LOG(base, x) on DOUBLE columns: base &gt; 0 and not 1, x &gt; 0.</summary>
    public static ColumnVector Log(ColumnVector logBase, ColumnVector x, ReadOnlySpan<ulong> live, BufferPool pool) =>
        Binary<LogBaseOperator>(logBase, x, live, pool, "LOG", "base > 0 and base <> 1, x > 0");

    private static ColumnVector Binary<TOp>(ColumnVector x, ColumnVector y, ReadOnlySpan<ulong> live, BufferPool pool, string name, string valid)
        where TOp : IBinaryOperator<double>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(pool);
        RequireDouble(x.Type, name);
        RequireDouble(y.Type, name);
        int n = x.Length;
        if (y.Length != n)
        {
            throw new ArgumentException($"The operands of {name} have {n} and {y.Length} rows.");
        }

        KernelMasks.CheckLive(live, n);
        NativeBuffer? validity = KernelMasks.CombinedValidity(x, y, n, pool);
        NativeBuffer values = pool.Rent(n * sizeof(double));
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, n, scratch);
            Span<double> result = values.As<double>()[..n];
            BinaryDriver.Invoke<double, TOp>(x.Values<double>(), y.Values<double>(), result);
            if (typeof(TOp) == typeof(LogBaseOperator))
            {
                CheckLogDomain(x.Values<double>(), y.Values<double>(), mask, valid);
            }

            CheckFinite(x.Values<double>(), y.Values<double>(), result, mask, name, valid, unary: false);
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Double.WithNullable(x.Type.Nullable || y.Type.Nullable), n, validity, values);
    }

    private delegate void UnaryBody(ColumnVector input, NativeBuffer output, ReadOnlySpan<ulong> mask);

    /// <summary>Rents the result (same validity as the input), runs <paramref name="body"/> with the rows that must not fail.</summary>
    private static ColumnVector Unary(ColumnVector x, SqlType resultType, ReadOnlySpan<ulong> live, BufferPool pool, UnaryBody body)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (!x.Type.IsNumeric)
        {
            throw new ArgumentException($"Expected a numeric column, got {x.Type}.");
        }

        int n = x.Length;
        KernelMasks.CheckLive(live, n);
        NativeBuffer? validity = KernelMasks.CombinedValidity(x, null, n, pool);
        NativeBuffer values = pool.Rent(n * resultType.FixedWidth);
        try
        {
            using var scratch = new ScratchBuffers(pool);
            body(x, values, KernelMasks.LiveAndValid(live, validity, n, scratch));
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(resultType.WithNullable(x.Type.Nullable), n, validity, values);
    }

    private static void AbsInteger<T>(ColumnVector input, NativeBuffer output, ReadOnlySpan<ulong> mask)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ReadOnlySpan<T> values = input.Values<T>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == T.MinValue && KernelMasks.IsLive(mask, i))
            {
                throw new SqlRuntimeException(
                    SqlErrorKind.ArithmeticOverflow,
                    i,
                    $"{input.Type.WithNullable(true)} overflow: ABS({values[i]}) is outside the range {T.MinValue}..{T.MaxValue}");
            }
        }

        // The smallest value (on a dead or NULL row) wraps to itself, which nobody reads.
        UnaryDriver.Invoke<T, T, AbsOperator<T>>(values, output.As<T>()[..values.Length]);
    }

    private static void RoundInteger<T>(ColumnVector input, int digits, RoundingMode mode, NativeBuffer output, ReadOnlySpan<ulong> mask)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ReadOnlySpan<T> values = input.Values<T>();
        Span<T> result = output.As<T>()[..values.Length];
        if (digits >= 0)
        {
            values.CopyTo(result);
            return;
        }

        Int128 min = Int128.CreateTruncating(T.MinValue);
        Int128 max = Int128.CreateTruncating(T.MaxValue);
        for (int i = 0; i < values.Length; i++)
        {
            Int128 rounded = ExactRounding.Round(Int128.CreateTruncating(values[i]), 0, digits, 0, mode);
            if (rounded < min || rounded > max)
            {
                if (KernelMasks.IsLive(mask, i))
                {
                    throw new SqlRuntimeException(
                        SqlErrorKind.ArithmeticOverflow,
                        i,
                        $"{input.Type.WithNullable(true)} overflow: rounding {values[i]} to {digits} digits gives {rounded}, outside the range {T.MinValue}..{T.MaxValue}");
                }

                rounded = 0;
            }

            result[i] = T.CreateTruncating(rounded);
        }
    }

    private static void FloorOrCeiling<T>(ColumnVector input, RoundingMode mode, NativeBuffer output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> values = input.Values<T>();
        Span<T> result = output.As<T>()[..values.Length];
        if (mode == RoundingMode.Floor)
        {
            UnaryDriver.Invoke<T, T, FloorOperator<T>>(values, result);
        }
        else
        {
            UnaryDriver.Invoke<T, T, CeilingOperator<T>>(values, result);
        }
    }

    private static void CheckFinite(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> result, ReadOnlySpan<ulong> mask, string name, string valid, bool unary)
    {
        for (int i = 0; i < result.Length; i++)
        {
            if (double.IsFinite(result[i]) || !double.IsFinite(x[i]) || !double.IsFinite(y[i]) || !KernelMasks.IsLive(mask, i))
            {
                continue;
            }

            string arguments = unary ? SqlTextFormatter.DoubleText(x[i]) : $"{SqlTextFormatter.DoubleText(x[i])}, {SqlTextFormatter.DoubleText(y[i])}";
            bool overflow = double.IsInfinity(result[i]) && !(name is "LN" or "LOG10" or "LOG2" or "LOG" && (x[i] == 0 || y[i] == 0 || x[i] == 1));
            throw overflow
                ? new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, i, $"DOUBLE overflow: {name}({arguments}) is outside the finite DOUBLE range")
                : new SqlRuntimeException(SqlErrorKind.InvalidArgument, i, $"{name}({arguments}) is not defined; valid: {valid}");
        }
    }

    private static void CheckLogDomain(ReadOnlySpan<double> logBase, ReadOnlySpan<double> x, ReadOnlySpan<ulong> mask, string valid)
    {
        for (int i = 0; i < x.Length; i++)
        {
            // A base of 0 or below 0, or 1, has no logarithm even where the division happens to give a finite number.
            if ((logBase[i] <= 0 || logBase[i] == 1 || x[i] <= 0) && KernelMasks.IsLive(mask, i))
            {
                throw new SqlRuntimeException(
                    SqlErrorKind.InvalidArgument,
                    i,
                    $"LOG({SqlTextFormatter.DoubleText(logBase[i])}, {SqlTextFormatter.DoubleText(x[i])}) is not defined; valid: {valid}");
            }
        }
    }

    private static void RequireDouble(SqlType type, string name)
    {
        if (type.Kind != SqlTypeKind.Double)
        {
            throw new ArgumentException($"{name} takes DOUBLE columns, got {type}.");
        }
    }

    /// <summary>True when row <paramref name="i"/> of a column without a validity bitmap, or with its bit set, holds a value.</summary>
    internal static bool IsValid(ReadOnlySpan<ulong> validity, int i) => validity.IsEmpty || Bits.Get(validity, i);
}
