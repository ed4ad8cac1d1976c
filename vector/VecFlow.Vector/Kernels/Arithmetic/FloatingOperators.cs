using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>Fault tests shared by the FLOAT / DOUBLE operators.</summary>
/// <remarks>
/// SQL has no infinities for results of finite inputs: a finite op finite that rounds to +-Infinity is an overflow
/// error (as in DuckDB), and any division by zero is an error. NaN or infinite inputs (from data or CAST('NaN'))
/// propagate by IEEE rules without an error.
/// </remarks>
internal static class FloatingFaults
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Overflowed<T>(T x, T y, T r)
        where T : IFloatingPointIeee754<T> => !T.IsFinite(r) && T.IsFinite(x) && T.IsFinite(y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Overflowed<T>(Vector128<T> x, Vector128<T> y, Vector128<T> r)
        where T : IFloatingPointIeee754<T>
    {
        Vector128<T> infinity = Vector128.Create(T.PositiveInfinity);
        Vector128<T> finiteInputs = Vector128.LessThan(Vector128.Abs(x), infinity) & Vector128.LessThan(Vector128.Abs(y), infinity);
        return Vector128.AndNot(finiteInputs, Vector128.LessThan(Vector128.Abs(r), infinity));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Overflowed<T>(Vector256<T> x, Vector256<T> y, Vector256<T> r)
        where T : IFloatingPointIeee754<T>
    {
        Vector256<T> infinity = Vector256.Create(T.PositiveInfinity);
        Vector256<T> finiteInputs = Vector256.LessThan(Vector256.Abs(x), infinity) & Vector256.LessThan(Vector256.Abs(y), infinity);
        return Vector256.AndNot(finiteInputs, Vector256.LessThan(Vector256.Abs(r), infinity));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Overflowed<T>(Vector512<T> x, Vector512<T> y, Vector512<T> r)
        where T : IFloatingPointIeee754<T>
    {
        Vector512<T> infinity = Vector512.Create(T.PositiveInfinity);
        Vector512<T> finiteInputs = Vector512.LessThan(Vector512.Abs(x), infinity) & Vector512.LessThan(Vector512.Abs(y), infinity);
        return Vector512.AndNot(finiteInputs, Vector512.LessThan(Vector512.Abs(r), infinity));
    }
}

/// <summary>x + y on FLOAT / DOUBLE; a finite sum that overflows to infinity is a fault.</summary>
internal readonly struct FloatingAdd<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = x + y;
        return !FloatingFaults.Overflowed(x, y, result);
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        Vector128<T> r = x + y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        Vector256<T> r = x + y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector512<T> r = x + y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.FloatingOverflow(row, x, '+', y);
}

/// <summary>x - y on FLOAT / DOUBLE; a finite difference that overflows to infinity is a fault.</summary>
internal readonly struct FloatingSubtract<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = x - y;
        return !FloatingFaults.Overflowed(x, y, result);
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        Vector128<T> r = x - y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        Vector256<T> r = x - y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector512<T> r = x - y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.FloatingOverflow(row, x, '-', y);
}

/// <summary>x * y on FLOAT / DOUBLE; a finite product that overflows to infinity is a fault.</summary>
internal readonly struct FloatingMultiply<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = x * y;
        return !FloatingFaults.Overflowed(x, y, result);
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        Vector128<T> r = x * y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        Vector256<T> r = x * y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector512<T> r = x * y;
        fault = FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.FloatingOverflow(row, x, '*', y);
}

/// <summary>x / y on FLOAT / DOUBLE; division by zero (also 0 / 0) and overflow to infinity are faults.</summary>
internal readonly struct FloatingDivide<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = x / y;
        return y != T.Zero && !FloatingFaults.Overflowed(x, y, result);
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        Vector128<T> r = x / y;
        fault = Vector128.Equals(y, Vector128<T>.Zero) | FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        Vector256<T> r = x / y;
        fault = Vector256.Equals(y, Vector256<T>.Zero) | FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector512<T> r = x / y;
        fault = Vector512.Equals(y, Vector512<T>.Zero) | FloatingFaults.Overflowed(x, y, r);
        return r;
    }

    public static SqlRuntimeException Failure(int row, T x, T y) =>
        y == T.Zero ? ArithmeticErrors.DivisionByZero(row, x, '/', y) : ArithmeticErrors.FloatingOverflow(row, x, '/', y);
}

/// <summary>x % y on FLOAT / DOUBLE (IEEE fmod: the sign of x, as Java's %); y = 0 is a fault. Scalar.</summary>
internal readonly struct FloatingModulo<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => false;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = y == T.Zero ? T.Zero : x % y;
        return y != T.Zero;
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault) => throw new NotSupportedException();

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault) => throw new NotSupportedException();

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.DivisionByZero(row, x, '%', y);
}
