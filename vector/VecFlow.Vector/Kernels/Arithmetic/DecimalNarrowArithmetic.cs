using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>
/// DECIMAL + - * whose operand types prove the exact result has at most 18 digits: computed on the low 64 bits of the
/// unscaled values with no per-row checks.
/// </summary>
/// <remarks>
/// A DECIMAL(p, s) value is below 10^p in magnitude, so x * y is below 10^(p1 + p2) and x + y (at the common scale)
/// below 10^(max(p1 - s1, p2 - s2) + s + 1). When that bound is at most 10^18 and the result type is the unadjusted one
/// (its scale is the exact scale, so nothing is rounded, and its precision holds the bound), the result is exact, fits
/// a long and cannot overflow: the general loop's checks could never fail. Rows that are NULL or not live compute
/// don't-care values from whatever their slots hold, without raising anything.
/// </remarks>
[SkipLocalsInit]
internal static class DecimalNarrowArithmetic
{
    private const int MaxLongDigits = 18;

    /// <summary>Computes the operation when the types allow it; false (nothing written) when the general loop must run.</summary>
    public static bool TryRun(ArithmeticOp op, SqlType left, SqlType right, SqlType result, ReadOnlySpan<Int128> x, ReadOnlySpan<Int128> y, bool yScalar, Span<Int128> destination)
    {
        if (result.Kind != SqlTypeKind.Decimal)
        {
            return false;
        }

        (int p1, int s1) = DecimalTypeRules.Parameters(left);
        (int p2, int s2) = DecimalTypeRules.Parameters(right);
        int n = destination.Length;
        if (x.Length < n || (!yScalar && y.Length < n) || (yScalar && y.IsEmpty))
        {
            return false;
        }

        switch (op)
        {
            case ArithmeticOp.Multiply:
                {
                    int digits = p1 + p2;
                    if (digits > MaxLongDigits || result.Scale != s1 + s2 || result.Precision < digits)
                    {
                        return false;
                    }

                    Multiply(Low(x, n), y, yScalar, destination);
                    return true;
                }

            case ArithmeticOp.Add:
            case ArithmeticOp.Subtract:
                {
                    int scale = Math.Max(s1, s2);
                    int digits = Math.Max(p1 - s1, p2 - s2) + scale + 1;
                    if (digits > MaxLongDigits || result.Scale != scale || result.Precision < digits)
                    {
                        return false;
                    }

                    long xFactor = (long)DecimalMath.Pow10(scale - s1);
                    long yFactor = (long)DecimalMath.Pow10(scale - s2);
                    if (op == ArithmeticOp.Subtract)
                    {
                        yFactor = -yFactor;
                    }

                    AddScaled(Low(x, n), xFactor, y, yScalar, yFactor, destination);
                    return true;
                }

            default:
                return false;
        }
    }

    /// <summary>Every other long of the Int128 span: the low halves, which hold the whole value when it fits a long.</summary>
    private static ReadOnlySpan<long> Low(ReadOnlySpan<Int128> values, int n) => MemoryMarshal.Cast<Int128, long>(values[..n]);

    private static void Multiply(ReadOnlySpan<long> x, ReadOnlySpan<Int128> y, bool yScalar, Span<Int128> destination)
    {
        Span<long> d = MemoryMarshal.Cast<Int128, long>(destination);
        int n = destination.Length;
        if (yScalar)
        {
            long c = (long)y[0];
            for (int i = 0; i < n; i++)
            {
                long v = x[2 * i] * c;
                d[2 * i] = v;
                d[(2 * i) + 1] = v >> 63;
            }

            return;
        }

        ReadOnlySpan<long> yl = Low(y, n);
        for (int i = 0; i < n; i++)
        {
            long v = x[2 * i] * yl[2 * i];
            d[2 * i] = v;
            d[(2 * i) + 1] = v >> 63;
        }
    }

    private static void AddScaled(ReadOnlySpan<long> x, long xFactor, ReadOnlySpan<Int128> y, bool yScalar, long yFactor, Span<Int128> destination)
    {
        Span<long> d = MemoryMarshal.Cast<Int128, long>(destination);
        int n = destination.Length;
        if (yScalar)
        {
            long c = (long)y[0] * yFactor;
            for (int i = 0; i < n; i++)
            {
                long v = (x[2 * i] * xFactor) + c;
                d[2 * i] = v;
                d[(2 * i) + 1] = v >> 63;
            }

            return;
        }

        ReadOnlySpan<long> yl = Low(y, n);
        for (int i = 0; i < n; i++)
        {
            long v = (x[2 * i] * xFactor) + (yl[2 * i] * yFactor);
            d[2 * i] = v;
            d[(2 * i) + 1] = v >> 63;
        }
    }
}
