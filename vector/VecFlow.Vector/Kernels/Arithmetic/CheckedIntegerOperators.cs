using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>x + y on a signed integer type; overflow is a fault, never a wrap-around.</summary>
/// <remarks>The wrapped sum overflowed exactly when both operands have the sign the sum lacks: ((x ^ r) &amp; (y ^ r)) &lt; 0.</remarks>
internal readonly struct CheckedAdd<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = x + y;
        return ((x ^ result) & (y ^ result)) >= T.Zero;
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        Vector128<T> r = x + y;
        fault = Vector128.LessThan((x ^ r) & (y ^ r), Vector128<T>.Zero);
        return r;
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        Vector256<T> r = x + y;
        fault = Vector256.LessThan((x ^ r) & (y ^ r), Vector256<T>.Zero);
        return r;
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector512<T> r = x + y;
        fault = Vector512.LessThan((x ^ r) & (y ^ r), Vector512<T>.Zero);
        return r;
    }

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.IntegerOverflow(row, x, '+', y);
}

/// <summary>x - y on a signed integer type; overflow is a fault.</summary>
/// <remarks>The wrapped difference overflowed exactly when x and y differ in sign and r's sign differs from x's.</remarks>
internal readonly struct CheckedSubtract<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(T x, T y, out T result)
    {
        result = x - y;
        return ((x ^ y) & (x ^ result)) >= T.Zero;
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        Vector128<T> r = x - y;
        fault = Vector128.LessThan((x ^ y) & (x ^ r), Vector128<T>.Zero);
        return r;
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        Vector256<T> r = x - y;
        fault = Vector256.LessThan((x ^ y) & (x ^ r), Vector256<T>.Zero);
        return r;
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector512<T> r = x - y;
        fault = Vector512.LessThan((x ^ y) & (x ^ r), Vector512<T>.Zero);
        return r;
    }

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.IntegerOverflow(row, x, '-', y);
}

/// <summary>x * y on a signed integer type; overflow is a fault.</summary>
/// <remarks>
/// 8-, 16- and 32-bit lanes widen to twice the width, multiply exactly, range-check and narrow back. There is no
/// 64x64-&gt;128 vector multiply, so BIGINT is scalar (<see cref="Math.BigMul(long, long, out long)"/>).
/// </remarks>
internal readonly struct CheckedMultiply<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => typeof(T) != typeof(long);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryInvoke(T x, T y, out T result)
    {
        if (typeof(T) == typeof(long))
        {
            long high = Math.BigMul(long.CreateTruncating(x), long.CreateTruncating(y), out long low);
            result = T.CreateTruncating(low);
            return high == (low >> 63);
        }

        long product = long.CreateTruncating(x) * long.CreateTruncating(y);
        result = T.CreateTruncating(product);
        return product >= long.CreateTruncating(T.MinValue) && product <= long.CreateTruncating(T.MaxValue);
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault)
    {
        // Zeroed upper lanes multiply to zero and cannot fault.
        Vector256<T> r = Invoke(x.ToVector256(), y.ToVector256(), out Vector256<T> f);
        fault = f.GetLower();
        return r.GetLower();
    }

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault)
    {
        if (typeof(T) == typeof(sbyte))
        {
            (Vector256<short> xl, Vector256<short> xh) = Vector256.Widen(x.As<T, sbyte>());
            (Vector256<short> yl, Vector256<short> yh) = Vector256.Widen(y.As<T, sbyte>());
            Vector256<short> pl = xl * yl;
            Vector256<short> ph = xh * yh;
            Vector256<short> min = Vector256.Create((short)sbyte.MinValue);
            Vector256<short> max = Vector256.Create((short)sbyte.MaxValue);
            Vector256<short> fl = Vector256.LessThan(pl, min) | Vector256.GreaterThan(pl, max);
            Vector256<short> fh = Vector256.LessThan(ph, min) | Vector256.GreaterThan(ph, max);
            fault = Vector256.Narrow(fl, fh).As<sbyte, T>();
            return Vector256.Narrow(pl, ph).As<sbyte, T>();
        }

        if (typeof(T) == typeof(short))
        {
            (Vector256<int> xl, Vector256<int> xh) = Vector256.Widen(x.As<T, short>());
            (Vector256<int> yl, Vector256<int> yh) = Vector256.Widen(y.As<T, short>());
            Vector256<int> pl = xl * yl;
            Vector256<int> ph = xh * yh;
            Vector256<int> min = Vector256.Create((int)short.MinValue);
            Vector256<int> max = Vector256.Create((int)short.MaxValue);
            Vector256<int> fl = Vector256.LessThan(pl, min) | Vector256.GreaterThan(pl, max);
            Vector256<int> fh = Vector256.LessThan(ph, min) | Vector256.GreaterThan(ph, max);
            fault = Vector256.Narrow(fl, fh).As<short, T>();
            return Vector256.Narrow(pl, ph).As<short, T>();
        }

        if (typeof(T) == typeof(int))
        {
            (Vector256<long> xl, Vector256<long> xh) = Vector256.Widen(x.As<T, int>());
            (Vector256<long> yl, Vector256<long> yh) = Vector256.Widen(y.As<T, int>());
            Vector256<long> pl = xl * yl;
            Vector256<long> ph = xh * yh;
            Vector256<long> min = Vector256.Create((long)int.MinValue);
            Vector256<long> max = Vector256.Create((long)int.MaxValue);
            Vector256<long> fl = Vector256.LessThan(pl, min) | Vector256.GreaterThan(pl, max);
            Vector256<long> fh = Vector256.LessThan(ph, min) | Vector256.GreaterThan(ph, max);
            fault = Vector256.Narrow(fl, fh).As<int, T>();
            return Vector256.Narrow(pl, ph).As<int, T>();
        }

        throw new NotSupportedException($"No vector multiply for {typeof(T).Name}.");
    }

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault)
    {
        Vector256<T> lower = Invoke(x.GetLower(), y.GetLower(), out Vector256<T> fl);
        Vector256<T> upper = Invoke(x.GetUpper(), y.GetUpper(), out Vector256<T> fu);
        fault = Vector512.Create(fl, fu);
        return Vector512.Create(lower, upper);
    }

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.IntegerOverflow(row, x, '*', y);
}

/// <summary>x / y on a signed integer type, truncating toward zero; y = 0 and MIN_VALUE / -1 are faults.</summary>
/// <remarks>Hardware has no vector integer division, so this is scalar (<see cref="Vectorizable"/> is false).</remarks>
internal readonly struct CheckedDivide<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryInvoke(T x, T y, out T result)
    {
        if (y == T.Zero || (y == T.NegativeOne && x == T.MinValue))
        {
            result = T.Zero;
            return false;
        }

        result = x / y;
        return true;
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault) => throw new NotSupportedException();

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault) => throw new NotSupportedException();

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, T x, T y) =>
        y == T.Zero ? ArithmeticErrors.DivisionByZero(row, x, '/', y) : ArithmeticErrors.IntegerOverflow(row, x, '/', y);
}

/// <summary>x % y on a signed integer type: the remainder of truncating division, with the sign of x; y = 0 is a fault.</summary>
/// <remarks>MIN_VALUE % -1 is 0 (the CPU would trap on it, so -1 is answered without dividing).</remarks>
internal readonly struct CheckedModulo<T> : ICheckedBinaryOperator<T>
    where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
{
    public static bool Vectorizable => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryInvoke(T x, T y, out T result)
    {
        if (y == T.Zero)
        {
            result = T.Zero;
            return false;
        }

        result = y == T.NegativeOne ? T.Zero : x % y;
        return true;
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, out Vector128<T> fault) => throw new NotSupportedException();

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, out Vector256<T> fault) => throw new NotSupportedException();

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, out Vector512<T> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, T x, T y) => ArithmeticErrors.DivisionByZero(row, x, '%', y);
}

/// <summary>-x, wrapping (MIN_VALUE stays MIN_VALUE); callers check for MIN_VALUE on live rows first.</summary>
internal readonly struct WrappingNegate<T> : IUnaryOperator<T, T>
    where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => -x;

    public static Vector128<T> Invoke(Vector128<T> x) => -x;

    public static Vector256<T> Invoke(Vector256<T> x) => -x;

    public static Vector512<T> Invoke(Vector512<T> x) => -x;
}
