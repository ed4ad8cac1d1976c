using System.Globalization;
using System.Numerics;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// Normalizes, orders, compares and prints result values of either engine. Integers of any width become long,
/// decimals stay System.Decimal (scale does not matter: 1.50 equals 1.5), floats become double; strings, booleans,
/// DateOnly (DATE), DateTime (TIMESTAMP) and TimeOnly (TIME) compare exactly. Numbers compare across families
/// because the reference engine's result types are not Flink's (DuckDB sums INT to HUGEINT, averages DECIMAL to
/// DOUBLE): integer and decimal exactly, anything with a double within the tolerance.
/// </summary>
public static class SqlValue
{
    /// <summary>The default relative tolerance for doubles.</summary>
    public const double DefaultTolerance = 1e-9;

    public static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        bool or string or long or decimal or double or DateOnly or DateTime or TimeOnly => value,
        sbyte v => (long)v,
        byte v => (long)v,
        short v => (long)v,
        ushort v => (long)v,
        int v => (long)v,
        uint v => (long)v,
        ulong v => v <= long.MaxValue ? (long)v : (decimal)v,
        BigInteger v => v >= long.MinValue && v <= long.MaxValue ? (long)v : (decimal)v,
        Int128 v => v >= long.MinValue && v <= long.MaxValue ? (long)v : (decimal)v,
        // float -> double through its shortest text, so 0.1f compares as 0.1 rather than 0.100000001490116.
        float v => double.Parse(v.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        Half v => (double)v,
        char v => v.ToString(),
        _ => throw new ArgumentException($"unsupported result value type {value.GetType().FullName} ({value})", nameof(value)),
    };

    /// <summary>Whether two normalized values are equal; NULL equals NULL, NaN equals NaN.</summary>
    public static bool AreEqual(object? expected, object? actual, double tolerance)
    {
        switch (expected, actual)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (double e, _) when IsNumber(actual):
                return DoublesEqual(e, ToDouble(actual!), tolerance);
            case (_, double a) when IsNumber(expected):
                return DoublesEqual(ToDouble(expected), a, tolerance);
            case (long or decimal, long or decimal):
                return ToDecimal(expected) == ToDecimal(actual);
            case (DateTime e, DateTime a):
                return e.Ticks == a.Ticks;
            default:
                return expected.GetType() == actual.GetType() && expected.Equals(actual);
        }
    }

    /// <summary>A total order over normalized values (NULL first, then by type family, then by value) used to pair rows.</summary>
    public static int Compare(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return (left is null ? 0 : 1) - (right is null ? 0 : 1);
        }

        int family = Family(left).CompareTo(Family(right));
        if (family != 0)
        {
            return family;
        }

        return (left, right) switch
        {
            (long or decimal, long or decimal) => ToDecimal(left).CompareTo(ToDecimal(right)),
            _ when IsNumber(left) => ToDouble(left).CompareTo(ToDouble(right)),
            (string l, string r) => string.CompareOrdinal(l, r),
            (bool l, bool r) => l.CompareTo(r),
            (DateOnly l, DateOnly r) => l.CompareTo(r),
            (DateTime l, DateTime r) => l.Ticks.CompareTo(r.Ticks),
            (TimeOnly l, TimeOnly r) => l.CompareTo(r),
            _ => 0,
        };
    }

    /// <summary>A value as it is shown in a diff: SQL literal style, with C#-like suffixes for decimal (m) and double (d).</summary>
    public static string Format(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "TRUE" : "FALSE",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        DateOnly d => "DATE '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        DateTime t => "TIMESTAMP '" + t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "'",
        TimeOnly t => "TIME '" + t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "'",
        _ => value.ToString() ?? "",
    };

    public static string FormatRow(IReadOnlyList<object?> row) => "[" + string.Join(", ", row.Select(Format)) + "]";

    private static bool DoublesEqual(double expected, double actual, double tolerance)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected == actual;
        }

        double scale = Math.Max(1.0, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        return Math.Abs(expected - actual) <= tolerance * scale;
    }

    private static bool IsNumber(object? value) => value is long or decimal or double;

    private static double ToDouble(object value) => value switch
    {
        long l => l,
        decimal m => (double)m,
        double d => d,
        _ => throw new ArgumentException($"not a number: {value}", nameof(value)),
    };

    private static decimal ToDecimal(object value) => value switch
    {
        long l => l,
        decimal m => m,
        _ => throw new ArgumentException($"not an exact number: {value}", nameof(value)),
    };

    private static int Family(object value) => value switch
    {
        bool => 1,
        long or decimal or double => 2,
        string => 3,
        DateOnly => 4,
        DateTime => 5,
        TimeOnly => 6,
        _ => 7,
    };
}
