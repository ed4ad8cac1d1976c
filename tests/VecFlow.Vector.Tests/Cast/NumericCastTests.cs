using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Tests.Arithmetic;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Cast;

public sealed class NumericCastTests : PooledTest
{
    private static readonly SqlType[] Types =
    [
        SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt, SqlType.Float, SqlType.Double,
        SqlType.Decimal(5, 2), SqlType.Decimal(38, 10), SqlType.Decimal(20, 0), SqlType.Boolean,
    ];

    public NumericCastTests()
    {
        Pool.TrackRentSites = false;
    }

    public static TheoryData<int, int> Pairs()
    {
        var data = new TheoryData<int, int>();
        for (int f = 0; f < Types.Length; f++)
        {
            for (int t = 0; t < Types.Length; t++)
            {
                if (f != t && CastKernels.CanCast(Types[f], Types[t]))
                {
                    data.Add(f, t);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_numeric_pair_matches_the_exact_reference_for_every_length(int fromIndex, int toIndex)
    {
        SqlType from = Types[fromIndex];
        SqlType to = Types[toIndex];
        var random = new Random((fromIndex * 100) + toIndex);
        foreach (int n in KernelTestData.Lengths())
        {
            RunCase(random, from, to, n, (RowMode)((n + fromIndex + toIndex) % 4));
        }
    }

    [Fact]
    public void Narrowing_names_the_value_and_the_valid_range()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [5, 300], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(ints, SqlType.TinyInt, default, Pool));
        Assert.Equal(SqlErrorKind.InvalidCast, error.Kind);
        Assert.Equal(1, error.Row);
        Assert.Equal("cannot cast 300 to TINYINT: the value is outside the TINYINT range -128..127", error.Detail);
        using ColumnVector ok = CastKernels.Cast(ints, SqlType.TinyInt, [0b01UL], Pool);
        Assert.Equal((sbyte)5, ok.Values<sbyte>()[0]);
    }

    [Fact]
    public void Floating_point_to_integer_truncates_toward_zero_and_rejects_non_finite_values()
    {
        using ColumnVector doubles = ColumnFactory.FromValues<double>(SqlType.Double, [2.7, -2.7, 2147483647.9, -2147483648.9], Pool);
        using ColumnVector ints = CastKernels.Cast(doubles, SqlType.Int, default, Pool);
        Assert.Equal([2, -2, int.MaxValue, int.MinValue], ints.Values<int>().ToArray());
        using ColumnVector nan = ColumnFactory.FromValues<double>(SqlType.Double, [double.NaN], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(nan, SqlType.BigInt, default, Pool));
        Assert.Contains("cannot cast NaN to BIGINT", error.Message);
        using ColumnVector big = ColumnFactory.FromValues<double>(SqlType.Double, [9.223372036854775807E18], Pool);
        Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(big, SqlType.BigInt, default, Pool));
    }

    [Fact]
    public void Decimal_casts_truncate_to_integers_and_round_half_up_between_scales()
    {
        using ColumnVector money = ColumnFactory.FromValues<Int128>(SqlType.Decimal(5, 2), [12345, -12345, 99995], Pool);
        using ColumnVector ints = CastKernels.Cast(money, SqlType.Int, default, Pool);
        Assert.Equal([123, -123, 999], ints.Values<int>().ToArray());
        using ColumnVector rescaled = CastKernels.Cast(money, SqlType.Decimal(5, 1), default, Pool);
        Assert.Equal(new Int128[] { 1235, -1235, 10000 }, rescaled.Values<Int128>().ToArray());
        var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(money, SqlType.Decimal(4, 1), default, Pool));
        Assert.Equal(2, error.Row);
        Assert.Contains("cannot cast 999.95 to DECIMAL(4, 1)", error.Message);
        Assert.Contains("-999.9..999.9", error.Message);
    }

    [Fact]
    public void Floating_point_to_decimal_rounds_the_shortest_text_half_up()
    {
        using ColumnVector doubles = ColumnFactory.FromValues<double>(SqlType.Double, [2.675, 0.125, -0.125, 1e-10], Pool);
        using ColumnVector money = CastKernels.Cast(doubles, SqlType.Decimal(5, 2), default, Pool);
        Assert.Equal(new Int128[] { 268, 13, -13, 0 }, money.Values<Int128>().ToArray());
        using ColumnVector floats = ColumnFactory.FromValues<float>(SqlType.Float, [0.1f], Pool);
        using ColumnVector precise = CastKernels.Cast(floats, SqlType.Decimal(10, 9), default, Pool);
        Assert.Equal((Int128)100_000_000, precise.Values<Int128>()[0]);
        using ColumnVector infinity = ColumnFactory.FromValues<double>(SqlType.Double, [double.NegativeInfinity], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(infinity, SqlType.Decimal(5, 2), default, Pool));
        Assert.Contains("-Infinity", error.Message);
        Assert.Contains("DECIMAL(5, 2)", error.Message);
    }

    [Fact]
    public void Booleans_and_integers_convert_both_ways()
    {
        using ColumnVector flags = ColumnFactory.FromBooleans([true, false, null], Pool);
        using ColumnVector ints = CastKernels.Cast(flags, SqlType.Int, default, Pool);
        Assert.Equal(new object?[] { 1, 0, null }, ColumnFactory.ToObjects(ints));
        using ColumnVector money = CastKernels.Cast(flags, SqlType.Decimal(3, 2), default, Pool);
        Assert.Equal(new object?[] { (Int128)100, Int128.Zero, null }, ColumnFactory.ToObjects(money));
        Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(flags, SqlType.Decimal(1, 1), default, Pool));
        using ColumnVector numbers = ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { 5, 0, null, -1 }, Pool);
        using ColumnVector back = CastKernels.Cast(numbers, SqlType.Boolean, default, Pool);
        Assert.Equal(new object?[] { true, false, null, true }, ColumnFactory.ToObjects(back));
        Assert.Equal(0UL, back.BooleanWords[0] & 0b0100UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunCase(Random random, SqlType from, SqlType to, int n, RowMode mode)
    {
        bool[] valid = KernelTestData.Validity(random, n, mode);
        bool[] live = KernelTestData.Live(random, n, mode);
        int planted = mode == RowMode.PlantedFailure && n > 0 ? random.Next(n) : -1;
        if (planted >= 0)
        {
            valid[planted] = live[planted] = true;
        }

        ulong[] mask = KernelTestData.Mask(live, mode);
        object? hostile = Hostile(from, to);
        object?[] values = new object?[n];
        bool[] converts = new bool[n];
        object?[] expected = new object?[n];
        for (int i = 0; i < n; i++)
        {
            // Values that fail hide under NULLs and non-live rows (and one planted live row); other rows must convert.
            bool wantFailure = !valid[i] || !live[i] || i == planted;
            object value = wantFailure && hostile is not null && random.Next(2) == 0 ? hostile : Generate(random, from);
            converts[i] = TryReference(value, from, to, out expected[i]);
            for (int attempt = 0; attempt < 10 && !wantFailure && !converts[i]; attempt++)
            {
                value = attempt < 9 ? Generate(random, from) : Zero(from);
                converts[i] = TryReference(value, from, to, out expected[i]);
            }

            values[i] = valid[i] ? value : null;
        }

        using ColumnVector input = KernelTestData.Column(from, values, Pool);
        int expectedRow = Enumerable.Range(0, n).FirstOrDefault(i => values[i] is not null && live[i] && !converts[i], -1);
        if (expectedRow >= 0)
        {
            var error = Assert.Throws<SqlRuntimeException>(() => CastKernels.Cast(input, to, mask, Pool).Dispose());
            Assert.Equal(expectedRow, error.Row);
            Assert.Equal(SqlErrorKind.InvalidCast, error.Kind);
            Assert.Contains(" to " + to, error.Message);
            object failing = values[expectedRow]!;
            string valueText = from.Kind switch
            {
                SqlTypeKind.Boolean => "TRUE",
                SqlTypeKind.Decimal => Decimals.DecimalMath.Format((Int128)failing, from.Scale),
                SqlTypeKind.Float => SqlTextFormatter.FloatText((float)failing),
                SqlTypeKind.Double => SqlTextFormatter.DoubleText((double)failing),
                _ => Convert.ToInt64(failing, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            };
            Assert.Contains("cannot cast " + valueText, error.Message);

            return;
        }

        using ColumnVector result = CastKernels.Cast(input, to, mask, Pool);
        Assert.Equal(to, result.Type);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int i = 0; i < n; i++)
        {
            // Object.Equals first: xunit's object comparer is slow, and this loop runs for every row.
            if (values[i] is null ? actual[i] is not null : converts[i] && !Equals(expected[i], actual[i]))
            {
                Assert.Fail($"row {i} of {n}: CAST({values[i]} AS {to}) should be {expected[i] ?? "NULL"} but is {actual[i] ?? "NULL"}");
            }
        }
    }

    /// <summary>A value of <paramref name="from"/> whose cast to <paramref name="to"/> fails, if there is one.</summary>
    private static object? Hostile(SqlType from, SqlType to)
    {
        object[] candidates = from.Kind switch
        {
            SqlTypeKind.Boolean => [true],
            SqlTypeKind.Float => [float.NaN, float.PositiveInfinity, float.MaxValue],
            SqlTypeKind.Double => [double.NaN, double.NegativeInfinity, double.MaxValue],
            SqlTypeKind.Decimal => [(Int128)(DecimalReference.Pow10(from.Precision) - 1), (Int128)(1 - DecimalReference.Pow10(from.Precision))],
            _ => [KernelTestData.Physical(from, KernelTestData.Range(from).Max), KernelTestData.Physical(from, KernelTestData.Range(from).Min)],
        };
        return candidates.FirstOrDefault(c => !TryReference(c, from, to, out _));
    }

    private static object Zero(SqlType type) => type.Kind == SqlTypeKind.Boolean ? false : KernelTestData.Physical(type, 0);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object Generate(Random random, SqlType type)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Boolean:
                return random.Next(2) == 0;
            case SqlTypeKind.Float or SqlTypeKind.Double:
                double d = random.Next(20) switch
                {
                    0 => double.NaN,
                    1 => double.PositiveInfinity,
                    2 => -0.0,
                    3 => type.Kind == SqlTypeKind.Float ? float.MaxValue : double.MaxValue,
                    4 => 2.675,
                    5 => 127.9,
                    6 => -128.9,
                    7 => 9.2233720368547758E18,
                    8 => -9.2233720368547758E18,
                    9 => 2147483647.5,
                    10 => 1e-7,
                    11 => 99999.995,
                    12 => random.NextDouble() * 1e20,
                    _ => Math.Round((random.NextDouble() - 0.5) * 20000, random.Next(6)),
                };
                return type.Kind == SqlTypeKind.Float ? (object)(float)d : d;
            case SqlTypeKind.Decimal:
                return (Int128)DecimalReference.RandomUnscaled(random, type.Precision);
            default:
                (long min, long max) = KernelTestData.Range(type);
                return KernelTestData.Physical(type, random.Next(6) switch
                {
                    0 => min,
                    1 => max,
                    2 => random.NextInt64(min, max),
                    _ => random.Next(-300, 300),
                });
        }
    }

    /// <summary>The cast by exact rational arithmetic, following the documented semantics; false when it must fail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReference(object value, SqlType from, SqlType to, out object? result)
    {
        result = null;
        if (from.IsFloating)
        {
            double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            switch (to.Kind)
            {
                case SqlTypeKind.Float:
                    float f = (float)d;
                    result = f;
                    return float.IsFinite(f) || !double.IsFinite(d);
                case SqlTypeKind.Double:
                    result = d;
                    return true;
                case SqlTypeKind.Decimal:
                    if (!double.IsFinite(d))
                    {
                        return false;
                    }

                    string shortest = from.Kind == SqlTypeKind.Float ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
                    (BigInteger num, BigInteger den) = Rational(shortest);
                    return ToDecimal(num, den, to, out result);
                default:
                    if (!double.IsFinite(d))
                    {
                        return false;
                    }

                    return ToInteger(new BigInteger(Math.Truncate(d)), to, out result);
            }
        }

        (BigInteger n, BigInteger q) = from.Kind switch
        {
            SqlTypeKind.Boolean => ((bool)value ? BigInteger.One : BigInteger.Zero, BigInteger.One),
            SqlTypeKind.Decimal => ((BigInteger)(Int128)value, DecimalReference.Pow10(from.Scale)),
            _ => (new BigInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture)), BigInteger.One),
        };
        switch (to.Kind)
        {
            case SqlTypeKind.Boolean:
                result = !n.IsZero;
                return true;
            case SqlTypeKind.Float:
                result = from.Kind == SqlTypeKind.Decimal ? (float)double.Parse(Decimals.DecimalMath.Format((Int128)value, from.Scale), CultureInfo.InvariantCulture) : (float)(long)n;
                return true;
            case SqlTypeKind.Double:
                result = from.Kind == SqlTypeKind.Decimal ? double.Parse(Decimals.DecimalMath.Format((Int128)value, from.Scale), CultureInfo.InvariantCulture) : (double)(long)n;
                return true;
            case SqlTypeKind.Decimal:
                return ToDecimal(n, q, to, out result);
            default:
                return ToInteger(BigInteger.Divide(n, q), to, out result);
        }
    }

    private static bool ToInteger(BigInteger value, SqlType to, out object? result)
    {
        (long min, long max) = KernelTestData.Range(to);
        result = value >= min && value <= max ? KernelTestData.Physical(to, (long)value) : null;
        return result is not null;
    }

    private static bool ToDecimal(BigInteger num, BigInteger den, SqlType to, out object? result)
    {
        BigInteger unscaled = DecimalReference.RoundHalfUp(num * DecimalReference.Pow10(to.Scale), den);
        result = BigInteger.Abs(unscaled) < DecimalReference.Pow10(to.Precision) ? (Int128)unscaled : null;
        return result is not null;
    }

    /// <summary>"1.25E-05" as 125 / 10^7.</summary>
    private static (BigInteger Num, BigInteger Den) Rational(string text)
    {
        string[] parts = text.Split('E');
        int exponent = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        string mantissa = parts[0];
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        int fraction = point < 0 ? 0 : mantissa.Length - point - 1;
        BigInteger digits = BigInteger.Parse(mantissa.Replace(".", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        int shift = exponent - fraction;
        return shift >= 0 ? (digits * BigInteger.Pow(10, shift), BigInteger.One) : (digits, BigInteger.Pow(10, -shift));
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(15, 4)]
    [InlineData(15, 15)]
    [InlineData(12, 2)]
    [InlineData(1, 1)]
    public void Decimal_of_at_most_15_digits_to_double_rounds_like_parsing_its_text(int precision, int scale)
    {
        var random = new Random(precision * 100 + scale);
        Int128 max = Int128.Parse(new string('9', precision), CultureInfo.InvariantCulture);
        Int128?[] values = [.. Enumerable.Range(0, 300).Select(i => i switch
        {
            0 => max,
            1 => -max,
            2 => (Int128?)null,
            3 => 0,
            _ => random.Next(4) == 0 ? null : (Int128)random.NextInt64(-(long)max, (long)max + 1),
        })];
        SqlType type = SqlType.Decimal(precision, scale);
        using ColumnVector column = ColumnFactory.FromNullable(type, values, Pool);
        using ColumnVector result = CastKernels.Cast(column, SqlType.Double, default, Pool);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int i = 0; i < values.Length; i++)
        {
            object? expected = values[i] is { } v
                ? double.Parse($"{v}e-{scale}", NumberStyles.Float, CultureInfo.InvariantCulture)
                : null;
            Assert.Equal(expected, actual[i]);
        }
    }
}
