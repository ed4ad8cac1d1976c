using System.Globalization;
using System.Text.RegularExpressions;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Tests.Arithmetic;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Cast;

public sealed partial class TextCastTests : PooledTest
{
    public TextCastTests()
    {
        Pool.TrackRentSites = false;
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(1234567.5, "1234567.5")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(1.5e10, "1.5E10")]
    [InlineData(123.456, "123.456")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(double.Epsilon, "5.0E-324")]
    [InlineData(-2.5e-300, "-2.5E-300")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Doubles_print_as_Java_does(double value, string expected)
    {
        Assert.Equal(expected, ToText(SqlType.Double, value));
    }

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1e10f, "1.0E10")]
    [InlineData(3.4028235e38f, "3.4028235E38")]
    [InlineData(100f, "100.0")]
    [InlineData(-0.00123f, "-0.00123")]
    public void Floats_print_their_own_shortest_digits(float value, string expected)
    {
        Assert.Equal(expected, ToText(SqlType.Float, value));
    }

    [Fact]
    public void Random_doubles_round_trip_through_text_in_Java_layout()
    {
        var random = new Random(21);
        for (int i = 0; i < 3000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            string text = ToText(SqlType.Double, value);
            Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
            double magnitude = Math.Abs(value);
            Assert.Matches(magnitude is >= 1e-3 and < 1e7 ? PlainLayout() : ScientificLayout(), text);
            string shortest = value.ToString("R", CultureInfo.InvariantCulture);
            Assert.Equal(SignificantDigits(shortest), SignificantDigits(text));
        }
    }

    [Fact]
    public void Every_type_prints_to_varchar()
    {
        Assert.Equal("-128", ToText(SqlType.TinyInt, (sbyte)-128));
        Assert.Equal("32767", ToText(SqlType.SmallInt, short.MaxValue));
        Assert.Equal("-2147483648", ToText(SqlType.Int, int.MinValue));
        Assert.Equal("9223372036854775807", ToText(SqlType.BigInt, long.MaxValue));
        Assert.Equal("12.30", ToText(SqlType.Decimal(5, 2), (Int128)1230));
        Assert.Equal("-0.05", ToText(SqlType.Decimal(5, 2), (Int128)(-5)));
        Assert.Equal("7", ToText(SqlType.Decimal(5, 0), (Int128)7));
        Assert.Equal("TRUE", ToText(SqlType.Boolean, true));
        Assert.Equal("FALSE", ToText(SqlType.Boolean, false));
        Assert.Equal("2024-02-29", ToText(SqlType.Date, Day(2024, 2, 29)));
        Assert.Equal("1969-12-31", ToText(SqlType.Date, -1));
        Assert.Equal("0000-01-01", ToText(SqlType.Date, -719_528));
        Assert.Equal("12:34:56", ToText(SqlType.Time, ((12 * 3600) + (34 * 60) + 56) * 1000));
        Assert.Equal("12:34:56.789", ToText(SqlType.Time, ((((12 * 3600) + (34 * 60) + 56) * 1000) + 789)));
        Assert.Equal("00:00:00.005", ToText(SqlType.Time, 5));
        Assert.Equal("2024-01-01 00:00:00", ToText(SqlType.Timestamp, Day(2024, 1, 1) * 86_400_000L));
        Assert.Equal("2024-01-01 00:00:00.500", ToText(SqlType.TimestampLtz, (Day(2024, 1, 1) * 86_400_000L) + 500));
        Assert.Equal("1969-12-31 23:59:59.999", ToText(SqlType.Timestamp, -1L));
        Assert.Equal("+1 02:03:04.005", ToText(SqlType.IntervalDayTime, 93_784_005L));
        Assert.Equal("-0 00:00:01.000", ToText(SqlType.IntervalDayTime, -1000L));
        Assert.Equal("+1-02", ToText(SqlType.IntervalYearMonth, 14));
        Assert.Equal("-0-01", ToText(SqlType.IntervalYearMonth, -1));
    }

    [Fact]
    public void Varchar_n_keeps_the_first_n_characters()
    {
        using ColumnVector text = ColumnFactory.FromStrings(["héllo wörld", "ab", null, "日本語テキスト"], Pool);
        using ColumnVector shortened = CastKernels.Cast(text, new SqlType(SqlTypeKind.Varchar, 3), default, Pool);
        Assert.Equal(new object?[] { "hél", "ab", null, "日本語" }, ColumnFactory.ToObjects(shortened));
        using ColumnVector numbers = ColumnFactory.FromValues<long>(SqlType.BigInt, [123456], Pool);
        using ColumnVector digits = CastKernels.Cast(numbers, new SqlType(SqlTypeKind.Varchar, 4), default, Pool);
        Assert.Equal("1234", ColumnFactory.ToObjects(digits)[0]);
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("  -42\t", -42L)]
    [InlineData("+7", 7L)]
    [InlineData("1.9", 1L)]
    [InlineData("-1.9", -1L)]
    [InlineData("5.", 5L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Text_parses_to_integers_truncating_a_fraction(string text, long expected)
    {
        Assert.Equal(expected, FromText(text, SqlType.BigInt));
    }

    [Theory]
    [InlineData("12abc", "INT", "expected an integer")]
    [InlineData("", "INT", "expected an integer")]
    [InlineData("1e5", "INT", "expected an integer")]
    [InlineData("- 1", "INT", "expected an integer")]
    [InlineData("2147483648", "INT", "outside the INT range -2147483648..2147483647")]
    [InlineData("300", "TINYINT", "outside the TINYINT range -128..127")]
    [InlineData("9223372036854775808", "BIGINT", "outside the BIGINT range")]
    [InlineData("99999999999999999999999", "BIGINT", "outside the BIGINT range")]
    [InlineData("abc", "DOUBLE", "expected a number")]
    [InlineData("1e400", "DOUBLE", "outside the DOUBLE range")]
    [InlineData("3.5e38", "FLOAT", "outside the FLOAT range")]
    [InlineData("12.3.4", "DECIMAL(5, 2)", "expected a decimal number")]
    [InlineData("1000", "DECIMAL(5, 2)", "outside the DECIMAL(5, 2) range -999.99..999.99")]
    [InlineData("2023-02-29", "DATE", "expected a valid date 'yyyy-MM-dd'")]
    [InlineData("2024-13-01", "DATE", "expected a valid date")]
    [InlineData("20240101", "DATE", "expected a valid date")]
    [InlineData("24:00:00", "TIME", "expected a valid time")]
    [InlineData("12:60", "TIME", "expected a valid time")]
    [InlineData("2024-01-01X12:00:00", "TIMESTAMP(3)", "expected a valid timestamp")]
    [InlineData("2024-01-01 12:00:00.", "TIMESTAMP(3)", "expected a valid timestamp")]
    [InlineData("2024-01-01 12:00:00Z", "TIMESTAMP_LTZ(3)", "expected a valid timestamp")]
    [InlineData("maybe", "BOOLEAN", "expected one of 'true', 'false'")]
    public void Invalid_text_is_an_invalid_cast_that_quotes_the_text_and_names_the_type(string text, string typeName, string reason)
    {
        SqlType target = Parse(typeName);
        using ColumnVector input = ColumnFactory.FromStrings([Valid(target), text], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(input, target, default, Pool));
        Assert.Equal(SqlErrorKind.InvalidCast, error.Kind);
        Assert.Equal(1, error.Row);
        Assert.StartsWith($"cannot cast '{text}' to {typeName}: ", error.Detail);
        Assert.Contains(reason, error.Detail);
        using ColumnVector skipped = CastKernels.Cast(input, target, [0b01UL], Pool);
        Assert.Equal(2, skipped.Length);
    }

    [Fact]
    public void Text_parses_to_every_target_type()
    {
        Assert.Equal(1.5, FromText(" 1.5 ", SqlType.Double));
        Assert.Equal(-2e10, FromText("-2E10", SqlType.Double));
        Assert.True(double.IsNaN((double)FromText("NaN", SqlType.Double)!));
        Assert.Equal(double.NegativeInfinity, FromText("-Infinity", SqlType.Double));
        Assert.Equal(0.1f, FromText("0.1", SqlType.Float));
        Assert.Equal((Int128)1235, FromText("12.345", SqlType.Decimal(5, 2)));
        Assert.Equal((Int128)(-1235), FromText("-12.345", SqlType.Decimal(5, 2)));
        Assert.Equal((sbyte)-128, FromText("-128", SqlType.TinyInt));
        Assert.Equal((short)-32768, FromText("-32768.99", SqlType.SmallInt));
        Assert.Equal(Day(2024, 2, 29), FromText("2024-02-29", SqlType.Date));
        Assert.Equal(Day(2024, 2, 9), FromText(" 2024-2-9 ", SqlType.Date));
        Assert.Equal(Day(1, 1, 1), FromText("0001-01-01", SqlType.Date));
        Assert.Equal(((12 * 3600) + (34 * 60)) * 1000, FromText("12:34", SqlType.Time));
        Assert.Equal((((12 * 3600) + (34 * 60) + 56) * 1000) + 700, FromText("12:34:56.7", SqlType.Time));
        long noon = (Day(2024, 1, 1) * 86_400_000L) + (12 * 3_600_000L);
        Assert.Equal(noon, FromText("2024-01-01 12:00:00", SqlType.Timestamp));
        Assert.Equal(noon + 123, FromText("2024-01-01T12:00:00.123456", SqlType.Timestamp));
        Assert.Equal(noon + 120, FromText("2024-01-01 12:00:00.12", SqlType.TimestampLtz));
        Assert.Equal(Day(2024, 1, 1) * 86_400_000L, FromText("2024-01-01", SqlType.Timestamp));
        Assert.Equal(Day(1969, 12, 31) * 86_400_000L, FromText("1969-12-31 00:00", SqlType.Timestamp));
        foreach (string t in new[] { "true", "TRUE", " yes ", "Y", "t", "1" })
        {
            Assert.Equal(true, FromText(t, SqlType.Boolean));
        }

        foreach (string f in new[] { "false", "False", "no", "N", "f", "0" })
        {
            Assert.Equal(false, FromText(f, SqlType.Boolean));
        }
    }

    [Fact]
    public void Parsing_every_length_raises_only_for_live_non_null_rows()
    {
        var random = new Random(31);
        foreach (int n in KernelTestData.Lengths())
        {
            RowMode mode = (RowMode)(n % 4);
            bool[] valid = KernelTestData.Validity(random, n, mode);
            bool[] live = KernelTestData.Live(random, n, mode);
            int planted = mode == RowMode.PlantedFailure && n > 0 ? random.Next(n) : -1;
            if (planted >= 0)
            {
                valid[planted] = live[planted] = true;
            }

            ulong[] mask = KernelTestData.Mask(live, mode);
            int[] numbers = Enumerable.Range(0, n).Select(_ => random.Next()).Select(v => v - (int.MaxValue / 2)).ToArray();
            string?[] texts = new string?[n];
            for (int i = 0; i < n; i++)
            {
                bool bad = !live[i] || i == planted;
                texts[i] = !valid[i] ? null : bad ? "x" + numbers[i] : numbers[i].ToString(CultureInfo.InvariantCulture);
            }

            using ColumnVector input = ColumnFactory.FromStrings(texts, Pool);
            if (planted >= 0)
            {
                var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(input, SqlType.Int, mask, Pool));
                Assert.Equal(planted, error.Row);
                continue;
            }

            using ColumnVector ints = CastKernels.Cast(input, SqlType.Int, mask, Pool);
            using ColumnVector back = CastKernels.Cast(ints, SqlType.Varchar, default, Pool);
            object?[] actual = ColumnFactory.ToObjects(ints);
            object?[] roundTrip = ColumnFactory.ToObjects(back);
            for (int i = 0; i < n; i++)
            {
                if (texts[i] is null)
                {
                    Assert.Null(actual[i]);
                    Assert.Null(roundTrip[i]);
                }
                else if (live[i])
                {
                    Assert.Equal(numbers[i], actual[i]);
                    Assert.Equal(texts[i], roundTrip[i]);
                }
            }
        }
    }

    [Fact]
    public void Every_type_round_trips_through_text()
    {
        var random = new Random(41);
        SqlType[] types =
        [
            SqlType.Boolean, SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt, SqlType.Float, SqlType.Double,
            SqlType.Decimal(38, 10), SqlType.Date, SqlType.Time, SqlType.Timestamp, SqlType.TimestampLtz,
        ];
        foreach (SqlType type in types)
        {
            object?[] values = Enumerable.Range(0, 200).Select(i => i % 17 == 0 ? null : RandomValue(random, type)).ToArray();
            using ColumnVector input = KernelTestData.Column(type, values, Pool);
            using ColumnVector text = CastKernels.Cast(input, SqlType.Varchar, default, Pool);
            using ColumnVector back = CastKernels.Cast(text, type, default, Pool);
            Assert.Equal(values, ColumnFactory.ToObjects(back));
        }
    }

    [Fact]
    public void Constants_fold_with_the_same_rules()
    {
        Assert.Equal(ScalarValue.Int(42), CastKernels.Cast(ScalarValue.String(" 42 "), SqlType.Int));
        Assert.Equal(ScalarValue.String("1.5"), CastKernels.Cast(ScalarValue.Double(1.5), SqlType.Varchar));
        Assert.True(CastKernels.Cast(ScalarValue.Null(SqlType.Varchar), SqlType.Date).IsNull);
        Assert.Equal(SqlType.Date, CastKernels.Cast(ScalarValue.Null(SqlType.Varchar), SqlType.Date).Type);
        var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(ScalarValue.String("12abc"), SqlType.Int));
        Assert.Contains("'12abc'", error.Message);
        Assert.Contains("INT", error.Message);
    }

    private static object? RandomValue(Random random, SqlType type) => type.Kind switch
    {
        SqlTypeKind.Boolean => random.Next(2) == 0,
        SqlTypeKind.Float => (float)BitConverter.Int32BitsToSingle(random.Next()) is var f && float.IsFinite(f) ? f : 1.5f,
        SqlTypeKind.Double => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? -d : 2.5,
        SqlTypeKind.Decimal => (Int128)DecimalReference.RandomUnscaled(random, type.Precision),
        SqlTypeKind.Date => random.Next(-719_528, 2_932_897),
        SqlTypeKind.Time => random.Next(86_400_000),
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => random.NextInt64(-62_167_219_200_000, 253_402_300_800_000),
        _ => KernelTestData.Physical(type, random.NextInt64(KernelTestData.Range(type).Min, KernelTestData.Range(type).Max)),
    };

    private static SqlType Parse(string name) => name switch
    {
        "INT" => SqlType.Int,
        "TINYINT" => SqlType.TinyInt,
        "BIGINT" => SqlType.BigInt,
        "DOUBLE" => SqlType.Double,
        "FLOAT" => SqlType.Float,
        "DECIMAL(5, 2)" => SqlType.Decimal(5, 2),
        "DATE" => SqlType.Date,
        "TIME" => SqlType.Time,
        "TIMESTAMP(3)" => SqlType.Timestamp,
        "TIMESTAMP_LTZ(3)" => SqlType.TimestampLtz,
        _ => SqlType.Boolean,
    };

    private static string Valid(SqlType type) => type.Kind switch
    {
        SqlTypeKind.Date => "2024-01-01",
        SqlTypeKind.Time => "00:00:00",
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => "2024-01-01 00:00:00",
        SqlTypeKind.Boolean => "true",
        _ => "0",
    };

    private static int Day(int year, int month, int day) => new DateOnly(year, month, day).DayNumber - new DateOnly(1970, 1, 1).DayNumber;

    private static string SignificantDigits(string text)
    {
        string mantissa = text.Split('E')[0].TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal);
        return mantissa.Trim('0');
    }

    private string ToText(SqlType type, object value)
    {
        using ColumnVector input = KernelTestData.Column(type, [value], Pool);
        using ColumnVector text = CastKernels.Cast(input, SqlType.Varchar, default, Pool);
        return (string)ColumnFactory.ToObjects(text)[0]!;
    }

    private object? FromText(string text, SqlType type)
    {
        using ColumnVector input = ColumnFactory.FromStrings([text], Pool);
        using ColumnVector value = CastKernels.Cast(input, type, default, Pool);
        return ColumnFactory.ToObjects(value)[0];
    }

    [GeneratedRegex(@"^-?\d+\.\d+$")]
    private static partial Regex PlainLayout();

    [GeneratedRegex(@"^-?\d\.\d+E-?\d+$")]
    private static partial Regex ScientificLayout();
}
