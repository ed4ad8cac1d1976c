using System.Runtime.Intrinsics;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Drivers;

namespace VecFlow.Vector.Kernels;

/// <summary>Formats temporal overflow errors.</summary>
internal static class TemporalErrors
{
    public static SqlRuntimeException Overflow<TResult, TRight>(int row, long x, char op, long y)
        where TResult : ITemporalDomain
        where TRight : ITemporalDomain =>
        new(
            SqlErrorKind.ArithmeticOverflow,
            row,
            $"{TResult.Name} overflow: {TResult.Describe(x)} {op} {TRight.Describe(y)} is outside the {TResult.Name} range {TResult.Describe(TResult.Min)}..{TResult.Describe(TResult.Max)}");
}

/// <summary>x + y where x is a <typeparamref name="TResult"/> value and y a <typeparamref name="TRight"/> amount; leaving the result's range is a fault.</summary>
internal readonly struct TemporalAdd<TResult, TRight> : ICheckedBinaryOperator<long>
    where TResult : ITemporalDomain
    where TRight : ITemporalDomain
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(long x, long y, out long result)
    {
        result = x + y;
        return ((x ^ result) & (y ^ result)) >= 0 && result >= TResult.Min && result <= TResult.Max;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault)
    {
        Vector128<long> r = x + y;
        fault = Vector128.LessThan((x ^ r) & (y ^ r), Vector128<long>.Zero)
            | Vector128.LessThan(r, Vector128.Create(TResult.Min))
            | Vector128.GreaterThan(r, Vector128.Create(TResult.Max));
        return r;
    }

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault)
    {
        Vector256<long> r = x + y;
        fault = Vector256.LessThan((x ^ r) & (y ^ r), Vector256<long>.Zero)
            | Vector256.LessThan(r, Vector256.Create(TResult.Min))
            | Vector256.GreaterThan(r, Vector256.Create(TResult.Max));
        return r;
    }

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault)
    {
        Vector512<long> r = x + y;
        fault = Vector512.LessThan((x ^ r) & (y ^ r), Vector512<long>.Zero)
            | Vector512.LessThan(r, Vector512.Create(TResult.Min))
            | Vector512.GreaterThan(r, Vector512.Create(TResult.Max));
        return r;
    }

    public static SqlRuntimeException Failure(int row, long x, long y) => TemporalErrors.Overflow<TResult, TRight>(row, x, '+', y);
}

/// <summary>x - y where x is a <typeparamref name="TResult"/> value and y a <typeparamref name="TRight"/> amount; leaving the result's range is a fault.</summary>
internal readonly struct TemporalSubtract<TResult, TRight> : ICheckedBinaryOperator<long>
    where TResult : ITemporalDomain
    where TRight : ITemporalDomain
{
    public static bool Vectorizable => true;

    public static bool TryInvoke(long x, long y, out long result)
    {
        result = x - y;
        return ((x ^ y) & (x ^ result)) >= 0 && result >= TResult.Min && result <= TResult.Max;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault)
    {
        Vector128<long> r = x - y;
        fault = Vector128.LessThan((x ^ y) & (x ^ r), Vector128<long>.Zero)
            | Vector128.LessThan(r, Vector128.Create(TResult.Min))
            | Vector128.GreaterThan(r, Vector128.Create(TResult.Max));
        return r;
    }

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault)
    {
        Vector256<long> r = x - y;
        fault = Vector256.LessThan((x ^ y) & (x ^ r), Vector256<long>.Zero)
            | Vector256.LessThan(r, Vector256.Create(TResult.Min))
            | Vector256.GreaterThan(r, Vector256.Create(TResult.Max));
        return r;
    }

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault)
    {
        Vector512<long> r = x - y;
        fault = Vector512.LessThan((x ^ y) & (x ^ r), Vector512<long>.Zero)
            | Vector512.LessThan(r, Vector512.Create(TResult.Min))
            | Vector512.GreaterThan(r, Vector512.Create(TResult.Max));
        return r;
    }

    public static SqlRuntimeException Failure(int row, long x, long y) => TemporalErrors.Overflow<TResult, TRight>(row, x, '-', y);
}

/// <summary>interval * integer; leaving the interval's range is a fault. Scalar (no 64-bit vector multiply with overflow).</summary>
internal readonly struct TemporalMultiply<TResult> : ICheckedBinaryOperator<long>
    where TResult : ITemporalDomain
{
    public static bool Vectorizable => false;

    public static bool TryInvoke(long x, long y, out long result)
    {
        long high = Math.BigMul(x, y, out result);
        return high == (result >> 63) && result >= TResult.Min && result <= TResult.Max;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault) => throw new NotSupportedException();

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault) => throw new NotSupportedException();

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, long x, long y) => TemporalErrors.Overflow<TResult, IntegerFactorDomain>(row, x, '*', y);
}

/// <summary>interval / integer, truncating toward zero; a zero divisor and MIN / -1 are faults. Scalar.</summary>
internal readonly struct TemporalDivide<TResult> : ICheckedBinaryOperator<long>
    where TResult : ITemporalDomain
{
    public static bool Vectorizable => false;

    public static bool TryInvoke(long x, long y, out long result)
    {
        if (y == 0 || (y == -1 && x == long.MinValue))
        {
            result = 0;
            return false;
        }

        result = x / y;
        return result >= TResult.Min && result <= TResult.Max;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault) => throw new NotSupportedException();

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault) => throw new NotSupportedException();

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, long x, long y) =>
        y == 0
            ? ArithmeticErrors.DivisionByZero(row, TResult.Describe(x), '/', "0")
            : TemporalErrors.Overflow<TResult, IntegerFactorDomain>(row, x, '/', y);
}

/// <summary>
/// A DATE (<c>UnitsPerDay</c> 1) or TIMESTAMP (<c>UnitsPerDay</c> 86,400,000) plus y calendar months; the day of month is
/// clamped to the target month's length. Scalar (calendar arithmetic).
/// </summary>
internal readonly struct AddMonths<TResult> : ICheckedBinaryOperator<long>
    where TResult : ITemporalDomain
{
    public static bool Vectorizable => false;

    private static long UnitsPerDay => typeof(TResult) == typeof(TimestampDomain) ? CivilCalendar.MillisPerDay : 1;

    public static bool TryInvoke(long x, long y, out long result)
    {
        long day = CivilCalendar.FloorDivide(x, UnitsPerDay);
        long timeOfDay = x - (day * UnitsPerDay);
        bool ok = CivilCalendar.TryAddMonths(day, y, out long shifted);
        result = ok ? (shifted * UnitsPerDay) + timeOfDay : 0;
        return ok;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault) => throw new NotSupportedException();

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault) => throw new NotSupportedException();

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, long x, long y) => TemporalErrors.Overflow<TResult, IntervalYearMonthDomain>(row, x, '+', y);
}

/// <summary>TIME + interval milliseconds, wrapping around midnight (Calcite/Flink: TIME '23:00' + 2 hours = '01:00').</summary>
internal readonly struct TimeOfDayAdd : ICheckedBinaryOperator<long>
{
    public static bool Vectorizable => false;

    public static bool TryInvoke(long x, long y, out long result)
    {
        result = CivilCalendar.FloorModulo(x + (y % CivilCalendar.MillisPerDay), CivilCalendar.MillisPerDay);
        return true;
    }

    public static Vector128<long> Invoke(Vector128<long> x, Vector128<long> y, out Vector128<long> fault) => throw new NotSupportedException();

    public static Vector256<long> Invoke(Vector256<long> x, Vector256<long> y, out Vector256<long> fault) => throw new NotSupportedException();

    public static Vector512<long> Invoke(Vector512<long> x, Vector512<long> y, out Vector512<long> fault) => throw new NotSupportedException();

    public static SqlRuntimeException Failure(int row, long x, long y) => throw new InvalidOperationException("TIME arithmetic wraps and cannot fail.");
}
