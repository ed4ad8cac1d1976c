using System.Globalization;
using System.Numerics;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Arithmetic;

public sealed class DecimalMathTests : PooledTest
{
    [Theory]
    [InlineData(ArithmeticOp.Add)]
    [InlineData(ArithmeticOp.Subtract)]
    [InlineData(ArithmeticOp.Multiply)]
    [InlineData(ArithmeticOp.Divide)]
    [InlineData(ArithmeticOp.Modulo)]
    public void Random_operands_of_mixed_scales_match_the_BigInteger_reference(ArithmeticOp op)
    {
        var random = new Random(42 + (int)op);
        int checkedFailures = 0;
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            // Precision-38 extremes often, small types too.
            int p1 = random.Next(4) == 0 ? 38 : random.Next(1, 39);
            int p2 = random.Next(4) == 0 ? 38 : random.Next(1, 39);
            int s1 = random.Next(p1 + 1);
            int s2 = random.Next(p2 + 1);
            SqlType result = ArithmeticKernels.ResultType(SqlType.Decimal(p1, s1), op, SqlType.Decimal(p2, s2));
            BigInteger x = DecimalReference.RandomUnscaled(random, p1);
            BigInteger y = DecimalReference.RandomUnscaled(random, p2);
            bool expectedOk = DecimalReference.TryCompute(op, x, s1, y, s2, result.Precision, result.Scale, out BigInteger expected, out _);
            bool ok = op switch
            {
                ArithmeticOp.Add => DecimalMath.TryAdd((Int128)x, s1, (Int128)y, s2, result.Precision, result.Scale, out Int128 r1) && Check(r1),
                ArithmeticOp.Subtract => DecimalMath.TrySubtract((Int128)x, s1, (Int128)y, s2, result.Precision, result.Scale, out Int128 r2) && Check(r2),
                ArithmeticOp.Multiply => DecimalMath.TryMultiply((Int128)x, s1, (Int128)y, s2, result.Precision, result.Scale, out Int128 r3) && Check(r3),
                ArithmeticOp.Divide => DecimalMath.TryDivide((Int128)x, s1, (Int128)y, s2, result.Precision, result.Scale, out Int128 r4) && Check(r4),
                _ => DecimalMath.TryModulo((Int128)x, s1, (Int128)y, s2, result.Precision, result.Scale, out Int128 r5) && Check(r5),
            };
            Assert.True(expectedOk == ok, $"DECIMAL({p1},{s1}) {x} {op} DECIMAL({p2},{s2}) {y} -> {result}: expected ok={expectedOk} ({expected})");
            checkedFailures += ok ? 0 : 1;

            bool Check(Int128 actual)
            {
                Assert.True(expectedOk, $"DECIMAL({p1},{s1}) {x} {op} DECIMAL({p2},{s2}) {y} -> {result} should fail but gave {actual}");
                Assert.Equal(expected, (BigInteger)actual);
                return true;
            }
        }

        // The mix must exercise the failure path too (except % which never overflows).
        Assert.True(op == ArithmeticOp.Modulo || checkedFailures > 20, $"only {checkedFailures} failures");
    }

    [Fact]
    public void Extreme_intermediates_fall_back_to_exact_arithmetic()
    {
        Int128 max38 = DecimalMath.Pow10(38) - 1;

        // DECIMAL(38, 0) + DECIMAL(38, 38) -> DECIMAL(38, 6): the 38-digit integer must be kept, the fraction rounded.
        Assert.True(DecimalMath.TryAdd(12345, 0, DecimalMath.Pow10(38) / 2, 38, 38, 6, out Int128 sum));
        Assert.Equal((Int128)12345_500000, sum);
        Assert.False(DecimalMath.TryAdd(max38, 0, 1, 38, 38, 6, out _));

        // 0.5 * 10^-6 rounds away from zero at scale 6.
        Assert.True(DecimalMath.TryMultiply(5, 7, 1, 0, 38, 6, out Int128 tiny));
        Assert.Equal((Int128)1, tiny);
        Assert.True(DecimalMath.TryMultiply(-5, 7, 1, 0, 38, 6, out Int128 negativeTiny));
        Assert.Equal((Int128)(-1), negativeTiny);

        // A product beyond 128 bits that still rounds into range.
        Assert.True(DecimalMath.TryMultiply(max38, 38, max38, 38, 38, 37, out Int128 square));
        Assert.Equal(DecimalReference.RoundHalfUp((BigInteger)max38 * (BigInteger)max38, BigInteger.Pow(10, 39)), (BigInteger)square);
        Assert.False(DecimalMath.TryDivide(1, 0, 0, 0, 38, 6, out _));
        Assert.Throws<DivideByZeroException>(() => DecimalMath.Divide(1, 0, 0, 0, 38, 6));
        Assert.Throws<OverflowException>(() => DecimalMath.Add(max38, 0, 1, 0, 38, 0));
    }

    [Fact]
    public void Division_rounds_half_up()
    {
        // 2 / 3 at scale 6 = 0.666667; -1 / 8 at scale 2 = -0.13 (0.125 rounds away from zero).
        Assert.True(DecimalMath.TryDivide(2, 0, 3, 0, 10, 6, out Int128 twoThirds));
        Assert.Equal((Int128)666667, twoThirds);
        Assert.True(DecimalMath.TryDivide(-1, 0, 8, 0, 10, 2, out Int128 eighth));
        Assert.Equal((Int128)(-13), eighth);
    }

    [Theory]
    [InlineData("12.345", 5, 2, "12.35")]
    [InlineData("12.344", 5, 2, "12.34")]
    [InlineData("-0.005", 5, 2, "-0.01")]
    [InlineData("  +7 ", 3, 0, "7")]
    [InlineData("1e3", 10, 2, "1000.00")]
    [InlineData("1.5E-2", 10, 3, "0.015")]
    [InlineData("-.5", 3, 0, "-1")]
    [InlineData("0.0000", 1, 0, "0")]
    [InlineData("000123.4500", 5, 2, "123.45")]
    [InlineData("99999999999999999999999999999999999999", 38, 0, "99999999999999999999999999999999999999")]
    [InlineData("0.12345678901234567890123456789012345678", 38, 38, "0.12345678901234567890123456789012345678")]
    [InlineData("0.123456789012345678901234567890123456785", 38, 38, "0.12345678901234567890123456789012345679")]
    [InlineData("1234567890123456789012345678901234567890e-10", 38, 8, "123456789012345678901234567890.12345679")]
    public void Parse_rounds_half_up_and_format_prints_the_scale(string text, int precision, int scale, string expected)
    {
        Int128 value = DecimalMath.Parse(text, precision, scale);
        Assert.Equal(expected, DecimalMath.Format(value, scale));
        Assert.Equal(DecimalParseStatus.Ok, DecimalMath.TryParse(System.Text.Encoding.UTF8.GetBytes(text), precision, scale, out Int128 utf8));
        Assert.Equal(value, utf8);
    }

    [Theory]
    [InlineData("12abc")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("1 2")]
    [InlineData("１２")]
    public void Parse_rejects_text_that_is_not_a_number(string text)
    {
        Assert.Equal(DecimalParseStatus.Invalid, DecimalMath.TryParse(text.AsSpan(), 10, 2, out _));
        Assert.Throws<FormatException>(() => DecimalMath.Parse(text, 10, 2));
    }

    [Theory]
    [InlineData("999.995", 5, 2)]
    [InlineData("1000", 5, 2)]
    [InlineData("1e38", 38, 0)]
    [InlineData("1", 1, 1)]
    public void Parse_reports_values_that_do_not_fit(string text, int precision, int scale)
    {
        Assert.Equal(DecimalParseStatus.Overflow, DecimalMath.TryParse(text.AsSpan(), precision, scale, out _));
        Assert.Throws<OverflowException>(() => DecimalMath.Parse(text, precision, scale));
    }

    [Fact]
    public void Format_and_parse_round_trip_random_values()
    {
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            int precision = random.Next(1, 39);
            int scale = random.Next(precision + 1);
            BigInteger unscaled = DecimalReference.RandomUnscaled(random, precision);
            string text = DecimalMath.Format((Int128)unscaled, scale);
            string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
            string expected = (unscaled.Sign < 0 ? "-" : string.Empty) + (scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..]);
            Assert.Equal(expected, text);
            Assert.Equal((Int128)unscaled, DecimalMath.Parse(text, precision, scale));
        }

        Assert.Equal("12.30", DecimalMath.Format(1230, 2));
        Assert.Equal("-0.05", DecimalMath.Format(-5, 2));
        Assert.Equal("0.000", DecimalMath.Format(0, 3));
    }

    [Fact]
    public void Rescale_is_exact_up_and_half_up_down()
    {
        Assert.Equal((Int128)13, DecimalMath.Rescale(125, 2, 1));
        Assert.Equal((Int128)(-13), DecimalMath.Rescale(-125, 2, 1));
        Assert.Equal((Int128)12, DecimalMath.Rescale(124, 2, 1));
        Assert.Equal((Int128)12500, DecimalMath.Rescale(125, 2, 4));
        Assert.Equal(Int128.Zero, DecimalMath.Rescale(DecimalMath.Pow10(38) - 1, 38, 0) - 1);
        Assert.False(DecimalMath.TryRescale(1, 0, 39, out _));
        Assert.Throws<OverflowException>(() => DecimalMath.Rescale(10, 0, 38));
        Assert.False(DecimalMath.TryRescale(99999, 2, 4, 2, out _));
        Assert.True(DecimalMath.FitsPrecision(DecimalMath.Pow10(38) - 1, 38));
        Assert.False(DecimalMath.FitsPrecision(-DecimalMath.Pow10(5), 5));
        Assert.Equal(39, DecimalMath.Pow10Table.Length);
        Assert.Equal(3, DecimalMath.DigitCount(-999));
    }

    [Fact]
    public void Conversions_to_and_from_double_are_correctly_rounded()
    {
        var random = new Random(9);
        for (int i = 0; i < 2000; i++)
        {
            int precision = random.Next(1, 39);
            int scale = random.Next(precision + 1);
            BigInteger unscaled = DecimalReference.RandomUnscaled(random, precision);
            string text = DecimalMath.Format((Int128)unscaled, scale);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), DecimalMath.ToDouble((Int128)unscaled, scale));
        }

        // The shortest text of 2.675 is "2.675", so HALF_UP gives 2.68 (the binary value is 2.67499999...).
        Assert.Equal(DecimalParseStatus.Ok, DecimalMath.TryFromDouble(2.675, 5, 2, out Int128 money));
        Assert.Equal((Int128)268, money);
        Assert.Equal(DecimalParseStatus.Ok, DecimalMath.TryFromDouble(1e20, 38, 2, out Int128 big));
        Assert.Equal(DecimalMath.Pow10(22), big);
        Assert.Equal(DecimalParseStatus.Invalid, DecimalMath.TryFromDouble(double.NaN, 5, 2, out _));
        Assert.Equal(DecimalParseStatus.Overflow, DecimalMath.TryFromDouble(1e5, 5, 2, out _));
    }

    [Fact]
    public void Result_types_follow_Flinks_rules_and_the_38_digit_cap()
    {
        SqlType d10s2 = SqlType.Decimal(10, 2);
        SqlType d5s3 = SqlType.Decimal(5, 3);
        Assert.Equal(SqlType.Decimal(12, 3), ArithmeticKernels.ResultType(d10s2, ArithmeticOp.Add, d5s3));
        Assert.Equal(SqlType.Decimal(12, 3), ArithmeticKernels.ResultType(d10s2, ArithmeticOp.Subtract, d5s3));
        Assert.Equal(SqlType.Decimal(15, 5), ArithmeticKernels.ResultType(d10s2, ArithmeticOp.Multiply, d5s3));
        Assert.Equal(SqlType.Decimal(19, 8), ArithmeticKernels.ResultType(d10s2, ArithmeticOp.Divide, d5s3));
        Assert.Equal(SqlType.Decimal(5, 3), ArithmeticKernels.ResultType(d10s2, ArithmeticOp.Modulo, d5s3));
        Assert.Equal(SqlType.Decimal(13, 2), ArithmeticKernels.ResultType(SqlType.Int, ArithmeticOp.Add, SqlType.Decimal(5, 2)));
        Assert.Equal(SqlType.Decimal(22, 2), ArithmeticKernels.ResultType(SqlType.BigInt, ArithmeticOp.Multiply, SqlType.Decimal(3, 2)));

        // Over 38 digits: keep the integer digits, but at least min(scale, 6) fraction digits.
        Assert.Equal(SqlType.Decimal(38, 6), ArithmeticKernels.ResultType(SqlType.Decimal(38, 10), ArithmeticOp.Multiply, SqlType.Decimal(38, 10)));
        Assert.Equal(SqlType.Decimal(38, 6), ArithmeticKernels.ResultType(SqlType.Decimal(38, 0), ArithmeticOp.Add, SqlType.Decimal(38, 38)));
        Assert.Equal(SqlType.Decimal(38, 4), ArithmeticKernels.ResultType(SqlType.Decimal(30, 2), ArithmeticOp.Multiply, SqlType.Decimal(30, 2)));
        Assert.Equal(SqlType.Decimal(38, 8), ArithmeticKernels.ResultType(SqlType.Decimal(20, 0), ArithmeticOp.Divide, SqlType.Decimal(20, 10)));
        Assert.Equal(SqlType.Double, ArithmeticKernels.ResultType(d10s2, ArithmeticOp.Add, SqlType.Double));
    }

    [Fact]
    public void Column_overflow_names_the_exact_value_and_the_result_type()
    {
        SqlType type = SqlType.Decimal(38, 0);
        using Columns.ColumnVector x = Columns.ColumnFactory.FromValues<Int128>(type, [1, DecimalMath.Pow10(37)], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, Columns.ScalarValue.Decimal(20, 2, 0), default, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(1, error.Row);
        Assert.Contains("= 2" + new string('0', 38), error.Message);
        Assert.Contains("DECIMAL(38, 0)", error.Message);
    }
}
