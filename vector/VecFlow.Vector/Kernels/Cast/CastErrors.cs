using System.Text;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>CAST failures: the message quotes the offending value, names the target type and says what would be valid.</summary>
internal static class CastErrors
{
    private const int MaxQuotedChars = 100;

    public static SqlRuntimeException Failure(int row, string value, SqlType target, string reason) =>
        new(SqlErrorKind.InvalidCast, row, $"cannot cast {value} to {Name(target)}: {reason}");

    public static SqlRuntimeException OutOfRange(int row, string value, SqlType target) =>
        Failure(row, value, target, $"the value is outside the {Name(target)} range {RangeOf(target)}");

    public static string Name(SqlType type) => type.WithNullable(true).ToString();

    /// <summary>UTF-8 text as a SQL string literal, shortened when long.</summary>
    public static string Quote(ReadOnlySpan<byte> utf8)
    {
        string text = Encoding.UTF8.GetString(utf8);
        if (text.Length > MaxQuotedChars)
        {
            text = text[..MaxQuotedChars] + "...";
        }

        return "'" + text.Replace("'", "''") + "'";
    }

    /// <summary>The valid values of a target type, as text.</summary>
    public static string RangeOf(SqlType type) => type.Kind switch
    {
        SqlTypeKind.TinyInt => "-128..127",
        SqlTypeKind.SmallInt => "-32768..32767",
        SqlTypeKind.Int => "-2147483648..2147483647",
        SqlTypeKind.BigInt => "-9223372036854775808..9223372036854775807",
        SqlTypeKind.Float => "-3.4028235E38..3.4028235E38",
        SqlTypeKind.Double => "-1.7976931348623157E308..1.7976931348623157E308",
        SqlTypeKind.Decimal => DecimalRange(type.Precision, type.Scale),
        SqlTypeKind.Date => "0000-01-01..9999-12-31",
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => "0000-01-01 00:00:00..9999-12-31 23:59:59.999",
        _ => "of " + Name(type),
    };

    private static string DecimalRange(int precision, int scale)
    {
        string max = DecimalMath.Format(DecimalMath.Pow10(precision) - 1, scale);
        return "-" + max + ".." + max;
    }
}
