using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Kernels.Drivers;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Runs a planned arithmetic expression over columns: converts the operands to the computation type, then calls one operator.</summary>
/// <remarks>
/// A constant left operand is broadcast into a scratch column so the vectorized column-column loop runs; a constant
/// right operand uses the column-constant loop. Operands already in the computation type are read in place.
/// </remarks>
[SkipLocalsInit]
internal static class ArithmeticExecution
{
    public static ColumnVector Run(ArithmeticOperand left, ArithmeticOp op, ArithmeticOperand right, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArithmeticPlan plan = ArithmeticKernels.Plan(left.Type, op, right.Type);
        KernelMasks.CheckLive(live, length);
        if (plan.Form == ArithmeticForm.AllNull || left.IsAllNull || right.IsAllNull)
        {
            return ColumnFactory.Constant(plan.Result, null, length, pool);
        }

        if (plan.Swapped)
        {
            (left, right) = (right, left);
        }

        NativeBuffer? validity = KernelMasks.CombinedValidity(left.Column, right.Column, length, pool);
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, length, scratch);
            NativeBuffer values = pool.Rent(length * plan.Result.FixedWidth);
            try
            {
                Compute(plan, left, op, right, length, mask, values, scratch);
            }
            catch
            {
                values.Release();
                throw;
            }

            return ColumnVector.FromBuffers(plan.Result, length, validity, values);
        }
        catch
        {
            validity?.Release();
            throw;
        }
    }

    private static void Compute(ArithmeticPlan plan, ArithmeticOperand left, ArithmeticOp op, ArithmeticOperand right, int n, ReadOnlySpan<ulong> live, NativeBuffer values, ScratchBuffers scratch)
    {
        bool yScalar = right.IsScalar;
        switch (plan.Form)
        {
            case ArithmeticForm.Integer:
                switch (plan.Result.Kind)
                {
                    case SqlTypeKind.TinyInt:
                        ArithmeticSpans.Integer(op, Load<sbyte>(left, n, true, scratch), Load<sbyte>(right, n, false, scratch), yScalar, values.As<sbyte>()[..n], live);
                        break;
                    case SqlTypeKind.SmallInt:
                        ArithmeticSpans.Integer(op, Load<short>(left, n, true, scratch), Load<short>(right, n, false, scratch), yScalar, values.As<short>()[..n], live);
                        break;
                    case SqlTypeKind.Int:
                        ArithmeticSpans.Integer(op, Load<int>(left, n, true, scratch), Load<int>(right, n, false, scratch), yScalar, values.As<int>()[..n], live);
                        break;
                    default:
                        ArithmeticSpans.Integer(op, Load<long>(left, n, true, scratch), Load<long>(right, n, false, scratch), yScalar, values.As<long>()[..n], live);
                        break;
                }

                break;

            case ArithmeticForm.Floating:
                if (plan.Result.Kind == SqlTypeKind.Float)
                {
                    ArithmeticSpans.Floating(op, Load<float>(left, n, true, scratch), Load<float>(right, n, false, scratch), yScalar, values.As<float>()[..n], live);
                }
                else
                {
                    ArithmeticSpans.Floating(op, Load<double>(left, n, true, scratch), Load<double>(right, n, false, scratch), yScalar, values.As<double>()[..n], live);
                }

                break;

            case ArithmeticForm.Decimal:
                ComputeDecimal(plan.Result, left, op, right, n, live, values.As<Int128>()[..n], scratch);
                break;

            default:
                ComputeTemporal(plan, left, op, right, n, live, values, scratch);
                break;
        }
    }

    private static void ComputeDecimal(SqlType result, ArithmeticOperand left, ArithmeticOp op, ArithmeticOperand right, int n, ReadOnlySpan<ulong> live, Span<Int128> destination, ScratchBuffers scratch)
    {
        ReadOnlySpan<Int128> x = LoadDecimal(left, n, true, scratch, out int xScale);
        ReadOnlySpan<Int128> y = LoadDecimal(right, n, false, scratch, out int yScale);
        bool yScalar = right.IsScalar;
        if (DecimalNarrowArithmetic.TryRun(op, left.Type, right.Type, result, x, y, yScalar, destination))
        {
            return;
        }

        var shape = new DecimalShape(xScale, yScale, result.Precision, result.Scale);
        switch (op)
        {
            case ArithmeticOp.Add:
                DecimalBinaryLoop.Invoke(new DecimalAdd(shape), x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Subtract:
                DecimalBinaryLoop.Invoke(new DecimalSubtract(shape), x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Multiply:
                DecimalBinaryLoop.Invoke(new DecimalMultiply(shape), x, y, yScalar, destination, live);
                break;
            case ArithmeticOp.Divide:
                DecimalBinaryLoop.Invoke(new DecimalDivide(shape), x, y, yScalar, destination, live);
                break;
            default:
                DecimalBinaryLoop.Invoke(new DecimalModulo(shape), x, y, yScalar, destination, live);
                break;
        }
    }

    private static void ComputeTemporal(ArithmeticPlan plan, ArithmeticOperand left, ArithmeticOp op, ArithmeticOperand right, int n, ReadOnlySpan<ulong> live, NativeBuffer values, ScratchBuffers scratch)
    {
        bool yScalar = right.IsScalar;
        bool subtract = op == ArithmeticOp.Subtract;
        bool intResult = plan.Result.FixedWidth == 4;

        // Everything is computed on longs; DATE, TIME and INTERVAL YEAR TO MONTH results are range-checked there and narrowed at the end.
        Span<long> d = intResult ? scratch.Rent<long>(n) : values.As<long>()[..n];
        ReadOnlySpan<long> x = Load<long>(left, n, true, scratch);
        ReadOnlySpan<long> y = Load<long>(right, n, false, scratch);
        switch (plan.Form)
        {
            case ArithmeticForm.TimestampPlusMillis:
                AddOrSubtract<TimestampDomain, IntervalDayTimeDomain>(subtract, x, y, yScalar, d, live);
                break;
            case ArithmeticForm.TimestampPlusMonths:
                ArithmeticSpans.Run<long, AddMonths<TimestampDomain>>(x, subtract ? Negated(y, scratch) : y, yScalar, d, live);
                break;
            case ArithmeticForm.DatePlusMillis:
                AddOrSubtract<DateDomain, DayCountDomain>(subtract, x, WholeDays(y, scratch), yScalar, d, live);
                break;
            case ArithmeticForm.DatePlusMonths:
                ArithmeticSpans.Run<long, AddMonths<DateDomain>>(x, subtract ? Negated(y, scratch) : y, yScalar, d, live);
                break;
            case ArithmeticForm.TimePlusMillis:
                ArithmeticSpans.Run<long, TimeOfDayAdd>(x, subtract ? NegatedTimeOfDay(y, scratch) : y, yScalar, d, live);
                break;
            case ArithmeticForm.IntervalPlusInterval when plan.Result.Kind == SqlTypeKind.IntervalDayTime:
                AddOrSubtract<IntervalDayTimeDomain, IntervalDayTimeDomain>(subtract, x, y, yScalar, d, live);
                break;
            case ArithmeticForm.IntervalPlusInterval:
                AddOrSubtract<IntervalYearMonthDomain, IntervalYearMonthDomain>(subtract, x, y, yScalar, d, live);
                break;
            case ArithmeticForm.IntervalTimesInteger when plan.Result.Kind == SqlTypeKind.IntervalDayTime:
                ArithmeticSpans.Run<long, TemporalMultiply<IntervalDayTimeDomain>>(x, y, yScalar, d, live);
                break;
            case ArithmeticForm.IntervalTimesInteger:
                ArithmeticSpans.Run<long, TemporalMultiply<IntervalYearMonthDomain>>(x, y, yScalar, d, live);
                break;
            case ArithmeticForm.IntervalDividedByInteger when plan.Result.Kind == SqlTypeKind.IntervalDayTime:
                ArithmeticSpans.Run<long, TemporalDivide<IntervalDayTimeDomain>>(x, y, yScalar, d, live);
                break;
            case ArithmeticForm.IntervalDividedByInteger:
                ArithmeticSpans.Run<long, TemporalDivide<IntervalYearMonthDomain>>(x, y, yScalar, d, live);
                break;
            default:
                throw new InvalidOperationException($"Unplanned arithmetic form {plan.Form}.");
        }

        if (intResult)
        {
            Span<int> narrow = values.As<int>()[..n];
            for (int i = 0; i < n; i++)
            {
                // Live rows were range-checked above; other rows are don't-care values.
                narrow[i] = (int)d[i];
            }
        }
    }

    private static void AddOrSubtract<TResult, TRight>(bool subtract, ReadOnlySpan<long> x, ReadOnlySpan<long> y, bool yScalar, Span<long> destination, ReadOnlySpan<ulong> live)
        where TResult : ITemporalDomain
        where TRight : ITemporalDomain
    {
        if (subtract)
        {
            ArithmeticSpans.Run<long, TemporalSubtract<TResult, TRight>>(x, y, yScalar, destination, live);
        }
        else
        {
            ArithmeticSpans.Run<long, TemporalAdd<TResult, TRight>>(x, y, yScalar, destination, live);
        }
    }

    /// <summary>Whole days of interval milliseconds, truncated toward zero (Flink: DATE + INTERVAL '25' HOUR adds one day).</summary>
    private static ReadOnlySpan<long> WholeDays(ReadOnlySpan<long> millis, ScratchBuffers scratch)
    {
        Span<long> days = scratch.Rent<long>(millis.Length);
        for (int i = 0; i < millis.Length; i++)
        {
            days[i] = millis[i] / CivilCalendar.MillisPerDay;
        }

        return days;
    }

    /// <summary>-months; months come from an int column, so negation cannot overflow a long.</summary>
    private static ReadOnlySpan<long> Negated(ReadOnlySpan<long> months, ScratchBuffers scratch)
    {
        Span<long> negated = scratch.Rent<long>(months.Length);
        UnaryDriver.Invoke<long, long, WrappingNegate<long>>(months, negated);
        return negated;
    }

    /// <summary>-(millis mod one day): subtracting from a TIME only needs the sub-day part, and that negates safely.</summary>
    private static ReadOnlySpan<long> NegatedTimeOfDay(ReadOnlySpan<long> millis, ScratchBuffers scratch)
    {
        Span<long> negated = scratch.Rent<long>(millis.Length);
        for (int i = 0; i < millis.Length; i++)
        {
            negated[i] = -(millis[i] % CivilCalendar.MillisPerDay);
        }

        return negated;
    }

    /// <summary>
    /// The operand's values in <typeparamref name="T"/>: read in place when the layout matches, else converted exactly
    /// (widened) into scratch. A constant is one value, or <paramref name="n"/> copies when <paramref name="broadcast"/>.
    /// </summary>
    private static ReadOnlySpan<T> Load<T>(ArithmeticOperand operand, int n, bool broadcast, ScratchBuffers scratch)
        where T : unmanaged, INumberBase<T>
    {
        if (operand.Scalar is { } scalar)
        {
            Span<T> constant = scratch.Rent<T>(broadcast ? n : 1);
            constant.Fill(ScalarAs<T>(scalar));
            return constant;
        }

        ColumnVector column = operand.Column!;
        if (HasLayout<T>(column.Type))
        {
            return column.Values<T>();
        }

        Span<T> converted = scratch.Rent<T>(n);
        NumericWidening.Convert(column, converted);
        return converted;
    }

    private static ReadOnlySpan<Int128> LoadDecimal(ArithmeticOperand operand, int n, bool broadcast, ScratchBuffers scratch, out int scale)
    {
        scale = operand.Type.Kind == SqlTypeKind.Decimal ? operand.Type.Scale : 0;
        return Load<Int128>(operand, n, broadcast, scratch);
    }

    private static T ScalarAs<T>(ScalarValue scalar)
        where T : INumberBase<T> => scalar.Value switch
        {
            sbyte v => T.CreateTruncating(v),
            short v => T.CreateTruncating(v),
            int v => T.CreateTruncating(v),
            long v => T.CreateTruncating(v),
            float v => T.CreateTruncating(v),
            double v => T.CreateTruncating(v),
            Int128 v when typeof(T) == typeof(Int128) => T.CreateTruncating(v),
            Int128 v => T.CreateTruncating(DecimalMath.ToDouble(v, scalar.Type.Scale)),
            _ => throw new ArgumentException($"The constant {scalar} of type {scalar.Type} does not hold a {scalar.Type} value."),
        };

    private static bool HasLayout<T>(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => typeof(T) == typeof(sbyte),
        SqlTypeKind.SmallInt => typeof(T) == typeof(short),
        SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth => typeof(T) == typeof(int),
        SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime => typeof(T) == typeof(long),
        SqlTypeKind.Float => typeof(T) == typeof(float),
        SqlTypeKind.Double => typeof(T) == typeof(double),
        SqlTypeKind.Decimal => typeof(T) == typeof(Int128),
        _ => false,
    };
}
