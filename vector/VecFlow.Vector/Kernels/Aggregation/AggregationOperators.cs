using System.Numerics;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels.Aggregation;

/// <summary>Wrapping sum; used where overflow cannot happen (floating point, widened narrow integers, chunk sums).</summary>
public readonly struct SumOperator<T> : IAggregationOperator<T>
    where T : INumberBase<T>
{
    public static bool Vectorizable => true;

    public static T Identity => T.Zero;

    public static T Invoke(T x, T y) => x + y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;

    public static T Invoke(Vector128<T> x) => Vector128.Sum(x);

    public static T Invoke(Vector256<T> x) => Vector256.Sum(x);

    public static T Invoke(Vector512<T> x) => Vector512.Sum(x);
}

/// <summary>MIN of integer-backed values (integers, dates, times, timestamps, intervals, decimals as Int128).</summary>
public readonly struct IntegerMinOperator<T> : IAggregationOperator<T>
    where T : IBinaryInteger<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => true;

    public static T Identity => T.MaxValue;

    public static T Invoke(T x, T y) => y < x ? y : x;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);

    public static T Invoke(Vector128<T> x) => Fold(x.ToVector256Unsafe(), Vector128<T>.Count);

    public static T Invoke(Vector256<T> x) => Fold(x, Vector256<T>.Count);

    public static T Invoke(Vector512<T> x) => Invoke(Vector256.Min(x.GetLower(), x.GetUpper()));

    private static T Fold(Vector256<T> x, int lanes)
    {
        T result = Identity;
        for (int i = 0; i < lanes; i++)
        {
            result = Invoke(result, x[i]);
        }

        return result;
    }
}

/// <summary>MAX of integer-backed values.</summary>
public readonly struct IntegerMaxOperator<T> : IAggregationOperator<T>
    where T : IBinaryInteger<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => true;

    public static T Identity => T.MinValue;

    public static T Invoke(T x, T y) => y > x ? y : x;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    public static T Invoke(Vector128<T> x) => Fold(x.ToVector256Unsafe(), Vector128<T>.Count);

    public static T Invoke(Vector256<T> x) => Fold(x, Vector256<T>.Count);

    public static T Invoke(Vector512<T> x) => Invoke(Vector256.Max(x.GetLower(), x.GetUpper()));

    private static T Fold(Vector256<T> x, int lanes)
    {
        T result = Identity;
        for (int i = 0; i < lanes; i++)
        {
            result = Invoke(result, x[i]);
        }

        return result;
    }
}

/// <summary>MIN of FLOAT/DOUBLE in SQL's total order: NaN is the largest value, -0.0 equals 0.0.</summary>
/// <remarks>The identity is NaN (the largest value), so a column of NaNs has MIN NaN and any number beats it.</remarks>
public readonly struct FloatingMinOperator<T> : IAggregationOperator<T>
    where T : IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Identity => T.NaN;

    // Take y when it is smaller, or when x is NaN (anything is at most NaN).
    public static T Invoke(T x, T y) => y < x || T.IsNaN(x) ? y : x;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) =>
        Vector128.ConditionalSelect(Vector128.LessThan(y, x) | ~Vector128.Equals(x, x), y, x);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) =>
        Vector256.ConditionalSelect(Vector256.LessThan(y, x) | ~Vector256.Equals(x, x), y, x);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) =>
        Vector512.ConditionalSelect(Vector512.LessThan(y, x) | ~Vector512.Equals(x, x), y, x);

    public static T Invoke(Vector128<T> x) => Fold(x.ToVector256Unsafe(), Vector128<T>.Count);

    public static T Invoke(Vector256<T> x) => Fold(x, Vector256<T>.Count);

    public static T Invoke(Vector512<T> x) => Invoke(Invoke(x.GetLower(), x.GetUpper()));

    private static T Fold(Vector256<T> x, int lanes)
    {
        T result = Identity;
        for (int i = 0; i < lanes; i++)
        {
            result = Invoke(result, x[i]);
        }

        return result;
    }
}

/// <summary>MAX of FLOAT/DOUBLE in SQL's total order: NaN is the largest value, -0.0 equals 0.0.</summary>
public readonly struct FloatingMaxOperator<T> : IAggregationOperator<T>
    where T : IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Identity => T.NegativeInfinity;

    // Take y when it is larger, or when y is NaN (NaN beats everything).
    public static T Invoke(T x, T y) => y > x || T.IsNaN(y) ? y : x;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(y, x) | ~Vector128.Equals(y, y), y, x);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, x) | ~Vector256.Equals(y, y), y, x);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, x) | ~Vector512.Equals(y, y), y, x);

    public static T Invoke(Vector128<T> x) => Fold(x.ToVector256Unsafe(), Vector128<T>.Count);

    public static T Invoke(Vector256<T> x) => Fold(x, Vector256<T>.Count);

    public static T Invoke(Vector512<T> x) => Invoke(Invoke(x.GetLower(), x.GetUpper()));

    private static T Fold(Vector256<T> x, int lanes)
    {
        T result = Identity;
        for (int i = 0; i < lanes; i++)
        {
            result = Invoke(result, x[i]);
        }

        return result;
    }
}
