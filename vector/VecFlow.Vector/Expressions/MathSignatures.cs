using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.SignatureRules;

namespace VecFlow.Vector.Expressions;

/// <summary>Signatures of the numeric functions (ABS, ROUND, MOD, POWER, LN, ...): argument checks, casts and result types.</summary>
/// <remarks>
/// The untyped NULL literal is taken as DOUBLE (as an INT for MOD). Digits of ROUND / TRUNCATE must be integer literals,
/// since the DECIMAL result type depends on them (Flink keeps the input type for a non-literal; VecFlow asks for a literal).
/// </remarks>
internal static class MathSignatures
{
    public static void Register(Dictionary<string, Func<IReadOnlyList<Expr>, Expr>> table)
    {
        table["ABS"] = a => SameType(MathFunctions.Abs, a, "ABS(numeric)", t => t);
        table["SIGN"] = a => SameType(MathFunctions.Sign, a, "SIGN(numeric)", NumericResultTypes.Sign);
        table["FLOOR"] = a => a.Count == 2
            ? TemporalSignatures.FloorOrCeil(a, ceiling: false)
            : SameType(MathFunctions.Floor, a, "FLOOR(numeric) | FLOOR(datetime TO unit)", NumericResultTypes.FloorOrCeiling);
        table["CEIL"] = a => a.Count == 2
            ? TemporalSignatures.FloorOrCeil(a, ceiling: true)
            : SameType(MathFunctions.Ceil, a, "CEIL(numeric) | CEIL(datetime TO unit)", NumericResultTypes.FloorOrCeiling);
        table["CEILING"] = table["CEIL"];
        table["ROUND"] = a => Rounding(MathFunctions.Round, a, "ROUND(numeric [, integer literal])");
        table["TRUNCATE"] = a => Rounding(MathFunctions.Truncate, a, "TRUNCATE(numeric [, integer literal])");
        table["MOD"] = Modulo;
        table["POWER"] = a => OfDoubles(MathFunctions.Power, a, "POWER(numeric, numeric)", 2);
        table["POW"] = table["POWER"];
        table["SQRT"] = a => OfDoubles(MathFunctions.Sqrt, a, "SQRT(numeric)", 1);
        table["LN"] = a => OfDoubles(MathFunctions.Ln, a, "LN(numeric)", 1);
        table["LOG10"] = a => OfDoubles(MathFunctions.Log10, a, "LOG10(numeric)", 1);
        table["LOG2"] = a => OfDoubles(MathFunctions.Log2, a, "LOG2(numeric)", 1);
        table["EXP"] = a => OfDoubles(MathFunctions.Exp, a, "EXP(numeric)", 1);

        // LOG(x) is the natural logarithm, LOG(base, x) the logarithm to a base (Flink).
        table["LOG"] = a => a.Count == 1
            ? OfDoubles(MathFunctions.Ln, a, "LOG([base,] numeric)", 1)
            : OfDoubles(MathFunctions.Log, a, "LOG([base,] numeric)", 2);
        table["PI"] = a => Constant(a, "PI()", Math.PI);
        table["E"] = a => Constant(a, "E()", Math.E);
    }

    private static FunctionCall SameType(ScalarFunction function, IReadOnlyList<Expr> a, string signature, Func<SqlType, SqlType> result)
    {
        Require(a.Count == 1 && IsNumeric(a[0].Type), signature, a);
        Expr x = IsNull(a[0].Type) ? Cast(a[0], SqlType.Double) : a[0];
        return new FunctionCall(function, [x], result(x.Type));
    }

    private static Expr Rounding(ScalarFunction function, IReadOnlyList<Expr> a, string signature)
    {
        Require(a.Count is 1 or 2 && IsNumeric(a[0].Type) && (a.Count == 1 || IsInteger(a[1].Type)), signature, a);
        Expr x = IsNull(a[0].Type) ? Cast(a[0], SqlType.Double) : a[0];
        if (a.Count == 1)
        {
            return new FunctionCall(function, [x], NumericResultTypes.Round(x.Type, 0));
        }

        long? digits = IntegerLiteral(a[1], signature, a, "the number of digits");
        if (digits is null)
        {
            return NullOf(x.Type);
        }

        if (digits is < -SqlType.MaxDecimalPrecision or > SqlType.MaxDecimalPrecision)
        {
            throw new FunctionResolutionException($"{function.Name} to {digits} digits is not supported; valid: -38..38.");
        }

        var d = new Literal(ScalarValue.Int((int)digits.Value));
        return new FunctionCall(function, [x, d], NumericResultTypes.Round(x.Type, (int)digits.Value).WithNullable(x.Type.Nullable));
    }

    private static FunctionCall Modulo(IReadOnlyList<Expr> a)
    {
        const string signature = "MOD(exact numeric, exact numeric)";
        Require(a.Count == 2 && IsExact(a[0].Type) && IsExact(a[1].Type), signature, a);
        Expr x = IsNull(a[0].Type) ? Cast(a[0], SqlType.Int) : a[0];
        Expr y = IsNull(a[1].Type) ? Cast(a[1], SqlType.Int) : a[1];
        return new FunctionCall(ArithmeticFunction.Modulo, [x, y], ArithmeticKernels.ResultType(x.Type, ArithmeticOp.Modulo, y.Type));
    }

    private static FunctionCall OfDoubles(ScalarFunction function, IReadOnlyList<Expr> a, string signature, int count)
    {
        Require(a.Count == count && a.All(x => IsNumeric(x.Type)), signature, a);
        return new FunctionCall(function, [.. a.Select(x => Cast(x, SqlType.Double))], SqlType.Double.WithNullable(AnyNullable(a)));
    }

    private static Literal Constant(IReadOnlyList<Expr> a, string signature, double value)
    {
        Require(a.Count == 0, signature, a);
        return new Literal(new ScalarValue(SqlType.Double.WithNullable(false), value));
    }
}
