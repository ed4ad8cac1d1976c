using VecFlow.Vector.Types;

namespace VecFlow.Vector.Decimals;

/// <summary>The DECIMAL result type of each arithmetic operator (Flink's <c>LogicalTypeMerging</c> rules, capped at 38).</summary>
/// <remarks>
/// <list type="bullet">
/// <item>+ and -: scale = max(s1, s2), precision = max(p1 - s1, p2 - s2) + scale + 1.</item>
/// <item>*: precision = p1 + p2, scale = s1 + s2.</item>
/// <item>/: scale = max(6, s1 + p2 + 1), precision = p1 - s1 + s2 + scale.</item>
/// <item>%: scale = max(s1, s2), precision = min(p1 - s1, p2 - s2) + scale.</item>
/// </list>
/// When the precision exceeds 38 it becomes 38 and the scale shrinks to keep the integer digits, but never below
/// min(scale, 6) fraction digits (Flink's and Hive's <c>adjustPrecisionScale</c>; SQL Server does the same). Values that
/// then need more integer digits than remain are an overflow error at run time, not a silent truncation.
/// An integer operand counts as DECIMAL(3|5|10|19, 0) for TINYINT|SMALLINT|INT|BIGINT.
/// </remarks>
public static class DecimalTypeRules
{
    /// <summary>Fraction digits an adjusted result keeps at least (when the exact scale had that many).</summary>
    public const int MinimumAdjustedScale = 6;

    public static SqlType Add(SqlType left, SqlType right)
    {
        (int p1, int s1) = Parameters(left);
        (int p2, int s2) = Parameters(right);
        int scale = Math.Max(s1, s2);
        return Adjust(Math.Max(p1 - s1, p2 - s2) + scale + 1, scale);
    }

    public static SqlType Subtract(SqlType left, SqlType right) => Add(left, right);

    public static SqlType Multiply(SqlType left, SqlType right)
    {
        (int p1, int s1) = Parameters(left);
        (int p2, int s2) = Parameters(right);
        return Adjust(p1 + p2, s1 + s2);
    }

    public static SqlType Divide(SqlType left, SqlType right)
    {
        (int p1, int s1) = Parameters(left);
        (int p2, int s2) = Parameters(right);
        int scale = Math.Max(MinimumAdjustedScale, s1 + p2 + 1);
        return Adjust(p1 - s1 + s2 + scale, scale);
    }

    public static SqlType Modulo(SqlType left, SqlType right)
    {
        (int p1, int s1) = Parameters(left);
        (int p2, int s2) = Parameters(right);
        int scale = Math.Max(s1, s2);
        return Adjust(Math.Min(p1 - s1, p2 - s2) + scale, scale);
    }

    /// <summary>DECIMAL(precision, scale), or DECIMAL(38, reduced scale) when the precision exceeds 38.</summary>
    public static SqlType Adjust(int precision, int scale)
    {
        if (precision <= SqlType.MaxDecimalPrecision)
        {
            return SqlType.Decimal(Math.Max(precision, 1), scale);
        }

        int integerDigits = precision - scale;
        int minimumScale = Math.Min(scale, MinimumAdjustedScale);
        int adjustedScale = Math.Max(SqlType.MaxDecimalPrecision - integerDigits, minimumScale);
        return SqlType.Decimal(SqlType.MaxDecimalPrecision, adjustedScale);
    }

    /// <summary>The (precision, scale) of a DECIMAL, or of the DECIMAL an integer type converts to exactly.</summary>
    public static (int Precision, int Scale) Parameters(SqlType type) => type.Kind switch
    {
        SqlTypeKind.Decimal => (type.Precision, type.Scale),
        _ when type.IsInteger => (type.IntegerDigits, 0),
        _ => throw new ArgumentException($"{type} is neither DECIMAL nor an integer type.", nameof(type)),
    };
}
