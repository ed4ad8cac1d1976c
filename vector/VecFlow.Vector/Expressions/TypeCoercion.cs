using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>The implicit conversions SQL applies to make operand types agree (comparisons, CASE, COALESCE, IN, UNION).</summary>
/// <remarks>
/// Numeric types widen along TINYINT &lt; SMALLINT &lt; INT &lt; BIGINT &lt; DECIMAL &lt; DOUBLE (FLOAT with FLOAT stays
/// FLOAT); DECIMALs meet at enough integer digits and the larger scale (capped at 38 digits, integer digits first);
/// DATE meets TIMESTAMP as TIMESTAMP; NULL meets anything as that thing. Strings are not converted implicitly to
/// numbers or dates: the binder reports the mismatch instead, as Flink does.
/// </remarks>
public static class TypeCoercion
{
    /// <summary>The type both sides convert to, or null when SQL does not convert between them implicitly.</summary>
    public static SqlType? CommonType(SqlType a, SqlType b)
    {
        bool nullable = a.Nullable || b.Nullable;
        if (a.Kind == SqlTypeKind.Null)
        {
            return b.WithNullable(true);
        }

        if (b.Kind == SqlTypeKind.Null)
        {
            return a.WithNullable(true);
        }

        if (a.Kind == b.Kind)
        {
            return a.Kind switch
            {
                SqlTypeKind.Decimal => CommonDecimal(a.Precision - a.Scale, a.Scale, b.Precision - b.Scale, b.Scale).WithNullable(nullable),
                SqlTypeKind.Varchar => SqlType.Varchar.WithNullable(nullable),
                _ => a.WithNullable(nullable),
            };
        }

        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.IsFloating || b.IsFloating)
            {
                return SqlType.Double.WithNullable(nullable);
            }

            if (a.IsInteger && b.IsInteger)
            {
                return (Rank(a) >= Rank(b) ? a : b).WithNullable(nullable);
            }

            (int ai, int asc) = DecimalShape(a);
            (int bi, int bsc) = DecimalShape(b);
            return CommonDecimal(ai, asc, bi, bsc).WithNullable(nullable);
        }

        if ((a.Kind, b.Kind) is (SqlTypeKind.Date, SqlTypeKind.Timestamp) or (SqlTypeKind.Timestamp, SqlTypeKind.Date))
        {
            return SqlType.Timestamp.WithNullable(nullable);
        }

        if ((a.Kind, b.Kind) is (SqlTypeKind.Timestamp, SqlTypeKind.TimestampLtz) or (SqlTypeKind.TimestampLtz, SqlTypeKind.Timestamp))
        {
            return SqlType.TimestampLtz.WithNullable(nullable);
        }

        return null;
    }

    /// <summary>The common type of many operands, or null if some pair has none.</summary>
    public static SqlType? CommonType(IEnumerable<SqlType> types)
    {
        SqlType? common = null;
        foreach (SqlType type in types)
        {
            common = common is null ? type : CommonType(common, type);
            if (common is null)
            {
                return null;
            }
        }

        return common;
    }

    private static int Rank(SqlType t) => t.Kind switch
    {
        SqlTypeKind.TinyInt => 1,
        SqlTypeKind.SmallInt => 2,
        SqlTypeKind.Int => 3,
        _ => 4,
    };

    private static (int IntegerDigits, int Scale) DecimalShape(SqlType t) =>
        t.Kind == SqlTypeKind.Decimal ? (t.Precision - t.Scale, t.Scale) : (t.IntegerDigits, 0);

    private static SqlType CommonDecimal(int integerDigitsA, int scaleA, int integerDigitsB, int scaleB)
    {
        int integerDigits = Math.Max(integerDigitsA, integerDigitsB);
        int scale = Math.Max(scaleA, scaleB);
        if (integerDigits + scale > SqlType.MaxDecimalPrecision)
        {
            scale = Math.Max(0, SqlType.MaxDecimalPrecision - integerDigits);
            integerDigits = Math.Min(integerDigits, SqlType.MaxDecimalPrecision);
        }

        return SqlType.Decimal(Math.Max(1, integerDigits + scale), scale);
    }
}
