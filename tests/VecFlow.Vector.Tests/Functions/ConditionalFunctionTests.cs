using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Functions;

public sealed class ConditionalFunctionTests : FunctionTest
{
    private static readonly ColumnRef A = new(0, SqlType.BigInt, "a");
    private static readonly ColumnRef B = new(1, SqlType.Int, "b");

    [Fact]
    public void If_nullif_and_ifnull_match_the_reference_and_guard_errors()
    {
        var random = new Random(5);
        for (int n = 0; n <= 257; n += n < 70 ? 1 : 13)
        {
            long?[] a = WithNulls(random, n, r => r.NextInt64(-3, 4));
            int?[] b = WithNulls(random, n, r => r.Next(-3, 4));
            using ColumnBatch batch = Batch(ColumnFactory.FromNullable(SqlType.BigInt, a, Pool), ColumnFactory.FromNullable(SqlType.Int, b, Pool));
            var nonZero = new FunctionCall(ComparisonFunction.NotEqual, [B, Int(0)], SqlType.Boolean);
            var quotient = new FunctionCall(ArithmeticFunction.Divide, [A, new CastTo(B, SqlType.BigInt)], SqlType.BigInt);
            Expr guarded = Call("IF", nonZero, quotient, Int(-100));
            Assert.Equal(SqlType.BigInt, guarded.Type.WithNullable(true));
            Assert.Equal(
                Enumerable.Range(0, n).Select(i => b[i] is null or 0 ? (object?)-100L : a[i] is null ? null : a[i]!.Value / b[i]!.Value),
                Eval(guarded, batch));
            Assert.Equal(Enumerable.Range(0, n).Select(i => a[i] is null || (b[i] is not null && a[i] == b[i]) ? null : (object?)a[i]), Eval(Call("NULLIF", A, B), batch));
            Assert.Equal(Enumerable.Range(0, n).Select(i => a[i] is not null ? (object?)a[i] : b[i] is null ? null : (long)b[i]!.Value), Eval(Call("IFNULL", A, B), batch));
        }
    }

    [Fact]
    public void Mismatched_branches_are_resolution_errors()
    {
        Assert.Throws<FunctionResolutionException>(() => Call("IF", new Literal(ScalarValue.Boolean(true)), Int(1), Text("x")));
        Assert.Throws<FunctionResolutionException>(() => Call("IF", Int(1), Int(1), Int(2)));
        Assert.Equal("x", EvalConstant(Call("IF", new Literal(ScalarValue.Boolean(false)), Text("y"), Text("x"))));
        Assert.Null(EvalConstant(Call("NULLIF", Text("x"), Text("x"))));
    }
}
