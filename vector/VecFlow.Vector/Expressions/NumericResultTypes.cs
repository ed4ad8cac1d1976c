using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>Result types of the numeric functions (Flink's LogicalTypeMerging rules where it has one).</summary>
public static class NumericResultTypes
{
    /// <summary>
    /// ROUND / TRUNCATE(DECIMAL(p, s), d): DECIMAL(p, s) when d &gt;= s; DECIMAL(1 + p - s + d, d) for 0 &lt;= d &lt; s
    /// (one more integer digit, as rounding up may carry); DECIMAL(1 + p - s, 0) for d &lt; 0. Precision capped at 38.
    /// Other numeric types keep their type.
    /// </summary>
    public static SqlType Round(SqlType input, int digits)
    {
        if (input.Kind != SqlTypeKind.Decimal)
        {
            return input;
        }

        int p = input.Precision;
        int s = input.Scale;
        SqlType result = digits >= s
            ? input
            : digits < 0
                ? SqlType.Decimal(Math.Min(SqlType.MaxDecimalPrecision, 1 + p - s), 0)
                : SqlType.Decimal(Math.Min(SqlType.MaxDecimalPrecision, 1 + p - s + digits), digits);
        return result.WithNullable(input.Nullable);
    }

    /// <summary>FLOOR / CEIL(DECIMAL(p, s)): DECIMAL(p, 0) as Calcite (the integer part never gains a digit it lacks room for); others keep their type.</summary>
    public static SqlType FloorOrCeiling(SqlType input) =>
        input.Kind == SqlTypeKind.Decimal ? SqlType.Decimal(input.Precision, 0).WithNullable(input.Nullable) : input;

    /// <summary>SIGN(DECIMAL(p, s)): DECIMAL(max(p, s + 1), s) so that 1 fits; others keep their type.</summary>
    public static SqlType Sign(SqlType input) =>
        input.Kind == SqlTypeKind.Decimal
            ? SqlType.Decimal(Math.Min(SqlType.MaxDecimalPrecision, Math.Max(input.Precision, input.Scale + 1)), input.Scale).WithNullable(input.Nullable)
            : input;
}
