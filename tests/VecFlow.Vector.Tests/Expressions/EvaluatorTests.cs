using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Expressions;

public sealed class EvaluatorTests : PooledTest
{
    private static readonly ColumnRef A = new(0, SqlType.BigInt, "a");
    private static readonly ColumnRef B = new(1, SqlType.BigInt, "b");
    private static readonly ColumnRef S = new(2, SqlType.Varchar, "s");

    private static Literal Big(long v) => new(ScalarValue.BigInt(v));

    private static FunctionCall Op(ScalarFunction f, SqlType type, params Expr[] args) => new(f, args, type);

    private ColumnBatch Batch(long?[] a, long?[] b, string?[]? s = null, int[]? live = null)
    {
        int n = a.Length;
        s ??= [.. Enumerable.Repeat<string?>("x", n)];
        return new ColumnBatch(
            ["a", "b", "s"],
            [ColumnFactory.FromNullable(SqlType.BigInt, a, Pool), ColumnFactory.FromNullable(SqlType.BigInt, b, Pool), ColumnFactory.FromStrings(s, Pool)],
            n,
            live is null ? null : Selection.FromIndices(live, n, Pool));
    }

    private object?[] Eval(Expr e, ColumnBatch batch)
    {
        using ColumnVector result = new ExpressionEvaluator(Pool).Evaluate(e, batch);
        return ColumnFactory.ToObjects(result);
    }

    [Fact]
    public void Case_guards_division_by_zero()
    {
        using ColumnBatch batch = Batch([10, 7, null], [2, 0, 3]);
        var guarded = new CaseWhen(
            [new WhenClause(Op(ComparisonFunction.NotEqual, SqlType.Boolean, B, Big(0)), Op(ArithmeticFunction.Divide, SqlType.BigInt, A, B))],
            Big(-1),
            SqlType.BigInt);
        Assert.Equal(new object?[] { 5L, -1L, null }, Eval(guarded, batch));
    }

    [Fact]
    public void A_projection_list_computes_a_shared_subexpression_once_but_never_hoists_it_out_of_a_case_branch()
    {
        using ColumnBatch batch = Batch([10, 7, null, 4], [2, 0, 3, 1], live: [0, 1, 2]);
        Expr quotient = Op(ArithmeticFunction.Divide, SqlType.BigInt, A, B);
        Expr guard = Op(ComparisonFunction.NotEqual, SqlType.Boolean, B, Big(0));
        Expr twice = Op(ArithmeticFunction.Multiply, SqlType.BigInt, A, Big(2));
        Expr[] list =
        [
            new CaseWhen([new WhenClause(guard, quotient)], null, SqlType.BigInt),
            new CaseWhen([new WhenClause(guard, Op(ArithmeticFunction.Add, SqlType.BigInt, quotient, Big(1)))], null, SqlType.BigInt),
            twice,
            Op(ArithmeticFunction.Add, SqlType.BigInt, twice, Big(1)),
            A,
        ];
        ColumnVector[] results = new ExpressionEvaluator(Pool).EvaluateAll(list, batch);
        object?[][] values = [.. results.Select(r => ColumnFactory.ToObjects(r)[..3])];
        Array.ForEach(results, r => r.Dispose());
        Assert.Equal(new object?[] { 5L, null, null }, values[0]);
        Assert.Equal(new object?[] { 6L, null, null }, values[1]);
        Assert.Equal(new object?[] { 20L, 14L, null }, values[2]);
        Assert.Equal(new object?[] { 21L, 15L, null }, values[3]);
        Assert.Equal(new object?[] { 10L, 7L, null }, values[4]);

        // Outside a branch the shared quotient fails on the live row with b = 0, as each expression alone would.
        Expr[] unguarded = [quotient, Op(ArithmeticFunction.Add, SqlType.BigInt, quotient, Big(1))];
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => new ExpressionEvaluator(Pool).EvaluateAll(unguarded, batch));
        Assert.Equal(SqlErrorKind.DivisionByZero, error.Kind);
        Assert.Equal(1, error.Row);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    public void A_deterministic_subexpression_repeated_in_a_projection_list_is_evaluated_once(bool deterministic, int expectedCalls)
    {
        using ColumnBatch batch = Batch([1, 2, 3], [4, 5, 6]);
        var counting = new CountingIdentity(deterministic);
        Expr call = Op(counting, SqlType.BigInt, A);
        Expr[] list = [call, Op(ArithmeticFunction.Add, SqlType.BigInt, call, Big(1)), new IsNullTest(call, false)];
        ColumnVector[] results = new ExpressionEvaluator(Pool).EvaluateAll(list, batch);
        object?[][] values = [.. results.Select(ColumnFactory.ToObjects)];
        Array.ForEach(results, r => r.Dispose());
        Assert.Equal(expectedCalls, counting.Calls);
        Assert.Equal(new object?[] { 1L, 2L, 3L }, values[0]);
        Assert.Equal(new object?[] { 2L, 3L, 4L }, values[1]);

        // Under a CASE branch the call sees the branch's rows, so it is evaluated there and not shared.
        counting.Calls = 0;
        Expr branch = new CaseWhen([new WhenClause(Op(ComparisonFunction.Greater, SqlType.Boolean, B, Big(4)), call)], null, SqlType.BigInt);
        results = new ExpressionEvaluator(Pool).EvaluateAll([branch, branch], batch);
        Array.ForEach(results, r => r.Dispose());
        Assert.Equal(2, counting.Calls);
    }

    /// <summary>f(x) = x, counting its batch evaluations.</summary>
    private sealed class CountingIdentity(bool deterministic) : ScalarFunction
    {
        public int Calls { get; set; }

        public override string Name => "COUNTING_IDENTITY";

        public override bool IsDeterministic => deterministic;

        public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
        {
            Calls++;
            return arguments[0].ToColumn(length, pool);
        }
    }

    [Fact]
    public void Division_by_zero_on_a_live_row_names_the_row()
    {
        using ColumnBatch batch = Batch([10, 7, 1], [2, 0, 3]);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => Eval(Op(ArithmeticFunction.Divide, SqlType.BigInt, A, B), batch));
        Assert.Equal(SqlErrorKind.DivisionByZero, error.Kind);
        Assert.Equal(1, error.Row);
    }

    [Fact]
    public void Division_by_zero_on_a_filtered_out_or_null_row_is_not_an_error()
    {
        using ColumnBatch filtered = Batch([10, 7, 1], [2, 0, 3], live: [0, 2]);
        object?[] values = Eval(Op(ArithmeticFunction.Divide, SqlType.BigInt, A, B), filtered);
        Assert.Equal(5L, values[0]);
        Assert.Equal(0L, values[2]);
        using ColumnBatch nulls = Batch([10, null, 1], [2, 0, 3]);
        Assert.Equal(new object?[] { 5L, null, 0L }, Eval(Op(ArithmeticFunction.Divide, SqlType.BigInt, A, B), nulls));
    }

    [Fact]
    public void And_does_not_evaluate_the_right_side_where_the_left_is_false()
    {
        using ColumnBatch batch = Batch([10, 7, null], [2, 0, 0]);
        var e = Op(
            LogicFunction.And,
            SqlType.Boolean,
            Op(ComparisonFunction.NotEqual, SqlType.Boolean, B, Big(0)),
            Op(ComparisonFunction.Greater, SqlType.Boolean, Op(ArithmeticFunction.Divide, SqlType.BigInt, A, B), Big(1)));
        Assert.Equal(new object?[] { true, false, false }, Eval(e, batch));
    }

    [Fact]
    public void In_list_follows_sql_null_semantics()
    {
        using ColumnBatch batch = Batch([1, 2, null], [0, 0, 0]);
        var withNull = new InList(A, [Big(1), new Literal(ScalarValue.Null(SqlType.BigInt))], false);
        Assert.Equal(new object?[] { true, null, null }, Eval(withNull, batch));
        var notIn = new InList(A, [Big(1), Big(3)], true);
        Assert.Equal(new object?[] { false, true, null }, Eval(notIn, batch));
    }

    [Fact]
    public void Between_is_inclusive_and_empty_when_low_exceeds_high()
    {
        using ColumnBatch batch = Batch([1, 5, 9, null], [0, 0, 0, 0]);
        Assert.Equal(new object?[] { false, true, false, null }, Eval(new Between(A, Big(5), Big(8), false), batch));
        Assert.Equal(new object?[] { false, false, false, null }, Eval(new Between(A, Big(8), Big(5), false), batch));
        Assert.Equal(new object?[] { true, false, true, null }, Eval(new Between(A, Big(5), Big(8), true), batch));
    }

    [Fact]
    public void Coalesce_takes_the_first_non_null_and_evaluates_later_arguments_only_where_needed()
    {
        using ColumnBatch batch = Batch([4, null, null], [0, 0, 2]);
        var e = new Coalesce([A, Op(ArithmeticFunction.Divide, SqlType.BigInt, Big(8), B), Big(-1)], SqlType.BigInt);
        // Row 0 never evaluates 8 / 0; row 1 does, and fails.
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => Eval(e, batch));
        Assert.Equal(1, error.Row);
        using ColumnBatch ok = Batch([4, null, null], [0, 4, 2]);
        Assert.Equal(new object?[] { 4L, 2L, 4L }, Eval(e, ok));
    }

    [Fact]
    public void Filter_narrows_the_existing_selection()
    {
        using ColumnBatch batch = Batch([1, 2, 3, 4, null], [0, 0, 0, 0, 0], live: [1, 2, 4]);
        using Selection selected = new ExpressionEvaluator(Pool).Filter(Op(ComparisonFunction.Greater, SqlType.Boolean, A, Big(1)), batch);
        Assert.Equal([1, 2], selected.ToIndices());
    }

    [Fact]
    public void Constant_expressions_fold_to_one_value()
    {
        using ColumnBatch batch = Batch([1, 2], [0, 0]);
        var e = Op(ArithmeticFunction.Add, SqlType.BigInt, Big(40), Big(2));
        Assert.Equal(new object?[] { 42L, 42L }, Eval(e, batch));
    }

    [Fact]
    public void Case_over_strings_keeps_nulls_of_the_chosen_branch()
    {
        using ColumnBatch batch = Batch([1, 2, 3], [0, 0, 0], ["x", null, "z"]);
        var e = new CaseWhen(
            [new WhenClause(Op(ComparisonFunction.Less, SqlType.Boolean, A, Big(3)), S)],
            new Literal(ScalarValue.String("other")),
            SqlType.Varchar);
        Assert.Equal(new object?[] { "x", null, "other" }, Eval(e, batch));
    }

    [Fact]
    public void Type_coercion_widens_along_the_sql_lattice()
    {
        Assert.Equal(SqlType.BigInt, TypeCoercion.CommonType(SqlType.Int, SqlType.BigInt));
        Assert.Equal(SqlType.Decimal(21, 2), TypeCoercion.CommonType(SqlType.BigInt, SqlType.Decimal(10, 2)));
        Assert.Equal(SqlType.Double, TypeCoercion.CommonType(SqlType.Decimal(10, 2), SqlType.Float));
        Assert.Equal(SqlType.Timestamp, TypeCoercion.CommonType(SqlType.Date, SqlType.Timestamp));
        Assert.Null(TypeCoercion.CommonType(SqlType.Varchar, SqlType.Int));
        Assert.Equal(SqlType.Decimal(38, 8), TypeCoercion.CommonType(SqlType.Decimal(38, 8), SqlType.Decimal(20, 10)));
    }
}
