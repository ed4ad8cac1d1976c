using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Arithmetic;

public sealed class FloatingArithmeticTests : PooledTest
{
    private static readonly RowMode[] Modes = Enum.GetValues<RowMode>();

    private static readonly SqlType Money = SqlType.Decimal(10, 2);

    public FloatingArithmeticTests()
    {
        Pool.TrackRentSites = false;
    }

    public static TheoryData<bool, ArithmeticOp> Cases()
    {
        var data = new TheoryData<bool, ArithmeticOp>();
        foreach (bool single in new[] { true, false })
        {
            foreach (ArithmeticOp op in Enum.GetValues<ArithmeticOp>())
            {
                data.Add(single, op);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_length_and_row_mode_matches_the_IEEE_reference(bool single, ArithmeticOp op)
    {
        var random = new Random((single ? 100 : 200) + (int)op);
        SqlType resultType = single ? SqlType.Float : SqlType.Double;
        SqlType[] others = single ? [SqlType.Float] : [SqlType.Double, SqlType.Float, SqlType.Int, SqlType.BigInt, Money];
        foreach (int n in KernelTestData.Lengths())
        {
            // One row mode per length, chosen at random: across the lengths every mode meets every tail shape.
            RowMode mode = Modes[random.Next(Modes.Length)];
            SqlType other = others[random.Next(others.Length)];
            bool swap = random.Next(2) == 0;
            RunCase(random, op, swap ? other : resultType, swap ? resultType : other, resultType, n, mode, random.Next(4));
        }
    }

    [Fact]
    public void Division_by_zero_is_an_error_even_for_doubles()
    {
        using ColumnVector x = ColumnFactory.FromValues<double>(SqlType.Double, [1.5, 0.0], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Divide, ScalarValue.Double(0), default, Pool));
        Assert.Equal(SqlErrorKind.DivisionByZero, error.Kind);
        Assert.Equal(0, error.Row);
        Assert.Contains("1.5 / 0.0", error.Message);
    }

    [Fact]
    public void Overflow_to_infinity_is_an_error_but_infinite_inputs_propagate()
    {
        using ColumnVector x = ColumnFactory.FromValues<double>(SqlType.Double, [double.PositiveInfinity, double.NaN, double.MaxValue], Pool);
        using ColumnVector ok = ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, ScalarValue.Double(2), [0b011UL], Pool);
        Assert.Equal(double.PositiveInfinity, ok.Values<double>()[0]);
        Assert.True(double.IsNaN(ok.Values<double>()[1]));
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, ScalarValue.Double(2), default, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(2, error.Row);
        Assert.Contains("1.7976931348623157E308 * 2.0", error.Message);
        Assert.Contains("DOUBLE", error.Message);
    }

    [Fact]
    public void Mixed_numeric_operands_are_computed_in_double()
    {
        using ColumnVector ints = ColumnFactory.FromValues<int>(SqlType.Int, [1, 2], Pool);
        using ColumnVector floats = ColumnFactory.FromValues<float>(SqlType.Float, [0.5f, 0.25f], Pool);
        using ColumnVector money = ColumnFactory.FromValues<Int128>(Money, [150, -5], Pool);
        using ColumnVector a = ArithmeticKernels.Apply(ints, ArithmeticOp.Add, floats, default, Pool);
        Assert.Equal(SqlTypeKind.Double, a.Type.Kind);
        Assert.Equal([1.5, 2.25], a.Values<double>().ToArray());
        using ColumnVector b = ArithmeticKernels.Apply(money, ArithmeticOp.Multiply, ScalarValue.Double(2), default, Pool);
        Assert.Equal([3.0, -0.1], b.Values<double>().ToArray());
        using ColumnVector c = ArithmeticKernels.Apply(floats, ArithmeticOp.Divide, floats, default, Pool);
        Assert.Equal(SqlTypeKind.Float, c.Type.Kind);
    }

    [Fact]
    public void Span_level_float_ops_match_the_reference()
    {
        var random = new Random(3);
        foreach (int n in KernelTestData.Lengths())
        {
            double[] x = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 1e6).ToArray();
            double[] y = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 1e6).ToArray();
            double[] d = new double[n];
            ArithmeticKernels.Multiply<double>(x, y, d, default);
            Assert.Equal(x.Zip(y, (a, b) => a * b), d);
            ArithmeticKernels.Subtract<double>(x, y, d, default);
            Assert.Equal(x.Zip(y, (a, b) => a - b), d);
            float[] fx = x.Select(v => (float)v).ToArray();
            float[] fd = new float[n];
            ArithmeticKernels.Add<float>(fx, fx, fd, default);
            Assert.Equal(fx.Select(v => v + v), fd);
            if (n > 0)
            {
                fx[n - 1] = float.MaxValue;
                var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Add<float>(fx, fx, fd, default));
                Assert.Equal(n - 1, error.Row);
                ulong[] mask = new ulong[(n + 63) / 64];
                ArithmeticKernels.Add<float>(fx, fx, fd, mask);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunCase(Random random, ArithmeticOp op, SqlType leftType, SqlType rightType, SqlType resultType, int n, RowMode mode, int shape)
    {
        bool single = resultType.Kind == SqlTypeKind.Float;
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
        object?[] left = new object?[n];
        object?[] right = new object?[n];
        object leftConstant = Safe(random, leftType);
        object rightConstant = Safe(random, rightType);
        for (int i = 0; i < n; i++)
        {
            if (!valid[i] || !live[i] || i == planted)
            {
                (left[i], right[i]) = Hostile(op, leftType, rightType);
            }
            else
            {
                do
                {
                    left[i] = Safe(random, leftType);
                    right[i] = Safe(random, rightType);
                }
                while (mode != RowMode.PlantedFailure && Reference(single, op, AsDouble(left[i]!, leftType), AsDouble(right[i]!, rightType), out _) is null);
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

        using ColumnVector leftColumn = KernelTestData.Column(leftType, left, Pool);
        using ColumnVector rightColumn = KernelTestData.Column(rightType, right, Pool);
        object? EffectiveLeft(int i) => leftScalar ? leftConstant : left[i];
        object? EffectiveRight(int i) => rightScalar ? rightConstant : right[i];
        Func<ColumnVector> apply = shape switch
        {
            1 => () => ArithmeticKernels.Apply(new ScalarValue(leftType, leftConstant), op, rightColumn, mask, Pool),
            2 => () => ArithmeticKernels.Apply(leftColumn, op, new ScalarValue(rightType, rightConstant), mask, Pool),
            _ => () => ArithmeticKernels.Apply(leftColumn, op, rightColumn, mask, Pool),
        };

        int expectedRow = -1;
        SqlErrorKind expectedKind = default;
        for (int i = 0; i < n && expectedRow < 0; i++)
        {
            if (EffectiveLeft(i) is { } a && EffectiveRight(i) is { } b && live[i]
                && Reference(single, op, AsDouble(a, leftType), AsDouble(b, rightType), out SqlErrorKind kind) is null)
            {
                expectedRow = i;
                expectedKind = kind;
            }
        }

        if (expectedRow >= 0)
        {
            var error = Assert.Throws<SqlRuntimeException>(() => apply().Dispose());
            Assert.Equal(expectedRow, error.Row);
            Assert.Equal(expectedKind, error.Kind);
            return;
        }

        using ColumnVector result = apply();
        Assert.Equal(resultType.Kind, result.Type.Kind);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int i = 0; i < n; i++)
        {
            if (EffectiveLeft(i) is not { } a || EffectiveRight(i) is not { } b)
            {
                Assert.Null(actual[i]);
            }
            else if (Reference(single, op, AsDouble(a, leftType), AsDouble(b, rightType), out _) is { } expected)
            {
                Assert.Equal(expected, Convert.ToDouble(actual[i]));
            }
        }
    }

    /// <summary>The IEEE result, or null when SQL says the row fails (division by zero, finite overflowing to infinity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double? Reference(bool single, ArithmeticOp op, double x, double y, out SqlErrorKind fault)
    {
        fault = SqlErrorKind.ArithmeticOverflow;
        if (op is ArithmeticOp.Divide or ArithmeticOp.Modulo && y == 0)
        {
            fault = SqlErrorKind.DivisionByZero;
            return null;
        }

        double r;
        if (single)
        {
            float fx = (float)x;
            float fy = (float)y;
            r = op switch
            {
                ArithmeticOp.Add => fx + fy,
                ArithmeticOp.Subtract => fx - fy,
                ArithmeticOp.Multiply => fx * fy,
                ArithmeticOp.Divide => fx / fy,
                _ => fx % fy,
            };
        }
        else
        {
            r = op switch
            {
                ArithmeticOp.Add => x + y,
                ArithmeticOp.Subtract => x - y,
                ArithmeticOp.Multiply => x * y,
                ArithmeticOp.Divide => x / y,
                _ => x % y,
            };
        }

        return !double.IsFinite(r) && double.IsFinite(x) && double.IsFinite(y) ? null : r;
    }

    private static double AsDouble(object value, SqlType type) => type.Kind switch
    {
        SqlTypeKind.Decimal => (double)(long)(Int128)value / 100,
        _ => Convert.ToDouble(value),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object Safe(Random random, SqlType type)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Int:
                return random.Next(12) == 0 ? int.MinValue : random.Next(-1000, 1000);
            case SqlTypeKind.BigInt:
                return random.Next(12) == 0 ? long.MaxValue : random.NextInt64(-100_000, 100_000);
            case SqlTypeKind.Decimal:
                return (Int128)random.Next(-100_000, 100_000);
            default:
                double v = random.Next(16) switch
                {
                    0 => 0.0,
                    1 => -0.0,
                    2 => double.NaN,
                    3 => double.PositiveInfinity,
                    4 => double.NegativeInfinity,
                    5 => type.Kind == SqlTypeKind.Float ? float.MaxValue : double.MaxValue,
                    6 => type.Kind == SqlTypeKind.Float ? float.Epsilon : double.Epsilon,
                    7 => 1e30,
                    _ => Math.Round((random.NextDouble() - 0.5) * 2000, 3),
                };
                return type.Kind == SqlTypeKind.Float ? (float)v : v;
        }
    }

    private static (object X, object Y) Hostile(ArithmeticOp op, SqlType leftType, SqlType rightType)
    {
        object Big(SqlType t, bool negative) => t.Kind switch
        {
            SqlTypeKind.Float => negative ? -float.MaxValue : float.MaxValue,
            SqlTypeKind.Double => negative ? -double.MaxValue : double.MaxValue,
            SqlTypeKind.Int => negative ? int.MinValue : int.MaxValue,
            SqlTypeKind.BigInt => negative ? long.MinValue : long.MaxValue,
            _ => (Int128)(negative ? -99_999_999 : 99_999_999),
        };

        object Zero(SqlType t) => t.Kind switch
        {
            SqlTypeKind.Float => 0f,
            SqlTypeKind.Double => 0.0,
            SqlTypeKind.Int => 0,
            SqlTypeKind.BigInt => 0L,
            _ => Int128.Zero,
        };

        return op switch
        {
            ArithmeticOp.Add or ArithmeticOp.Multiply => (Big(leftType, false), Big(rightType, false)),
            ArithmeticOp.Subtract => (Big(leftType, false), Big(rightType, true)),
            _ => (Big(leftType, false), Zero(rightType)),
        };
    }
}
