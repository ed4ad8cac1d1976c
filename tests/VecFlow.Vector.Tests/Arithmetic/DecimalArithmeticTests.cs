using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Arithmetic;

public sealed class DecimalArithmeticTests : PooledTest
{
    private static readonly RowMode[] Modes = Enum.GetValues<RowMode>();

    public DecimalArithmeticTests()
    {
        Pool.TrackRentSites = false;
    }

    [Theory]
    [ClassData(typeof(ArithmeticOpList))]
    public void Every_length_and_row_mode_matches_the_BigInteger_reference(ArithmeticOp op)
    {
        var random = new Random(300 + (int)op);
        foreach (int n in KernelTestData.Lengths())
        {
            // One row mode per length, chosen at random: across the lengths every mode meets every tail shape.
            RowMode mode = Modes[random.Next(Modes.Length)];
            SqlType left = RandomType(random, allowInteger: true);
            SqlType right = RandomType(random, allowInteger: left.Kind == SqlTypeKind.Decimal);
            RunCase(random, op, left, right, n, mode, random.Next(4));
        }
    }

    [Theory]
    [InlineData(ArithmeticOp.Add)]
    [InlineData(ArithmeticOp.Subtract)]
    [InlineData(ArithmeticOp.Multiply)]
    public void Types_whose_exact_result_fits_18_digits_match_the_BigInteger_reference(ArithmeticOp op)
    {
        // The 64-bit path without per-row checks: operands up to their precision's extremes, both signs, NULLs.
        var random = new Random(700 + (int)op);
        foreach (int n in KernelTestData.Lengths())
        {
            RowMode mode = Modes[random.Next(Modes.Length)];
            (SqlType left, SqlType right) = NarrowPair(random, op);
            RunCase(random, op, left, right, n, mode, random.Next(3));
        }
    }

    [Fact]
    public void Results_at_the_18_digit_edge_are_exact_and_one_digit_more_takes_the_checked_path()
    {
        Int128 nines9 = 999_999_999;
        using ColumnVector x = ColumnFactory.FromValues<Int128>(SqlType.Decimal(9, 2), [nines9, -nines9, 5, -1], Pool);
        using ColumnVector product = ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, x, default, Pool);
        Assert.Equal(SqlType.Decimal(18, 4), product.Type);
        Assert.Equal(new Int128[] { nines9 * nines9, nines9 * nines9, 25, 1 }, product.Values<Int128>().ToArray());

        Int128 nines17 = 99_999_999_999_999_999;
        using ColumnVector y = ColumnFactory.FromValues<Int128>(SqlType.Decimal(17, 0), [nines17, -nines17, 0], Pool);
        using ColumnVector sum = ArithmeticKernels.Apply(y, ArithmeticOp.Add, y, default, Pool);
        Assert.Equal(SqlType.Decimal(18, 0), sum.Type);
        Assert.Equal(new Int128[] { 2 * nines17, -2 * nines17, 0 }, sum.Values<Int128>().ToArray());
        using ColumnVector difference = ArithmeticKernels.Apply(y, ArithmeticOp.Subtract, ScalarValue.Decimal(-nines17, 17, 0), default, Pool);
        Assert.Equal(new Int128[] { 2 * nines17, 0, nines17 }, difference.Values<Int128>().ToArray());

        // DECIMAL(10, 2) * DECIMAL(9, 2) is DECIMAL(19, 4): past a long, computed by the checked loop, still exact.
        using ColumnVector z = ColumnFactory.FromValues<Int128>(SqlType.Decimal(10, 2), [9_999_999_999, -9_999_999_999], Pool);
        using ColumnVector wide = ArithmeticKernels.Apply(z, ArithmeticOp.Multiply, ScalarValue.Decimal(nines9, 9, 2), default, Pool);
        Assert.Equal(SqlType.Decimal(19, 4), wide.Type);
        Assert.Equal(new Int128[] { 9_999_999_999 * nines9, -9_999_999_999 * nines9 }, wide.Values<Int128>().ToArray());
    }

    [Fact]
    public void A_product_that_can_overflow_still_raises_the_error_at_its_row()
    {
        // DECIMAL(38, 0) * DECIMAL(2, 0) is capped at DECIMAL(38, 0): a value near the top overflows.
        Int128 big = Int128.Parse("50000000000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
        using ColumnVector x = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 0), [1, 2, big], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, ScalarValue.Decimal(10, 2, 0), default, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(2, error.Row);
    }

    [Fact]
    public void Money_arithmetic_is_exact()
    {
        SqlType money = SqlType.Decimal(10, 2);
        using ColumnVector price = ColumnFactory.FromValues<Int128>(money, [1999, 10, -5], Pool);
        using ColumnVector quantity = ColumnFactory.FromValues<int>(SqlType.Int, [3, 7, 3], Pool);
        using ColumnVector total = ArithmeticKernels.Apply(price, ArithmeticOp.Multiply, quantity, default, Pool);
        Assert.Equal(SqlType.Decimal(20, 2), total.Type);
        Assert.Equal(new Int128[] { 5997, 70, -15 }, total.Values<Int128>().ToArray());
        using ColumnVector share = ArithmeticKernels.Apply(price, ArithmeticOp.Divide, ScalarValue.Int(3), default, Pool);
        Assert.Equal(SqlType.Decimal(21, 13), share.Type);

        // 19.99 / 3 = 6.6633333333333 (13 places, HALF_UP); -0.05 / 3 = -0.0166666666667.
        Assert.Equal("6.6633333333333", Decimals.DecimalMath.Format(share.Values<Int128>()[0], 13));
        Assert.Equal("-0.0166666666667", Decimals.DecimalMath.Format(share.Values<Int128>()[2], 13));
    }

    [Fact]
    public void Multiplying_operands_of_up_to_64_bits_is_exact_at_the_edges()
    {
        // The 64x64->128 fast path: extremes of long, signs, and operands just past 64 bits (the general path).
        SqlType wide = SqlType.Decimal(20, 1);
        Int128[] left = [long.MaxValue, long.MinValue, long.MinValue, -1, (Int128)long.MaxValue + 1, 123_456_789_012_345_678, 0];
        Int128[] right = [long.MaxValue, long.MinValue, long.MaxValue, long.MinValue, -3, -987_654_321_098_765_432, long.MinValue];
        using ColumnVector x = ColumnFactory.FromValues<Int128>(wide, left, Pool);
        using ColumnVector y = ColumnFactory.FromValues<Int128>(SqlType.Decimal(19, 2), right, Pool);

        using ColumnVector product = ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, y, default, Pool);

        Assert.Equal(SqlType.Decimal(38, 3), product.Type);
        Assert.Equal([.. left.Zip(right, (a, b) => (BigInteger)a * b)], product.Values<Int128>().ToArray().Select(v => (BigInteger)v));
    }

    [Fact]
    public void Decimal_division_by_zero_names_the_operands()
    {
        using ColumnVector x = ColumnFactory.FromValues<Int128>(SqlType.Decimal(5, 2), [1230], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Modulo, ScalarValue.Decimal(0, 3, 1), default, Pool));
        Assert.Equal(SqlErrorKind.DivisionByZero, error.Kind);
        Assert.Contains("12.30 % 0.0", error.Message);
    }

    /// <summary>Operand types whose exact + - or * result has at most 18 digits (sometimes a small integer type).</summary>
    private static (SqlType Left, SqlType Right) NarrowPair(Random random, ArithmeticOp op)
    {
        while (true)
        {
            SqlType left = random.Next(6) == 0 ? KernelTestData.IntegerTypes[random.Next(3)] : RandomNarrow(random);
            SqlType right = random.Next(6) == 0 ? KernelTestData.IntegerTypes[random.Next(3)] : RandomNarrow(random);
            (int p1, int s1) = Shape(left);
            (int p2, int s2) = Shape(right);
            int digits = op == ArithmeticOp.Multiply ? p1 + p2 : Math.Max(p1 - s1, p2 - s2) + Math.Max(s1, s2) + 1;
            if (digits <= 18 && (left.Kind == SqlTypeKind.Decimal || right.Kind == SqlTypeKind.Decimal))
            {
                return (left, right);
            }
        }
    }

    private static SqlType RandomNarrow(Random random)
    {
        int precision = random.Next(1, 18);
        return SqlType.Decimal(precision, random.Next(precision + 1));
    }

    private static SqlType RandomType(Random random, bool allowInteger)
    {
        if (allowInteger && random.Next(5) == 0)
        {
            return KernelTestData.IntegerTypes[random.Next(4)];
        }

        int precision = random.Next(3) == 0 ? 38 : random.Next(1, 39);
        return SqlType.Decimal(precision, random.Next(precision + 1));
    }

    private static (int Precision, int Scale) Shape(SqlType type) => Decimals.DecimalTypeRules.Parameters(type);

    private static BigInteger Random(Random random, SqlType type)
    {
        if (type.Kind == SqlTypeKind.Decimal)
        {
            return DecimalReference.RandomUnscaled(random, type.Precision);
        }

        (long min, long max) = KernelTestData.Range(type);
        return random.Next(4) switch
        {
            0 => min,
            1 => max,
            _ => random.NextInt64(Math.Max(min, -1000), Math.Min(max, 1000) + 1),
        };
    }

    private static object Physical(SqlType type, BigInteger value) =>
        type.Kind == SqlTypeKind.Decimal ? (Int128)value : KernelTestData.Physical(type, (long)value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunCase(Random random, ArithmeticOp op, SqlType leftType, SqlType rightType, int n, RowMode mode, int shape)
    {
        SqlType result = ArithmeticKernels.ResultType(leftType, op, rightType);
        (int _, int xs) = Shape(leftType);
        (int _, int ys) = Shape(rightType);
        bool[] valid = KernelTestData.Validity(random, n, mode);
        bool[] live = KernelTestData.Live(random, n, mode);
        int planted = mode == RowMode.PlantedFailure && n > 0 ? random.Next(n) : -1;
        if (planted >= 0)
        {
            valid[planted] = live[planted] = true;
        }

        ulong[] mask = KernelTestData.Mask(live, mode);
        bool leftScalar = shape == 1;
        bool rightScalar = shape == 2;
        BigInteger?[] left = new BigInteger?[n];
        BigInteger?[] right = new BigInteger?[n];
        BigInteger leftConstant = Random(random, leftType);
        BigInteger rightConstant = Random(random, rightType);
        bool Fails(BigInteger x, BigInteger y) => !DecimalReference.TryCompute(op, x, xs, y, ys, result.Precision, result.Scale, out _, out _);
        for (int i = 0; i < n; i++)
        {
            if (!valid[i] || !live[i] || i == planted)
            {
                left[i] = Random(random, leftType);
                right[i] = op is ArithmeticOp.Divide or ArithmeticOp.Modulo ? BigInteger.Zero : Random(random, rightType);
            }
            else
            {
                int attempts = 0;
                do
                {
                    left[i] = attempts < 5 ? Random(random, leftType) : BigInteger.Zero;
                    right[i] = attempts < 5 ? Random(random, rightType) : BigInteger.One;
                    attempts++;
                }
                while (mode != RowMode.PlantedFailure && Fails(left[i]!.Value, right[i]!.Value));
            }

            if (!valid[i])
            {
                if (rightScalar || (!leftScalar && random.Next(2) == 0))
                {
                    left[i] = null;
                }
                else
                {
                    right[i] = null;
                }
            }
        }

        using ColumnVector leftColumn = KernelTestData.Column(leftType, left.Select(v => v is null ? null : Physical(leftType, v.Value)).ToList(), Pool);
        using ColumnVector rightColumn = KernelTestData.Column(rightType, right.Select(v => v is null ? null : Physical(rightType, v.Value)).ToList(), Pool);
        BigInteger? EffectiveLeft(int i) => leftScalar ? leftConstant : left[i];
        BigInteger? EffectiveRight(int i) => rightScalar ? rightConstant : right[i];
        Func<ColumnVector> apply = shape switch
        {
            1 => () => ArithmeticKernels.Apply(new ScalarValue(leftType, Physical(leftType, leftConstant)), op, rightColumn, mask, Pool),
            2 => () => ArithmeticKernels.Apply(leftColumn, op, new ScalarValue(rightType, Physical(rightType, rightConstant)), mask, Pool),
            _ => () => ArithmeticKernels.Apply(leftColumn, op, rightColumn, mask, Pool),
        };

        for (int i = 0; i < n; i++)
        {
            if (EffectiveLeft(i) is BigInteger a && EffectiveRight(i) is BigInteger b && live[i]
                && !DecimalReference.TryCompute(op, a, xs, b, ys, result.Precision, result.Scale, out _, out SqlErrorKind kind))
            {
                var error = Assert.Throws<SqlRuntimeException>(() => apply().Dispose());
                Assert.Equal(i, error.Row);
                Assert.Equal(kind, error.Kind);
                Assert.Contains(Decimals.DecimalMath.Format((Int128)a, xs), error.Message);
                return;
            }
        }

        using ColumnVector actual = apply();
        Assert.Equal(result, actual.Type);
        ReadOnlySpan<Int128> values = actual.Values<Int128>();
        for (int i = 0; i < n; i++)
        {
            if (EffectiveLeft(i) is not BigInteger a || EffectiveRight(i) is not BigInteger b)
            {
                Assert.True(actual.IsNull(i));
            }
            else if (DecimalReference.TryCompute(op, a, xs, b, ys, result.Precision, result.Scale, out BigInteger expected, out _))
            {
                Assert.False(actual.IsNull(i));
                Assert.True(expected == (BigInteger)values[i], $"row {i} of {n}: {leftType} {a} {op} {rightType} {b} = {expected} as {result}, got {values[i]} (shape {shape}, mode {mode})");
            }
        }
    }
}
