using VecFlow.Vector.Decimals;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>How a typed arithmetic expression is computed.</summary>
internal enum ArithmeticForm
{
    /// <summary>One operand is the untyped NULL: every row is NULL.</summary>
    AllNull,

    /// <summary>Both integers: computed and overflow-checked in the wider integer type.</summary>
    Integer,

    /// <summary>FLOAT op FLOAT in FLOAT, anything else with a FLOAT or DOUBLE in DOUBLE.</summary>
    Floating,

    /// <summary>DECIMAL with DECIMAL or integer: exact, on Int128 unscaled values.</summary>
    Decimal,

    /// <summary>TIMESTAMP / TIMESTAMP_LTZ +- INTERVAL DAY TO SECOND.</summary>
    TimestampPlusMillis,

    /// <summary>TIMESTAMP / TIMESTAMP_LTZ +- INTERVAL YEAR TO MONTH.</summary>
    TimestampPlusMonths,

    /// <summary>DATE +- INTERVAL DAY TO SECOND (whole days).</summary>
    DatePlusMillis,

    /// <summary>DATE +- INTERVAL YEAR TO MONTH.</summary>
    DatePlusMonths,

    /// <summary>TIME +- INTERVAL DAY TO SECOND, wrapping at midnight.</summary>
    TimePlusMillis,

    /// <summary>INTERVAL +- INTERVAL of the same kind.</summary>
    IntervalPlusInterval,

    /// <summary>INTERVAL * integer.</summary>
    IntervalTimesInteger,

    /// <summary>INTERVAL / integer.</summary>
    IntervalDividedByInteger,
}

/// <summary>The result type of an arithmetic expression and how to compute it; <see cref="Swapped"/> when the operands were written the other way round (INTERVAL + DATE).</summary>
internal sealed record ArithmeticPlan(SqlType Result, ArithmeticForm Form, bool Swapped = false);

/// <summary>SQL typing rules of + - * / % (Flink's where it defines them, else DuckDB's).</summary>
internal static class ArithmeticTyping
{
    public static ArithmeticPlan? TryPlan(SqlType left, ArithmeticOp op, SqlType right)
    {
        bool nullable = left.Nullable || right.Nullable;
        ArithmeticPlan? plan = TryPlanNotNull(left, op, right);
        return plan is null ? null : plan with { Result = plan.Result.WithNullable(nullable) };
    }

    /// <summary>The forms the operator accepts, for error messages.</summary>
    public static string ValidForms(ArithmeticOp op) => op switch
    {
        ArithmeticOp.Add => "numeric + numeric; DATE, TIMESTAMP or TIMESTAMP_LTZ + INTERVAL (either order); TIME + INTERVAL DAY TO SECOND; INTERVAL + INTERVAL of the same kind",
        ArithmeticOp.Subtract => "numeric - numeric; DATE, TIMESTAMP or TIMESTAMP_LTZ - INTERVAL; TIME - INTERVAL DAY TO SECOND; INTERVAL - INTERVAL of the same kind",
        ArithmeticOp.Multiply => "numeric * numeric; INTERVAL * integer; integer * INTERVAL",
        ArithmeticOp.Divide => "numeric / numeric; INTERVAL / integer",
        _ => "numeric % numeric",
    };

    private static ArithmeticPlan? TryPlanNotNull(SqlType left, ArithmeticOp op, SqlType right)
    {
        if (left.Kind == SqlTypeKind.Null || right.Kind == SqlTypeKind.Null)
        {
            SqlType other = left.Kind == SqlTypeKind.Null ? right : left;
            bool computable = other.IsNumeric || other.IsTemporal || IsInterval(other);
            return computable ? new ArithmeticPlan(other, ArithmeticForm.AllNull) : null;
        }

        if (left.IsNumeric && right.IsNumeric)
        {
            return new ArithmeticPlan(NumericResult(left, op, right), NumericForm(left, right));
        }

        return TemporalPlan(left, op, right);
    }

    private static ArithmeticForm NumericForm(SqlType left, SqlType right) =>
        left.IsFloating || right.IsFloating ? ArithmeticForm.Floating
        : left.Kind == SqlTypeKind.Decimal || right.Kind == SqlTypeKind.Decimal ? ArithmeticForm.Decimal
        : ArithmeticForm.Integer;

    private static SqlType NumericResult(SqlType left, ArithmeticOp op, SqlType right)
    {
        switch (NumericForm(left, right))
        {
            case ArithmeticForm.Floating:
                return left.Kind == SqlTypeKind.Float && right.Kind == SqlTypeKind.Float ? SqlType.Float : SqlType.Double;
            case ArithmeticForm.Decimal:
                return op switch
                {
                    ArithmeticOp.Add => DecimalTypeRules.Add(left, right),
                    ArithmeticOp.Subtract => DecimalTypeRules.Subtract(left, right),
                    ArithmeticOp.Multiply => DecimalTypeRules.Multiply(left, right),
                    ArithmeticOp.Divide => DecimalTypeRules.Divide(left, right),
                    _ => DecimalTypeRules.Modulo(left, right),
                };
            default:
                return left.FixedWidth >= right.FixedWidth ? left.WithNullable(true) : right.WithNullable(true);
        }
    }

    private static ArithmeticPlan? TemporalPlan(SqlType left, ArithmeticOp op, SqlType right)
    {
        switch (op)
        {
            case ArithmeticOp.Add:
                return PlusInterval(left, right, swapped: false) ?? PlusInterval(right, left, swapped: true) ?? SameInterval(left, right);
            case ArithmeticOp.Subtract:
                return PlusInterval(left, right, swapped: false) ?? SameInterval(left, right);
            case ArithmeticOp.Multiply:
                if (IsInterval(left) && right.IsInteger)
                {
                    return new ArithmeticPlan(left, ArithmeticForm.IntervalTimesInteger);
                }

                return left.IsInteger && IsInterval(right) ? new ArithmeticPlan(right, ArithmeticForm.IntervalTimesInteger, Swapped: true) : null;
            case ArithmeticOp.Divide:
                return IsInterval(left) && right.IsInteger ? new ArithmeticPlan(left, ArithmeticForm.IntervalDividedByInteger) : null;
            default:
                return null;
        }
    }

    /// <summary>A datetime value +- an interval amount, written value-first when not swapped.</summary>
    private static ArithmeticPlan? PlusInterval(SqlType value, SqlType amount, bool swapped)
    {
        bool millis = amount.Kind == SqlTypeKind.IntervalDayTime;
        bool months = amount.Kind == SqlTypeKind.IntervalYearMonth;
        if (!millis && !months)
        {
            return null;
        }

        ArithmeticForm? form = value.Kind switch
        {
            SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => millis ? ArithmeticForm.TimestampPlusMillis : ArithmeticForm.TimestampPlusMonths,
            SqlTypeKind.Date => millis ? ArithmeticForm.DatePlusMillis : ArithmeticForm.DatePlusMonths,
            SqlTypeKind.Time when millis => ArithmeticForm.TimePlusMillis,
            _ => null,
        };
        return form is null ? null : new ArithmeticPlan(value, form.Value, swapped);
    }

    private static ArithmeticPlan? SameInterval(SqlType left, SqlType right) =>
        IsInterval(left) && left.Kind == right.Kind ? new ArithmeticPlan(left, ArithmeticForm.IntervalPlusInterval) : null;

    private static bool IsInterval(SqlType type) => type.Kind is SqlTypeKind.IntervalDayTime or SqlTypeKind.IntervalYearMonth;
}
