using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Functions;

public sealed class MathFunctionTests : FunctionTest
{
    private static readonly ColumnRef X = new(0, SqlType.BigInt, "x");
    private static readonly ColumnRef D = new(0, SqlType.Double, "d");

    [Fact]
    public void Integer_functions_match_the_reference_on_every_length_with_and_without_nulls()
    {
        var random = new Random(7);
        for (int n = 0; n <= 257; n++)
        {
            {
                long?[] values = WithNulls(random, n, r => r.Next(6) == 0 ? long.MaxValue - r.Next(3) : r.NextInt64(-1_000_000, 1_000_000), nulls: n % 2 == 1);
                using ColumnBatch batch = Batch(ColumnFactory.FromNullable(SqlType.BigInt, values, Pool));
                Assert.Equal(values.Select(v => (object?)(v is null ? null : Math.Abs(v.Value))), Eval(Call("ABS", X), batch));
                Assert.Equal(values.Select(v => (object?)(v is null ? null : (long)Math.Sign(v.Value))), Eval(Call("SIGN", X), batch));
                Assert.Equal(values.Select(v => (object?)v), Eval(Call("FLOOR", X), batch));
                Assert.Equal(values.Select(v => (object?)(v is null ? null : RoundHalfUp(v.Value, 100))), Eval(Call("ROUND", X, Int(-2)), batch));
                Assert.Equal(values.Select(v => (object?)(v is null ? null : v.Value / 100 * 100)), Eval(Call("TRUNCATE", X, Int(-2)), batch));
                Assert.Equal(values.Select(v => (object?)(v is null ? null : v.Value % 7)), Eval(Call("MOD", X, Big(7)), batch));
            }
        }
    }

    [Fact]
    public void Double_functions_match_the_reference_on_every_length()
    {
        var random = new Random(11);
        for (int n = 0; n <= 257; n++)
        {
            double?[] values = WithNulls(random, n, r => r.Next(10) == 0 ? double.NaN : (r.NextDouble() - 0.5) * 1e4);
            using ColumnBatch batch = Batch(ColumnFactory.FromNullable(SqlType.Double, values, Pool));
            Assert.Equal(values.Select(v => (object?)(v is null ? null : Math.Abs(v.Value))), Eval(Call("ABS", D), batch));
            Assert.Equal(values.Select(v => (object?)(v is null ? null : Math.Floor(v.Value))), Eval(Call("FLOOR", D), batch));
            Assert.Equal(values.Select(v => (object?)(v is null ? null : Math.Ceiling(v.Value))), Eval(Call("CEIL", D), batch));
            Assert.Equal(values.Select(v => (object?)(v is null ? null : double.IsNaN(v.Value) ? v : Math.Sign(v.Value) * 1.0)), Eval(Call("SIGN", D), batch));
            Assert.Equal(values.Select(v => (object?)(v is null ? null : Math.Exp(v.Value / 1e4))), Eval(Call("EXP", new FunctionCall(VecFlow.Vector.Expressions.Functions.ArithmeticFunction.Divide, [D, new Literal(ScalarValue.Double(1e4))], SqlType.Double)), batch));
        }
    }

    [Fact]
    public void Sqrt_of_negative_fails_only_on_a_live_non_null_row()
    {
        using ColumnBatch batch = Batch(ColumnFactory.FromNullable(SqlType.Double, new double?[] { 4, -1, null, 9 }, Pool), [0, 2, 3]);
        object?[] rows = Eval(Call("SQRT", D), batch);
        Assert.Equal([2.0, null, 3.0], new[] { rows[0], rows[2], rows[3] });

        using ColumnBatch all = Batch(ColumnFactory.FromNullable(SqlType.Double, new double?[] { 4, -1 }, Pool));
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => Eval(Call("SQRT", D), all));
        Assert.Equal(SqlErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(1, error.Row);
        using ColumnBatch zero = Batch(ColumnFactory.FromNullable(SqlType.Double, new double?[] { 0 }, Pool));
        Assert.Equal(SqlErrorKind.InvalidArgument, Assert.Throws<SqlRuntimeException>(() => Eval(Call("LN", D), zero)).Kind);
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, Assert.Throws<SqlRuntimeException>(() => EvalConstant(Call("EXP", new Literal(ScalarValue.Double(1000))))).Kind);
    }

    [Fact]
    public void Abs_of_the_smallest_integer_is_an_overflow_on_live_rows_only()
    {
        using ColumnBatch dead = Batch(ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { 1, long.MinValue }, Pool), [0]);
        Assert.Equal(1L, Eval(Call("ABS", X), dead)[0]);
        using ColumnBatch live = Batch(ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { 1, long.MinValue }, Pool));
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => Eval(Call("ABS", X), live));
        Assert.Equal((SqlErrorKind.ArithmeticOverflow, 1), (error.Kind, error.Row));
    }

    [Fact]
    public void Mod_by_zero_is_an_error_naming_the_row()
    {
        using ColumnBatch batch = Batch(ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { 5, 6, 7 }, Pool), ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { 2, 4, 0 }, Pool));
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => Eval(Call("MOD", new ColumnRef(0, SqlType.BigInt), new ColumnRef(1, SqlType.BigInt)), batch));
        Assert.Equal((SqlErrorKind.DivisionByZero, 2), (error.Kind, error.Row));
        Assert.Throws<FunctionResolutionException>(() => Call("MOD", D, D));
    }

    [Fact]
    public void Round_of_decimals_is_half_up_with_flink_result_types()
    {
        var type = SqlType.Decimal(10, 3);
        var column = new ColumnRef(0, type);
        Int128[] values = [1_235, -1_235, 1_234, 999_999_999, -5, 0];
        using ColumnBatch batch = Batch(ColumnFactory.FromValues<Int128>(type, values, Pool));
        Expr round2 = Call("ROUND", column, Int(2));
        Assert.Equal(SqlType.Decimal(10, 2), round2.Type);
        Assert.Equal(new object?[] { (Int128)124, (Int128)(-124), (Int128)123, (Int128)100_000_000, (Int128)(-1), (Int128)0 }, Eval(round2, batch));
        Expr roundNegative = Call("ROUND", column, Int(-1));
        Assert.Equal(SqlType.Decimal(8, 0), roundNegative.Type);
        Assert.Equal(new object?[] { (Int128)0, (Int128)0, (Int128)0, (Int128)1_000_000, (Int128)0, (Int128)0 }, Eval(roundNegative, batch));
        Assert.Equal(SqlType.Decimal(10, 0), Call("FLOOR", column).Type);
        Assert.Equal(new object?[] { (Int128)1, (Int128)(-2), (Int128)1, (Int128)999_999, (Int128)(-1), (Int128)0 }, Eval(Call("FLOOR", column), batch));
        Assert.Equal(new object?[] { (Int128)2, (Int128)(-1), (Int128)2, (Int128)1_000_000, (Int128)0, (Int128)0 }, Eval(Call("CEIL", column), batch));
        Assert.Equal(new object?[] { (Int128)123, (Int128)(-123), (Int128)123, (Int128)99_999_999, (Int128)0, (Int128)0 }, Eval(Call("TRUNCATE", column, Int(2)), batch));
    }

    [Fact]
    public void Round_of_doubles_rounds_the_shortest_decimal_text_half_up_like_flink()
    {
        Assert.Equal(2.68, EvalConstant(Call("ROUND", new Literal(ScalarValue.Double(2.675)), Int(2))));
        Assert.Equal(-3.0, EvalConstant(Call("ROUND", new Literal(ScalarValue.Double(-2.5)))));
        Assert.Equal(1200.0, EvalConstant(Call("ROUND", new Literal(ScalarValue.Double(1249.9)), Int(-2))));
        Assert.Equal(2.67, EvalConstant(Call("TRUNCATE", new Literal(ScalarValue.Double(2.679)), Int(2))));
        Assert.Equal(1e300, ExactRounding.Round(1e300, 2, RoundingMode.HalfUp));
        Assert.True(double.IsNaN(ExactRounding.Round(double.NaN, 2, RoundingMode.HalfUp)));
    }

    [Fact]
    public void Constants_fold_and_types_follow_the_signatures()
    {
        Assert.Equal(3.0, (double)EvalConstant(Call("LOG", new Literal(ScalarValue.Double(2)), Int(8)))!, 12);
        Assert.Equal(1024.0, EvalConstant(Call("POWER", Int(2), Int(10))));
        Assert.Equal(3.0, EvalConstant(Call("LOG10", Int(1000))));
        Assert.Equal(Math.PI, EvalConstant(Call("PI")));
        Assert.Null(EvalConstant(Call("ABS", new Literal(ScalarValue.Null(SqlType.Int)))));
        Assert.Equal((sbyte)5, EvalConstant(Call("ABS", new Literal(new ScalarValue(SqlType.TinyInt, (sbyte)-5)))));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, Assert.Throws<SqlRuntimeException>(() => EvalConstant(Call("ROUND", new Literal(new ScalarValue(SqlType.TinyInt, (sbyte)125)), Int(-1)))).Kind);
        Assert.Equal(SqlErrorKind.InvalidArgument, Assert.Throws<SqlRuntimeException>(() => EvalConstant(Call("LOG", Int(1), Int(8)))).Kind);
        FunctionResolutionException error = Assert.Throws<FunctionResolutionException>(() => Call("ROUND", Text("a")));
        Assert.Contains("ROUND(numeric [, integer literal])", error.Message, StringComparison.Ordinal);
        Assert.Throws<FunctionResolutionException>(() => Call("ROUND", D, X));
    }

    private static long RoundHalfUp(long value, long unit)
    {
        long quotient = value / unit;
        long remainder = value % unit;
        return (Math.Abs(remainder) * 2 >= unit ? quotient + Math.Sign(value) : quotient) * unit;
    }
}
