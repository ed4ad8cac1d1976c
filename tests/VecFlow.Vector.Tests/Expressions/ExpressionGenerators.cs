using CsCheck;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Expressions;

/// <summary>Random well-typed expression trees over <see cref="Schema"/>, for property tests.</summary>
internal static class ExpressionGenerators
{
    /// <summary>Columns of the generated batches: a, b BIGINT; c DOUBLE; s, t VARCHAR; f BOOLEAN; i INT.</summary>
    public static readonly (string Name, SqlType Type)[] Schema =
    [
        ("a", SqlType.BigInt), ("b", SqlType.BigInt), ("c", SqlType.Double), ("s", SqlType.Varchar),
        ("t", SqlType.Varchar), ("f", SqlType.Boolean), ("i", SqlType.Int),
    ];

    private static readonly Dictionary<(SqlTypeKind, int), Gen<Expr>> Cache = [];

    private static ColumnRef Col(int index) => new ColumnRef(index, Schema[index].Type, Schema[index].Name);

    public static Gen<Expr> Of(SqlTypeKind kind, int depth)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((kind, depth), out Gen<Expr>? cached))
            {
                return cached;
            }
        }

        Gen<Expr> gen = kind switch
        {
            SqlTypeKind.BigInt => BigInt(depth),
            SqlTypeKind.Double => Double(depth),
            SqlTypeKind.Varchar => Varchar(depth),
            _ => Boolean(depth),
        };
        lock (Cache)
        {
            Cache[(kind, depth)] = gen;
        }

        return gen;
    }

    private static Gen<Expr> BigIntLeaf => Gen.OneOf<Expr>(
        Gen.Const(Col(0)),
        Gen.Const(Col(1)),
        Gen.Const<Expr>(new CastTo(Col(6), SqlType.BigInt)),
        Gen.Long[-5, 5].Select(v => (Expr)new Literal(ScalarValue.BigInt(v))),
        Gen.OneOfConst(long.MaxValue, long.MinValue, 0L).Select(v => (Expr)new Literal(ScalarValue.BigInt(v))),
        Gen.Const<Expr>(new Literal(ScalarValue.Null(SqlType.BigInt))));

    private static Gen<Expr> BigInt(int depth)
    {
        if (depth == 0)
        {
            return BigIntLeaf;
        }

        Gen<Expr> sub = Of(SqlTypeKind.BigInt, depth - 1);
        Gen<Expr> cond = Of(SqlTypeKind.Boolean, depth - 1);
        return Gen.Frequency(
            (3, BigIntLeaf),
            (4, Gen.Select(Gen.Enum<ArithmeticOp>(), sub, sub, (op, x, y) => (Expr)new FunctionCall(ArithmeticFunction.For(op), [x, y], SqlType.BigInt))),
            (1, sub.Select(x => (Expr)new FunctionCall(NegateFunction.Instance, [x], SqlType.BigInt))),
            (2, Gen.Select(cond, sub, sub, (c, x, y) => (Expr)new CaseWhen([new WhenClause(c, x)], y, SqlType.BigInt))),
            (1, Gen.Select(cond, sub, (c, x) => (Expr)new CaseWhen([new WhenClause(c, x)], null, SqlType.BigInt))),
            (1, Gen.Select(sub, sub, (x, y) => (Expr)new Coalesce([x, y], SqlType.BigInt))),
            (1, Of(SqlTypeKind.Varchar, depth - 1).Select(s => (Expr)new CastTo(new FunctionCall(StringFunction.CharLength, [s], SqlType.Int), SqlType.BigInt))));
    }

    private static Gen<Expr> DoubleLeaf => Gen.OneOf<Expr>(
        Gen.Const(Col(2)),
        Gen.Double[-100, 100].Select(v => (Expr)new Literal(ScalarValue.Double(Math.Round(v, 2)))),
        Gen.Const<Expr>(new Literal(ScalarValue.Double(0))));

    private static Gen<Expr> Double(int depth)
    {
        if (depth == 0)
        {
            return DoubleLeaf;
        }

        Gen<Expr> sub = Of(SqlTypeKind.Double, depth - 1);
        return Gen.Frequency(
            (3, DoubleLeaf),
            (3, Gen.Select(Gen.OneOfConst(ArithmeticOp.Add, ArithmeticOp.Subtract, ArithmeticOp.Multiply, ArithmeticOp.Divide), sub, sub, (op, x, y) => (Expr)new FunctionCall(ArithmeticFunction.For(op), [x, y], SqlType.Double))),
            (1, Of(SqlTypeKind.BigInt, depth - 1).Select(x => (Expr)new CastTo(x, SqlType.Double))));
    }

    private static Gen<Expr> VarcharLeaf => Gen.OneOf<Expr>(
        Gen.Const(Col(3)),
        Gen.Const(Col(4)),
        Gen.OneOfConst("", "ab", "É日", " x ", "abc%").Select(v => (Expr)new Literal(ScalarValue.String(v))),
        Gen.Const<Expr>(new Literal(ScalarValue.Null(SqlType.Varchar))));

    private static Gen<Expr> Varchar(int depth)
    {
        if (depth == 0)
        {
            return VarcharLeaf;
        }

        Gen<Expr> sub = Of(SqlTypeKind.Varchar, depth - 1);
        Gen<Expr> cond = Of(SqlTypeKind.Boolean, depth - 1);
        return Gen.Frequency(
            (3, VarcharLeaf),
            (1, sub.Select(x => (Expr)new FunctionCall(StringFunction.Upper, [x], SqlType.Varchar))),
            (1, sub.Select(x => (Expr)new FunctionCall(StringFunction.Lower, [x], SqlType.Varchar))),
            (1, sub.Select(x => (Expr)new FunctionCall(StringFunction.Trim, [x], SqlType.Varchar))),
            (2, Gen.Select(sub, Gen.Long[1, 5], Gen.Long[0, 4], (x, start, length) => (Expr)new FunctionCall(
                StringFunction.Substring, [x, new Literal(ScalarValue.BigInt(start)), new Literal(ScalarValue.BigInt(length))], SqlType.Varchar))),
            (2, Gen.Select(sub, sub, (x, y) => (Expr)new FunctionCall(StringFunction.Concat, [x, y], SqlType.Varchar))),
            (1, Gen.Select(cond, sub, sub, (c, x, y) => (Expr)new CaseWhen([new WhenClause(c, x)], y, SqlType.Varchar))),
            (1, Gen.Select(sub, sub, (x, y) => (Expr)new Coalesce([x, y], SqlType.Varchar))));
    }

    private static Gen<Expr> BooleanLeaf => Gen.OneOf<Expr>(
        Gen.Const(Col(5)),
        Gen.OneOfConst<bool?>(true, false, null).Select(v => (Expr)new Literal(v is null ? ScalarValue.Null(SqlType.Boolean) : ScalarValue.Boolean(v.Value))));

    private static Gen<Expr> Boolean(int depth)
    {
        if (depth == 0)
        {
            return BooleanLeaf;
        }

        Gen<Expr> sub = Of(SqlTypeKind.Boolean, depth - 1);
        Gen<Expr> ints = Of(SqlTypeKind.BigInt, depth - 1);
        Gen<Expr> strings = Of(SqlTypeKind.Varchar, depth - 1);
        Gen<Expr> doubles = Of(SqlTypeKind.Double, depth - 1);
        Gen<ComparisonOp> ops = Gen.Enum<ComparisonOp>();
        return Gen.Frequency(
            (2, BooleanLeaf),
            (3, Gen.Select(ops, ints, ints, (op, x, y) => (Expr)new FunctionCall(ComparisonFunction.For(op), [x, y], SqlType.Boolean))),
            (2, Gen.Select(ops, strings, strings, (op, x, y) => (Expr)new FunctionCall(ComparisonFunction.For(op), [x, y], SqlType.Boolean))),
            (1, Gen.Select(ops, doubles, doubles, (op, x, y) => (Expr)new FunctionCall(ComparisonFunction.For(op), [x, y], SqlType.Boolean))),
            (2, Gen.Select(sub, sub, (x, y) => (Expr)new FunctionCall(LogicFunction.And, [x, y], SqlType.Boolean))),
            (2, Gen.Select(sub, sub, (x, y) => (Expr)new FunctionCall(LogicFunction.Or, [x, y], SqlType.Boolean))),
            (1, sub.Select(x => (Expr)new FunctionCall(LogicFunction.Not, [x], SqlType.Boolean))),
            (1, Gen.Select(ints, Gen.Bool, (x, negated) => (Expr)new IsNullTest(x, negated))),
            (1, Gen.Select(strings, Gen.Bool, (x, negated) => (Expr)new IsNullTest(x, negated))),
            (1, Gen.Select(ints, ints.Array[1, 4], Gen.Bool, (x, values, negated) => (Expr)new InList(x, values, negated))),
            (1, Gen.Select(ints, ints, ints, Gen.Bool, (x, low, high, negated) => (Expr)new Between(x, low, high, negated))),
            (1, Gen.Select(strings, Gen.OneOfConst("%", "a%", "%b", "%a%", "_", "a_c%", "É%", "%日"), (x, p) => (Expr)new FunctionCall(
                StringFunction.Like, [x, new Literal(ScalarValue.String(p))], SqlType.Boolean))));
    }
}
