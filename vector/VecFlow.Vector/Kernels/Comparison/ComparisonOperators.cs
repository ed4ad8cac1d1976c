using System.Numerics;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

// One operator struct per SQL comparison, for ComparisonDriver. Floating point follows IEEE 754: every ordering with
// NaN is false, NaN = NaN is false and NaN <> x is true; -0.0 = 0.0. Element types the vectors do not hold (Int128)
// report Vectorizable = false and take the scalar path.

/// <summary>x = y.</summary>
public readonly struct EqualOperator<T> : IComparisonOperator<T>
    where T : INumber<T>
{
    public static bool Vectorizable => Vector128<T>.IsSupported;

    public static bool Invoke(T x, T y) => x == y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.Equals(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Equals(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Equals(x, y);
}

/// <summary>x &lt;&gt; y (true when either side is NaN).</summary>
public readonly struct NotEqualOperator<T> : IComparisonOperator<T>
    where T : INumber<T>
{
    public static bool Vectorizable => Vector128<T>.IsSupported;

    public static bool Invoke(T x, T y) => x != y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => ~Vector128.Equals(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => ~Vector256.Equals(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => ~Vector512.Equals(x, y);
}

/// <summary>x &lt; y.</summary>
public readonly struct LessOperator<T> : IComparisonOperator<T>
    where T : INumber<T>
{
    public static bool Vectorizable => Vector128<T>.IsSupported;

    public static bool Invoke(T x, T y) => x < y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.LessThan(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.LessThan(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.LessThan(x, y);
}

/// <summary>x &lt;= y.</summary>
public readonly struct LessOrEqualOperator<T> : IComparisonOperator<T>
    where T : INumber<T>
{
    public static bool Vectorizable => Vector128<T>.IsSupported;

    public static bool Invoke(T x, T y) => x <= y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.LessThanOrEqual(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.LessThanOrEqual(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.LessThanOrEqual(x, y);
}

/// <summary>x &gt; y.</summary>
public readonly struct GreaterOperator<T> : IComparisonOperator<T>
    where T : INumber<T>
{
    public static bool Vectorizable => Vector128<T>.IsSupported;

    public static bool Invoke(T x, T y) => x > y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThan(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y);
}

/// <summary>x &gt;= y.</summary>
public readonly struct GreaterOrEqualOperator<T> : IComparisonOperator<T>
    where T : INumber<T>
{
    public static bool Vectorizable => Vector128<T>.IsSupported;

    public static bool Invoke(T x, T y) => x >= y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThanOrEqual(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThanOrEqual(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThanOrEqual(x, y);
}
