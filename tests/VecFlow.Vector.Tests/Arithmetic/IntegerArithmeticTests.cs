using System.Numerics;
using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Arithmetic;

public sealed class IntegerArithmeticTests : PooledTest
{
    private static readonly RowMode[] Modes = Enum.GetValues<RowMode>();

    public IntegerArithmeticTests()
    {
        // Stack traces per rent would dominate these loops; leaks are still detected.
        Pool.TrackRentSites = false;
    }

    public static TheoryData<int, ArithmeticOp> Cases()
    {
        var data = new TheoryData<int, ArithmeticOp>();
        for (int t = 0; t < KernelTestData.IntegerTypes.Length; t++)
        {
            foreach (ArithmeticOp op in Enum.GetValues<ArithmeticOp>())
            {
                data.Add(t, op);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_length_and_row_mode_matches_the_BigInteger_reference(int typeIndex, ArithmeticOp op)
    {
        SqlType resultType = KernelTestData.IntegerTypes[typeIndex];
        var random = new Random((typeIndex * 31) + (int)op);
        foreach (int n in KernelTestData.Lengths())
        {
            // One row mode per length, chosen at random: across the lengths every mode meets every tail shape.
            RowMode mode = Modes[random.Next(Modes.Length)];

            // Vary the shape: the other operand may be narrower, or a constant on either side.
            SqlType otherType = KernelTestData.IntegerTypes[random.Next(typeIndex + 1)];
            int shape = random.Next(4);
            bool swap = random.Next(2) == 0;
            SqlType leftType = swap ? otherType : resultType;
            SqlType rightType = swap ? resultType : otherType;
            RunCase(random, op, leftType, rightType, resultType, n, mode, shape);
        }
    }

    [Fact]
    public void Int_plus_int_overflow_is_an_error_not_a_wraparound()
    {
        using ColumnVector x = ColumnFactory.FromValues<int>(SqlType.Int, [1, int.MaxValue], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Add, ScalarValue.Int(1), default, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(1, error.Row);
        Assert.Contains("2147483647 + 1", error.Message);
        Assert.Contains("INT", error.Message);
    }

    [Fact]
    public void Integer_division_truncates_toward_zero_and_modulo_takes_the_sign_of_the_dividend()
    {
        using ColumnVector x = ColumnFactory.FromValues<int>(SqlType.Int, [7, -7, 7, -7, int.MinValue], Pool);
        using ColumnVector y = ColumnFactory.FromValues<int>(SqlType.Int, [2, 2, -2, -2, -1], Pool);
        using ColumnVector quotient = ArithmeticKernels.Apply(x, ArithmeticOp.Divide, y, [0b01111UL], Pool);
        using ColumnVector remainder = ArithmeticKernels.Apply(x, ArithmeticOp.Modulo, y, default, Pool);
        Assert.Equal([3, -3, -3, 3], quotient.Values<int>()[..4].ToArray());
        Assert.Equal([1, -1, 1, -1, 0], remainder.Values<int>().ToArray());
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Divide, y, default, Pool));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(4, error.Row);
    }

    [Fact]
    public void Division_by_zero_names_the_operands_and_skips_null_and_filtered_rows()
    {
        using ColumnVector x = ColumnFactory.FromValues<long>(SqlType.BigInt, [10, 20, 30, 40], Pool);
        using ColumnVector y = ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { null, 0, 5, 0 }, Pool);

        // Row 1 divides by zero but is filtered out; row 0 is NULL (its hidden value is 0 too).
        using ColumnVector ok = ArithmeticKernels.Apply(x, ArithmeticOp.Divide, y, [0b0101UL], Pool);
        Assert.Equal(6L, ColumnFactory.ToObjects(ok)[2]);
        Assert.Null(ColumnFactory.ToObjects(ok)[0]);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Apply(x, ArithmeticOp.Divide, y, default, Pool));
        Assert.Equal(SqlErrorKind.DivisionByZero, error.Kind);
        Assert.Equal(1, error.Row);
        Assert.Contains("20 / 0", error.Message);
    }

    [Fact]
    public void Null_constant_gives_a_null_column_of_the_result_type()
    {
        using ColumnVector x = ColumnFactory.FromValues<int>(SqlType.Int, [1, 2, 3], Pool);
        using ColumnVector result = ArithmeticKernels.Apply(x, ArithmeticOp.Multiply, ScalarValue.Null(SqlType.BigInt), default, Pool);
        Assert.Equal(SqlTypeKind.BigInt, result.Type.Kind);
        Assert.Equal(3, result.NullCount);
        using ColumnVector untyped = ArithmeticKernels.Apply(ScalarValue.Null(SqlType.Null), ArithmeticOp.Add, x, default, Pool);
        Assert.Equal(SqlTypeKind.Int, untyped.Type.Kind);
        Assert.Equal(3, untyped.NullCount);
    }

    [Fact]
    public void Negate_overflows_only_on_a_live_min_value()
    {
        foreach (int n in KernelTestData.Lengths())
        {
            var random = new Random(n);
            long[] values = Enumerable.Range(0, n).Select(_ => (long)random.Next(-1000, 1000)).ToArray();
            bool[] valid = Enumerable.Range(0, n).Select(_ => random.Next(5) != 0).ToArray();
            bool[] live = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray();
            for (int i = 0; i < n; i++)
            {
                if (!valid[i] || !live[i])
                {
                    values[i] = long.MinValue;
                }
            }

            if (n > 0 && random.Next(2) == 0)
            {
                int planted = random.Next(n);
                values[planted] = long.MinValue;
                valid[planted] = live[planted] = true;
            }

            ulong[] mask = KernelTestData.Mask(live, RowMode.PartialLive);
            using ColumnVector column = ColumnFactory.FromValues<long>(SqlType.BigInt, values, valid, Pool);
            int expectedRow = Enumerable.Range(0, n).FirstOrDefault(i => values[i] == long.MinValue && live[i] && valid[i], -1);
            if (expectedRow >= 0)
            {
                var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Negate(column, mask, Pool));
                Assert.Equal(expectedRow, error.Row);
                Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
                Assert.Contains("-9223372036854775808", error.Message);
                continue;
            }

            using ColumnVector negated = ArithmeticKernels.Negate(column, mask, Pool);
            object?[] actual = ColumnFactory.ToObjects(negated);
            for (int i = 0; i < n; i++)
            {
                if (!valid[i])
                {
                    Assert.Null(actual[i]);
                }
                else if (values[i] != long.MinValue)
                {
                    Assert.Equal(-values[i], actual[i]);
                }
            }
        }
    }

    [Fact]
    public void Negate_small_types_floats_decimals_and_intervals()
    {
        using ColumnVector tiny = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [1, -128, 127], Pool);
        Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Negate(tiny, default, Pool));
        using ColumnVector tinyOk = ArithmeticKernels.Negate(tiny, [0b101UL], Pool);
        Assert.Equal([(sbyte)-1, (sbyte)-127], new[] { tinyOk.Values<sbyte>()[0], tinyOk.Values<sbyte>()[2] });
        using ColumnVector d = ColumnFactory.FromValues<double>(SqlType.Double, [1.5, -0.0, double.MaxValue], Pool);
        using ColumnVector dn = ArithmeticKernels.Negate(d, default, Pool);
        Assert.Equal([-1.5, 0.0, -double.MaxValue], dn.Values<double>().ToArray());
        using ColumnVector dec = ColumnFactory.FromValues<Int128>(SqlType.Decimal(38, 2), [Decimals.DecimalMath.Pow10(38) - 1], Pool);
        using ColumnVector decn = ArithmeticKernels.Negate(dec, default, Pool);
        Assert.Equal(1 - Decimals.DecimalMath.Pow10(38), decn.Values<Int128>()[0]);
        using ColumnVector months = ColumnFactory.FromValues<int>(SqlType.IntervalYearMonth, [int.MinValue], Pool);
        var error = Assert.Throws<SqlRuntimeException>(() => ArithmeticKernels.Negate(months, default, Pool));
        Assert.Contains("INTERVAL YEAR TO MONTH", error.Message);
        using ColumnVector date = ColumnFactory.FromValues<int>(SqlType.Date, [1], Pool);
        Assert.Throws<ArgumentException>(() => ArithmeticKernels.Negate(date, default, Pool));
    }

    [Fact]
    public void Span_level_checked_ops_match_the_reference_for_every_length()
    {
        var random = new Random(7);
        foreach (int n in KernelTestData.Lengths())
        {
            CheckSpans<sbyte>(random, n);
            CheckSpans<short>(random, n);
            CheckSpans<int>(random, n);
            CheckSpans<long>(random, n);
        }
    }

    private static void CheckSpans<T>(Random random, int n)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        long min = long.CreateTruncating(T.MinValue);
        long max = long.CreateTruncating(T.MaxValue);
        T[] x = new T[n];
        T[] y = new T[n];
        bool[] live = new bool[n];
        for (int i = 0; i < n; i++)
        {
            live[i] = random.Next(4) != 0;
            bool hostile = !live[i] || random.Next(200) == 0;
            x[i] = T.CreateTruncating(hostile ? max : random.NextInt64(min / 2, (max / 2) + 1));
            y[i] = T.CreateTruncating(hostile ? max : random.NextInt64(min / 2, (max / 2) + 1));
        }

        ulong[] mask = KernelTestData.Mask(live, RowMode.PartialLive);
        foreach ((ArithmeticOp op, Action<T[], T[], T[], ulong[]> run) in new (ArithmeticOp, Action<T[], T[], T[], ulong[]>)[]
        {
            (ArithmeticOp.Add, (a, b, d, m) => ArithmeticKernels.Add<T>(a, b, d, m)),
            (ArithmeticOp.Subtract, (a, b, d, m) => ArithmeticKernels.Subtract<T>(a, b, d, m)),
            (ArithmeticOp.Multiply, (a, b, d, m) => ArithmeticKernels.Multiply<T>(a, b, d, m)),
        })
        {
            T[] destination = new T[n];
            int expectedRow = -1;
            for (int i = 0; i < n && expectedRow < 0; i++)
            {
                BigInteger r = Reference(op, long.CreateTruncating(x[i]), long.CreateTruncating(y[i]));
                if (live[i] && (r < min || r > max))
                {
                    expectedRow = i;
                }
            }

            if (expectedRow >= 0)
            {
                var error = Assert.Throws<SqlRuntimeException>(() => run(x, y, destination, mask));
                Assert.Equal(expectedRow, error.Row);
                continue;
            }

            run(x, y, destination, mask);
            for (int i = 0; i < n; i++)
            {
                BigInteger r = Reference(op, long.CreateTruncating(x[i]), long.CreateTruncating(y[i]));
                if (r >= min && r <= max)
                {
                    Assert.Equal((long)r, long.CreateTruncating(destination[i]));
                }
            }
        }
    }

    private static BigInteger Reference(ArithmeticOp op, BigInteger x, BigInteger y) => op switch
    {
        ArithmeticOp.Add => x + y,
        ArithmeticOp.Subtract => x - y,
        _ => x * y,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunCase(Random random, ArithmeticOp op, SqlType leftType, SqlType rightType, SqlType resultType, int n, RowMode mode, int shape)
    {
        (long min, long max) = KernelTestData.Range(resultType);
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
        long?[] left = new long?[n];
        long?[] right = new long?[n];
        long leftConstant = SafeValue(random, leftType);
        long rightConstant = op is ArithmeticOp.Divide or ArithmeticOp.Modulo && random.Next(8) != 0 ? NonZero(random, rightType) : SafeValue(random, rightType);
        for (int i = 0; i < n; i++)
        {
            // Faults may hide only where the row does not count: NULL or not live.
            bool protectedRow = !valid[i] || !live[i];
            if (protectedRow || i == planted)
            {
                (long a, long b) = Hostile(random, op, leftType, rightType);
                left[i] = a;
                right[i] = b;
            }
            else
            {
                do
                {
                    left[i] = SafeValue(random, leftType);
                    right[i] = op is ArithmeticOp.Divide or ArithmeticOp.Modulo ? NonZero(random, rightType) : SafeValue(random, rightType);
                }
                while (mode != RowMode.PlantedFailure && Faults(op, left[i]!.Value, right[i]!.Value, min, max));
            }

            // NULLs land on one side or the other at random.
            if (!valid[i])
            {
                if (random.Next(2) == 0 && !leftScalar)
                {
                    left[i] = null;
                }
                else if (!rightScalar)
                {
                    right[i] = null;
                }
                else
                {
                    left[i] = null;
                }
            }
        }

        using ColumnVector leftColumn = KernelTestData.IntegerColumn(leftType, left, Pool);
        using ColumnVector rightColumn = KernelTestData.IntegerColumn(rightType, right, Pool);
        long? EffectiveLeft(int i) => leftScalar ? leftConstant : left[i];
        long? EffectiveRight(int i) => rightScalar ? rightConstant : right[i];
        Func<ColumnVector> apply = shape switch
        {
            1 => () => ArithmeticKernels.Apply(new ScalarValue(leftType, KernelTestData.Physical(leftType, leftConstant)), op, rightColumn, mask, Pool),
            2 => () => ArithmeticKernels.Apply(leftColumn, op, new ScalarValue(rightType, KernelTestData.Physical(rightType, rightConstant)), mask, Pool),
            _ => () => ArithmeticKernels.Apply(leftColumn, op, rightColumn, mask, Pool),
        };

        int expectedRow = -1;
        for (int i = 0; i < n && expectedRow < 0; i++)
        {
            if (EffectiveLeft(i) is long a && EffectiveRight(i) is long b && live[i] && Faults(op, a, b, min, max))
            {
                expectedRow = i;
            }
        }

        if (expectedRow >= 0)
        {
            var error = Assert.Throws<SqlRuntimeException>(() => apply().Dispose());
            Assert.Equal(expectedRow, error.Row);
            long divisor = EffectiveRight(expectedRow)!.Value;
            Assert.Equal(op is ArithmeticOp.Divide or ArithmeticOp.Modulo && divisor == 0 ? SqlErrorKind.DivisionByZero : SqlErrorKind.ArithmeticOverflow, error.Kind);
            Assert.Contains(EffectiveLeft(expectedRow)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            return;
        }

        using ColumnVector result = apply();
        Assert.Equal(resultType.Kind, result.Type.Kind);
        Assert.Equal(n, result.Length);
        object?[] actual = ColumnFactory.ToObjects(result);
        for (int i = 0; i < n; i++)
        {
            if (EffectiveLeft(i) is not long a || EffectiveRight(i) is not long b)
            {
                Assert.Null(actual[i]);
                continue;
            }

            if (!Faults(op, a, b, min, max))
            {
                Assert.Equal((long)Exact(op, a, b), Convert.ToInt64(actual[i]));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Faults(ArithmeticOp op, long x, long y, long min, long max)
    {
        if (op is ArithmeticOp.Divide or ArithmeticOp.Modulo && y == 0)
        {
            return true;
        }

        Int128 r = Exact(op, x, y);
        return r < min || r > max;
    }

    // Int128 holds every exact result of two longs (the product stays below 2^126); its / and % truncate like SQL's.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Int128 Exact(ArithmeticOp op, Int128 x, Int128 y) => op switch
    {
        ArithmeticOp.Add => x + y,
        ArithmeticOp.Subtract => x - y,
        ArithmeticOp.Multiply => x * y,
        ArithmeticOp.Divide => x / y,
        _ => x % y,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long SafeValue(Random random, SqlType type)
    {
        (long min, long max) = KernelTestData.Range(type);
        return random.Next(10) switch
        {
            0 => min,
            1 => max,
            2 => 0,
            3 => -1,
            4 or 5 => random.NextInt64(min, max),
            _ => random.Next(-100, 101),
        };
    }

    private static long NonZero(Random random, SqlType type)
    {
        long value;
        do
        {
            value = SafeValue(random, type);
        }
        while (value == 0);
        return value;
    }

    private static (long X, long Y) Hostile(Random random, ArithmeticOp op, SqlType leftType, SqlType rightType)
    {
        (long lmin, long lmax) = KernelTestData.Range(leftType);
        (long rmin, long rmax) = KernelTestData.Range(rightType);
        return op switch
        {
            ArithmeticOp.Add => (lmax, rmax),
            ArithmeticOp.Subtract => (lmin, rmax),
            ArithmeticOp.Multiply => (lmax, rmax),
            ArithmeticOp.Divide => random.Next(2) == 0 ? (lmax, 0) : (lmin, -1),
            _ => (random.Next(-5, 5), 0),
        };
    }
}
