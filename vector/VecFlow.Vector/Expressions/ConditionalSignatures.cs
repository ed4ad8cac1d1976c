using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;
using static VecFlow.Vector.Expressions.SignatureRules;

namespace VecFlow.Vector.Expressions;

/// <summary>IF, NULLIF and IFNULL, resolved to the CASE / COALESCE trees they abbreviate (so only the taken branch can fail).</summary>
internal static class ConditionalSignatures
{
    public static void Register(Dictionary<string, Func<IReadOnlyList<Expr>, Expr>> table)
    {
        table["IF"] = If;
        table["NULLIF"] = NullIf;
        table["IFNULL"] = IfNull;
    }

    /// <summary>IF(condition, a, b) = CASE WHEN condition THEN a ELSE b END, in the common type of a and b.</summary>
    private static CaseWhen If(IReadOnlyList<Expr> a)
    {
        const string signature = "IF(boolean, value, value) with values of a common type";
        Require(a.Count == 3 && IsBoolean(a[0].Type), signature, a);
        SqlType common = TypeCoercion.CommonType(a[1].Type, a[2].Type) ?? throw Mismatch(signature, a);
        common = Concrete(common).WithNullable(a[1].Type.Nullable || a[2].Type.Nullable);
        return new CaseWhen([new WhenClause(Cast(a[0], SqlType.Boolean), Cast(a[1], common))], Cast(a[2], common), common);
    }

    /// <summary>NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END; compared in the common type, typed as a (nullable).</summary>
    private static CaseWhen NullIf(IReadOnlyList<Expr> a)
    {
        const string signature = "NULLIF(value, value) with values of a common type";
        Require(a.Count == 2, signature, a);
        SqlType common = TypeCoercion.CommonType(a[0].Type, a[1].Type) ?? throw Mismatch(signature, a);
        common = Concrete(common);
        SqlType result = Concrete(a[0].Type).WithNullable(true);
        var equal = new FunctionCall(ComparisonFunction.Equal, [Cast(a[0], common), Cast(a[1], common)], SqlType.Boolean.WithNullable(AnyNullable(a)));
        return new CaseWhen([new WhenClause(equal, NullOf(result))], Cast(a[0], result), result);
    }

    /// <summary>IFNULL(a, b) = COALESCE(a, b).</summary>
    private static Coalesce IfNull(IReadOnlyList<Expr> a)
    {
        const string signature = "IFNULL(value, value) with values of a common type";
        Require(a.Count == 2, signature, a);
        SqlType common = TypeCoercion.CommonType(a[0].Type, a[1].Type) ?? throw Mismatch(signature, a);
        common = Concrete(common).WithNullable(a[0].Type.Nullable && a[1].Type.Nullable);
        return new Coalesce([Cast(a[0], common), Cast(a[1], common)], common);
    }

    /// <summary>Two untyped NULLs meet as NULL; a CASE needs a physical type, so they become INT.</summary>
    private static SqlType Concrete(SqlType type) => type.Kind == SqlTypeKind.Null ? SqlType.Int.WithNullable(true) : type;

    private static FunctionResolutionException Mismatch(string signature, IReadOnlyList<Expr> a) => StringSignatures.Mismatch(signature, a);
}
