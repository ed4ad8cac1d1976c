using System.Numerics;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>|x|; the caller has already rejected the smallest integer, whose absolute value does not fit.</summary>
internal readonly struct AbsOperator<T> : IUnaryOperator<T, T>
    where T : INumber<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => T.Abs(x);

    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Abs(x);

    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Abs(x);

    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Abs(x);
}

/// <summary>-1, 0 or 1 by the sign of x; NaN and -0.0 come back unchanged, as Java's Math.signum.</summary>
internal readonly struct SignOperator<T> : IUnaryOperator<T, T>
    where T : ISignedNumber<T>, IComparisonOperators<T, T, bool>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? T.NegativeOne : x;

    public static Vector128<T> Invoke(Vector128<T> x) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), Vector128<T>.One, Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), Vector128.Create(T.NegativeOne), x));

    public static Vector256<T> Invoke(Vector256<T> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One, Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), Vector256.Create(T.NegativeOne), x));

    public static Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One, Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), Vector512.Create(T.NegativeOne), x));
}

/// <summary>The largest whole number not above x.</summary>
internal readonly struct FloorOperator<T> : IUnaryOperator<T, T>
    where T : IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => T.Floor(x);

    public static Vector128<T> Invoke(Vector128<T> x) => typeof(T) == typeof(double) ? Vector128.Floor(x.AsDouble()).As<double, T>() : Vector128.Floor(x.AsSingle()).As<float, T>();

    public static Vector256<T> Invoke(Vector256<T> x) => typeof(T) == typeof(double) ? Vector256.Floor(x.AsDouble()).As<double, T>() : Vector256.Floor(x.AsSingle()).As<float, T>();

    public static Vector512<T> Invoke(Vector512<T> x) => typeof(T) == typeof(double) ? Vector512.Floor(x.AsDouble()).As<double, T>() : Vector512.Floor(x.AsSingle()).As<float, T>();
}

/// <summary>The smallest whole number not below x.</summary>
internal readonly struct CeilingOperator<T> : IUnaryOperator<T, T>
    where T : IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => T.Ceiling(x);

    public static Vector128<T> Invoke(Vector128<T> x) => typeof(T) == typeof(double) ? Vector128.Ceiling(x.AsDouble()).As<double, T>() : Vector128.Ceiling(x.AsSingle()).As<float, T>();

    public static Vector256<T> Invoke(Vector256<T> x) => typeof(T) == typeof(double) ? Vector256.Ceiling(x.AsDouble()).As<double, T>() : Vector256.Ceiling(x.AsSingle()).As<float, T>();

    public static Vector512<T> Invoke(Vector512<T> x) => typeof(T) == typeof(double) ? Vector512.Ceiling(x.AsDouble()).As<double, T>() : Vector512.Ceiling(x.AsSingle()).As<float, T>();
}

/// <summary>Square root; IEEE-exact in hardware, so the vector lanes equal Math.Sqrt.</summary>
internal readonly struct SqrtOperator : IUnaryOperator<double, double>
{
    public static bool Vectorizable => true;

    public static double Invoke(double x) => Math.Sqrt(x);

    public static Vector128<double> Invoke(Vector128<double> x) => Vector128.Sqrt(x);

    public static Vector256<double> Invoke(Vector256<double> x) => Vector256.Sqrt(x);

    public static Vector512<double> Invoke(Vector512<double> x) => Vector512.Sqrt(x);
}

/// <summary>Natural logarithm; scalar so results match Java's Math.log bit for bit where the platform libm does.</summary>
internal readonly struct LnOperator : IUnaryOperator<double, double>
{
    public static bool Vectorizable => false;

    public static double Invoke(double x) => Math.Log(x);

    public static Vector128<double> Invoke(Vector128<double> x) => throw new NotSupportedException();

    public static Vector256<double> Invoke(Vector256<double> x) => throw new NotSupportedException();

    public static Vector512<double> Invoke(Vector512<double> x) => throw new NotSupportedException();
}

/// <summary>Base-10 logarithm.</summary>
internal readonly struct Log10Operator : IUnaryOperator<double, double>
{
    public static bool Vectorizable => false;

    public static double Invoke(double x) => Math.Log10(x);

    public static Vector128<double> Invoke(Vector128<double> x) => throw new NotSupportedException();

    public static Vector256<double> Invoke(Vector256<double> x) => throw new NotSupportedException();

    public static Vector512<double> Invoke(Vector512<double> x) => throw new NotSupportedException();
}

/// <summary>Base-2 logarithm.</summary>
internal readonly struct Log2Operator : IUnaryOperator<double, double>
{
    public static bool Vectorizable => false;

    public static double Invoke(double x) => Math.Log2(x);

    public static Vector128<double> Invoke(Vector128<double> x) => throw new NotSupportedException();

    public static Vector256<double> Invoke(Vector256<double> x) => throw new NotSupportedException();

    public static Vector512<double> Invoke(Vector512<double> x) => throw new NotSupportedException();
}

/// <summary>e to the power x.</summary>
internal readonly struct ExpOperator : IUnaryOperator<double, double>
{
    public static bool Vectorizable => false;

    public static double Invoke(double x) => Math.Exp(x);

    public static Vector128<double> Invoke(Vector128<double> x) => throw new NotSupportedException();

    public static Vector256<double> Invoke(Vector256<double> x) => throw new NotSupportedException();

    public static Vector512<double> Invoke(Vector512<double> x) => throw new NotSupportedException();
}

/// <summary>x to the power y.</summary>
internal readonly struct PowerOperator : IBinaryOperator<double>
{
    public static bool Vectorizable => false;

    public static double Invoke(double x, double y) => Math.Pow(x, y);

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => throw new NotSupportedException();

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => throw new NotSupportedException();

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => throw new NotSupportedException();
}

/// <summary>The logarithm of y to base x (LOG(base, x) reads base first).</summary>
internal readonly struct LogBaseOperator : IBinaryOperator<double>
{
    public static bool Vectorizable => false;

    public static double Invoke(double x, double y) => Math.Log(y) / Math.Log(x);

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => throw new NotSupportedException();

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => throw new NotSupportedException();

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => throw new NotSupportedException();
}
