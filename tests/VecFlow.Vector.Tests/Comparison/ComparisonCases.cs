using System.Numerics;
using System.Text;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Comparison;

/// <summary>One pair of operand types with value generators (edge values, many ties) and the reference order.</summary>
internal sealed record ComparisonCase(
    SqlType Left,
    SqlType Right,
    Func<Random, object> NextLeft,
    Func<Random, object> NextRight,
    Func<object, object, int?> Order)
{
    public static readonly IReadOnlyDictionary<string, ComparisonCase> All = Build();

    /// <summary>A column of <paramref name="type"/> from physical values (null = SQL NULL).</summary>
    public static ColumnVector Column(SqlType type, object?[] values, BufferPool pool) => type.Kind switch
    {
        SqlTypeKind.Boolean => ColumnFactory.FromBooleans([.. values.Select(v => (bool?)v)], pool),
        SqlTypeKind.Varchar => ColumnFactory.FromStrings([.. values.Select(v => (string?)v)], pool),
        SqlTypeKind.TinyInt => Typed<sbyte>(type, values, pool),
        SqlTypeKind.SmallInt => Typed<short>(type, values, pool),
        SqlTypeKind.Float => Typed<float>(type, values, pool),
        SqlTypeKind.Double => Typed<double>(type, values, pool),
        SqlTypeKind.Decimal => Typed<Int128>(type, values, pool),
        _ when type.FixedWidth == 4 => Typed<int>(type, values, pool),
        _ => Typed<long>(type, values, pool),
    };

    private static ColumnVector Typed<T>(SqlType type, object?[] values, BufferPool pool)
        where T : struct => ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (T?)null : (T)v)], pool);

    private static Dictionary<string, ComparisonCase> Build()
    {
        var cases = new Dictionary<string, ComparisonCase>
        {
            ["TINYINT"] = Same(SqlType.TinyInt, Numbers<sbyte>([sbyte.MinValue, sbyte.MaxValue, 0, -1, 1])),
            ["SMALLINT"] = Same(SqlType.SmallInt, Numbers<short>([short.MinValue, short.MaxValue, 0, -1, 1])),
            ["INT"] = Same(SqlType.Int, Numbers<int>([int.MinValue, int.MaxValue, 0, -1, 1])),
            ["BIGINT"] = Same(SqlType.BigInt, Numbers<long>([long.MinValue, long.MaxValue, 0, -1, 1])),
            ["FLOAT"] = Same(SqlType.Float, Numbers<float>(
                [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, float.MinValue, float.Epsilon])),
            ["DOUBLE"] = Same(SqlType.Double, Numbers<double>(
                [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0d, -0d, double.MaxValue, double.MinValue, double.Epsilon])),
            ["DATE"] = Same(SqlType.Date, Numbers<int>([int.MinValue, int.MaxValue, 0, -1, 19_000])),
            ["TIME"] = Same(SqlType.Time, Numbers<int>([0, 86_399_999, 1, 43_200_000])),
            ["TIMESTAMP"] = Same(SqlType.Timestamp, Numbers<long>([long.MinValue, long.MaxValue, 0, -1, 1_700_000_000_000])),
            ["TIMESTAMP_LTZ"] = Same(SqlType.TimestampLtz, Numbers<long>([long.MinValue, long.MaxValue, 0, -1, 1_700_000_000_000])),
            ["INTERVAL DAY TO SECOND"] = Same(SqlType.IntervalDayTime, Numbers<long>([long.MinValue, long.MaxValue, 0, -1, 86_400_000])),
            ["INTERVAL YEAR TO MONTH"] = Same(SqlType.IntervalYearMonth, Numbers<int>([int.MinValue, int.MaxValue, 0, -1, 12])),
            ["BOOLEAN"] = new(SqlType.Boolean, SqlType.Boolean, r => r.Next(2) == 0, r => r.Next(2) == 0, (a, b) => ((bool)a).CompareTo((bool)b)),
            ["VARCHAR"] = new(SqlType.Varchar, SqlType.Varchar, NextString, NextString, (a, b) => Reference.CodePointOrder((string)a, (string)b)),
        };

        // Decimal pairs: equal scales, and mixed scales in both directions up to the full 0 / 38 spread.
        (int P, int S, int Q, int T)[] decimals = [(38, 10, 38, 10), (10, 2, 38, 7), (38, 7, 10, 2), (38, 0, 38, 38), (38, 38, 38, 0), (5, 5, 38, 1), (19, 0, 38, 19)];
        foreach ((int p, int s, int q, int t) in decimals)
        {
            cases[$"DECIMAL({p},{s}) vs DECIMAL({q},{t})"] = new(
                SqlType.Decimal(p, s),
                SqlType.Decimal(q, t),
                Decimals(s),
                Decimals(t),
                (a, b) => Reference.DecimalOrder((Int128)a, s, (Int128)b, t));
        }

        return cases;
    }

    private static ComparisonCase Same(SqlType type, (Func<Random, object> Next, Func<object, object, int?> Order) numbers) =>
        new(type, type, numbers.Next, numbers.Next, numbers.Order);

    private static (Func<Random, object>, Func<object, object, int?>) Numbers<T>(T[] edges)
        where T : INumber<T>
    {
        object Next(Random r) => r.Next(3) switch
        {
            0 => edges[r.Next(edges.Length)],
            1 => T.CreateTruncating(r.Next(-3, 4)),
            _ => T.CreateTruncating(r.NextDouble() * 2e9 * (r.Next(2) == 0 ? 1 : -1)),
        };

        return (Next, (a, b) => Reference.Order((T)a, (T)b));
    }

    private static readonly Int128 MaxPrecision38 = Int128.Parse("99999999999999999999999999999999999999");

    private static Func<Random, object> Decimals(int scale)
    {
        Int128[] edges = [0, 1, -1, MaxPrecision38, -MaxPrecision38, MaxPrecision38 / 10 + 1, -(MaxPrecision38 / 10 + 1), Int128.MaxValue, Int128.MinValue];
        Int128 unit = Int128.Parse("1" + new string('0', scale));
        Int128 tenth = scale == 0 ? 1 : unit / 10;
        return r => r.Next(5) switch
        {
            0 => edges[r.Next(edges.Length)],
            // Whole and one-decimal numbers: the same values turn up on both sides whatever their scales.
            1 => (scale == SqlType.MaxDecimalPrecision ? 1 : unit) * r.Next(-3, 4),
            2 => tenth * r.Next(-30, 31),
            3 => (Int128)r.NextInt64(long.MinValue, long.MaxValue) * r.Next(1, 1000),
            _ => new Int128((ulong)r.NextInt64(), (ulong)r.NextInt64()),
        };
    }

    private static readonly string[] Strings =
    [
        "", "a", "ab", "abc", "abd", "b", "B", "é", "e", "e\u0301", "日本", "日", "日本語", "😀", "😀a", "\uFFFD", "\uE000", "\uFF5E",
        "z", "a\0", "\u007F", "\u0080", "ß", "ss",
    ];

    private static string NextString(Random r)
    {
        if (r.Next(3) != 0)
        {
            return Strings[r.Next(Strings.Length)];
        }

        var text = new StringBuilder();
        int length = r.Next(0, 6);
        for (int i = 0; i < length; i++)
        {
            int codePoint = r.Next(5) switch
            {
                0 => r.Next(0x20, 0x7F),
                1 => r.Next(0x80, 0x800),
                2 => r.Next(0x3040, 0x9FFF),
                3 => r.Next(0xE000, 0xFFFE),
                _ => r.Next(0x1F300, 0x1FAFF),
            };
            text.Append(new Rune(codePoint).ToString());
        }

        return text.ToString();
    }
}
