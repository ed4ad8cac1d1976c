using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>SQL + - * / % and unary minus on columns, constants and spans, with errors instead of wrap-around.</summary>
/// <remarks>
/// <para><b>Types</b> (<see cref="ResultType"/>; Flink SQL where it defines the rule, else DuckDB):</para>
/// <list type="bullet">
/// <item>integer op integer: the wider of TINYINT &lt; SMALLINT &lt; INT &lt; BIGINT, computed and overflow-checked in that
/// type (INT + INT that leaves INT is an error, not a wrap-around and not a promotion). / truncates toward zero,
/// % has the sign of the dividend, MIN_VALUE / -1 is an overflow, x / 0 and x % 0 are division by zero.</item>
/// <item>FLOAT op FLOAT: FLOAT. Any other combination with FLOAT or DOUBLE (also DECIMAL with DOUBLE): DOUBLE.
/// Division by zero is an error (SQL has no infinities), and so is a finite result that overflows to infinity
/// (DuckDB's rule; Java would print Infinity). NaN / infinite inputs propagate without error.</item>
/// <item>DECIMAL with DECIMAL or integer (as DECIMAL(3|5|10|19, 0)): exact, result type by
/// <see cref="Decimals.DecimalTypeRules"/> (Flink's rules, precision capped at 38 by reducing the scale to no less than
/// min(scale, 6)), rounded HALF_UP; a value that does not fit the result precision is an overflow error naming it.</item>
/// <item>TIMESTAMP / TIMESTAMP_LTZ +- INTERVAL DAY TO SECOND: same timestamp type, exact milliseconds.
/// TIMESTAMP / TIMESTAMP_LTZ / DATE +- INTERVAL YEAR TO MONTH: calendar months, the day clamped to the month's end
/// (Jan 31 + 1 month = Feb 28, or 29 in leap years). DATE +- INTERVAL DAY TO SECOND: DATE, adding the interval's whole
/// days (truncated toward zero, as Flink/Calcite). TIME +- INTERVAL DAY TO SECOND: TIME, wrapping at midnight.
/// The interval may be written first for +. DATE and TIMESTAMP results must stay within 0000-01-01 .. 9999-12-31.</item>
/// <item>INTERVAL +- INTERVAL of the same kind; INTERVAL * integer, integer * INTERVAL, INTERVAL / integer
/// (truncating): same interval type. Overflow of the interval's layout is an error.</item>
/// <item>NULL: a NULL operand gives NULL rows; the untyped NULL takes the other operand's type.</item>
/// </list>
/// <para><b>Rows</b>: result validity is the AND of the operands' validity. Errors are raised only for the first failing
/// row that is live (set in <c>live</c>, or every row when <c>live</c> is empty) and not NULL, as a
/// <see cref="SqlRuntimeException"/> carrying that row.</para>
/// </remarks>
[SkipLocalsInit]
public static class ArithmeticKernels
{
    private static readonly BufferPool FoldingPool = new("constant-folding");

    /// <summary>The SQL type of <c>left op right</c>; an <see cref="ArgumentException"/> naming the valid forms when there is none.</summary>
    public static SqlType ResultType(SqlType left, ArithmeticOp op, SqlType right) => Plan(left, op, right).Result;

    public static ColumnVector Apply(ColumnVector left, ArithmeticOp op, ColumnVector right, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(pool);
        if (left.Length != right.Length)
        {
            throw new ArgumentException($"The operands of '{op.Symbol()}' have {left.Length} and {right.Length} rows.");
        }

        return ArithmeticExecution.Run(ArithmeticOperand.Of(left), op, ArithmeticOperand.Of(right), left.Length, live, pool);
    }

    public static ColumnVector Apply(ColumnVector left, ArithmeticOp op, ScalarValue right, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(pool);
        return ArithmeticExecution.Run(ArithmeticOperand.Of(left), op, ArithmeticOperand.Of(right), left.Length, live, pool);
    }

    public static ColumnVector Apply(ScalarValue left, ArithmeticOp op, ColumnVector right, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(pool);
        return ArithmeticExecution.Run(ArithmeticOperand.Of(left), op, ArithmeticOperand.Of(right), right.Length, live, pool);
    }

    /// <summary>Constant folding: the same semantics on one value; NULL in gives NULL out.</summary>
    public static ScalarValue Apply(ScalarValue left, ArithmeticOp op, ScalarValue right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        SqlType type = ResultType(left.Type, op, right.Type);
        if (left.IsNull || right.IsNull)
        {
            return ScalarValue.Null(type);
        }

        using ColumnVector column = ColumnFactory.Constant(left.Type, left.Value, 1, FoldingPool);
        using ColumnVector result = Apply(column, op, right, default, FoldingPool);
        return new ScalarValue(type, ColumnFactory.ToObjects(result)[0]);
    }

    /// <summary>-value for numeric and INTERVAL columns; -MIN_VALUE of an integer or interval type is an overflow error.</summary>
    public static ColumnVector Negate(ColumnVector value, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(pool);
        int n = value.Length;
        KernelMasks.CheckLive(live, n);
        SqlType type = value.Type;
        if (!type.IsNumeric && type.Kind is not (SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth))
        {
            throw new ArgumentException($"cannot apply unary '-' to {type.WithNullable(true)}; valid: numeric and INTERVAL types");
        }

        NativeBuffer? validity = KernelMasks.CombinedValidity(value, null, n, pool);
        NativeBuffer values = pool.Rent(n * type.FixedWidth);
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, n, scratch);
            switch (type.Kind)
            {
                case SqlTypeKind.TinyInt:
                    NegateInteger<sbyte>(value, values, mask);
                    break;
                case SqlTypeKind.SmallInt:
                    NegateInteger<short>(value, values, mask);
                    break;
                case SqlTypeKind.Int or SqlTypeKind.IntervalYearMonth:
                    NegateInteger<int>(value, values, mask);
                    break;
                case SqlTypeKind.BigInt or SqlTypeKind.IntervalDayTime:
                    NegateInteger<long>(value, values, mask);
                    break;
                case SqlTypeKind.Float:
                    UnaryDriver.Invoke<float, float, WrappingNegate<float>>(value.Values<float>(), values.As<float>()[..n]);
                    break;
                case SqlTypeKind.Double:
                    UnaryDriver.Invoke<double, double, WrappingNegate<double>>(value.Values<double>(), values.As<double>()[..n]);
                    break;
                default:
                    // DECIMAL precision is symmetric around zero: negation always fits.
                    UnaryDriver.Invoke<Int128, Int128, WrappingNegate<Int128>>(value.Values<Int128>(), values.As<Int128>()[..n]);
                    break;
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(type, n, validity, values);
    }

    /// <summary>destination = x + y; integers overflow-checked, FLOAT/DOUBLE checked for overflow to infinity; faults only on live rows raise.</summary>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, ReadOnlySpan<ulong> live)
        where T : unmanaged, INumber<T> => ArithmeticSpans.Invoke(ArithmeticOp.Add, x, y, false, destination, live);

    /// <summary>destination = x - y, checked like <see cref="Add{T}"/>.</summary>
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, ReadOnlySpan<ulong> live)
        where T : unmanaged, INumber<T> => ArithmeticSpans.Invoke(ArithmeticOp.Subtract, x, y, false, destination, live);

    /// <summary>destination = x * y, checked like <see cref="Add{T}"/>.</summary>
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, ReadOnlySpan<ulong> live)
        where T : unmanaged, INumber<T> => ArithmeticSpans.Invoke(ArithmeticOp.Multiply, x, y, false, destination, live);

    internal static ArithmeticPlan Plan(SqlType left, ArithmeticOp op, SqlType right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return ArithmeticTyping.TryPlan(left, op, right)
            ?? throw new ArgumentException(
                $"cannot apply '{op.Symbol()}' to {left.WithNullable(true)} and {right.WithNullable(true)}; valid: {ArithmeticTyping.ValidForms(op)}");
    }

    private static void NegateInteger<T>(ColumnVector value, NativeBuffer destination, ReadOnlySpan<ulong> live)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ReadOnlySpan<T> x = value.Values<T>();

        // Only MIN_VALUE fails; IndexOf finds candidates with a vectorized scan before the negation runs.
        int start = 0;
        int found;
        while ((found = x[start..].IndexOf(T.MinValue)) >= 0)
        {
            int row = start + found;
            if (KernelMasks.IsLive(live, row))
            {
                throw NegationOverflow(value.Type, row, long.CreateTruncating(x[row]));
            }

            start = row + 1;
        }

        UnaryDriver.Invoke<T, T, WrappingNegate<T>>(x, destination.As<T>()[..x.Length]);
    }

    private static SqlRuntimeException NegationOverflow(SqlType type, int row, long value) => type.Kind switch
    {
        SqlTypeKind.IntervalDayTime => ArithmeticErrors.NegationOverflow(row, "INTERVAL DAY TO SECOND", IntervalDayTimeDomain.Describe(value)),
        SqlTypeKind.IntervalYearMonth => ArithmeticErrors.NegationOverflow(row, "INTERVAL YEAR TO MONTH", IntervalYearMonthDomain.Describe(value)),
        _ => ArithmeticErrors.NegationOverflow(row, type.WithNullable(true).ToString(), value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };
}
