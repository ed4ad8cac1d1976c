using System.Globalization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>Argument checks, implicit casts and literal reading shared by the function signature families.</summary>
internal static class SignatureRules
{
    public static bool AnyNullable(IReadOnlyList<Expr> arguments) => arguments.Any(x => x.Type.Nullable);

    public static bool IsNull(SqlType type) => type.Kind == SqlTypeKind.Null;

    public static bool IsNumeric(SqlType type) => type.IsNumeric || IsNull(type);

    public static bool IsExact(SqlType type) => type.IsInteger || type.Kind == SqlTypeKind.Decimal || IsNull(type);

    public static bool IsInteger(SqlType type) => type.IsInteger || IsNull(type);

    public static bool IsText(SqlType type) => StringSignatures.IsText(type);

    public static bool IsBoolean(SqlType type) => type.Kind == SqlTypeKind.Boolean || IsNull(type);

    public static bool IsDateOrTimestamp(SqlType type) => type.Kind is SqlTypeKind.Date or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz || IsNull(type);

    /// <summary>Throws the resolution error listing <paramref name="signature"/> unless <paramref name="valid"/>.</summary>
    public static void Require(bool valid, string signature, IReadOnlyList<Expr> arguments)
    {
        if (!valid)
        {
            throw StringSignatures.Mismatch(signature, arguments);
        }
    }

    /// <summary><paramref name="argument"/> converted to <paramref name="target"/> (keeping its nullability), or itself when it already is.</summary>
    public static Expr Cast(Expr argument, SqlType target)
    {
        SqlType wanted = target.WithNullable(argument.Type.Nullable || IsNull(argument.Type));
        return argument.Type == wanted ? argument : new CastTo(argument, wanted);
    }

    /// <summary>The value of a literal argument (looking through casts the binder put around it), or null when it is not one.</summary>
    public static ScalarValue? LiteralValue(Expr argument) => argument switch
    {
        Literal literal => literal.Value,
        CastTo { Operand: Literal inner } cast when inner.Value.IsNull => ScalarValue.Null(cast.TargetType),
        CastTo { Operand: Literal inner } cast => Kernels.CastKernels.Cast(inner.Value, cast.TargetType),
        _ => null,
    };

    /// <summary>An integer literal argument; null for a NULL literal; a resolution error when it is not a literal.</summary>
    public static long? IntegerLiteral(Expr argument, string signature, IReadOnlyList<Expr> arguments, string what)
    {
        ScalarValue? value = LiteralValue(argument);
        if (value is null || !IsInteger(value.Type))
        {
            throw new FunctionResolutionException($"{signature.Split('(')[0]} needs {what} as an integer literal; valid: {signature}.");
        }

        return value.Value is IConvertible number ? number.ToInt64(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>An uppercase VARCHAR literal (a time unit, a pattern); a resolution error when it is not one.</summary>
    public static string? TextLiteral(Expr argument, string signature, string what)
    {
        ScalarValue? value = LiteralValue(argument);
        if (value is null || !IsText(value.Type))
        {
            throw new FunctionResolutionException($"{signature.Split('(')[0]} needs {what} as a literal; valid: {signature}.");
        }

        return value.Value as string;
    }

    /// <summary>The all-NULL result of a call whose NULL literal argument makes every row NULL.</summary>
    public static Literal NullOf(SqlType type) => new(ScalarValue.Null(type));
}
