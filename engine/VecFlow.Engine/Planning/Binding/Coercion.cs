using VecFlow.Sql.Source;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Inserts the casts that make operand types agree; constants are converted at planning time.</summary>
internal static class Coercion
{
    public static bool SameLayout(SqlType a, SqlType b) => a.Kind == b.Kind && a.Precision == b.Precision && a.Scale == b.Scale;

    /// <summary><paramref name="expression"/> as <paramref name="target"/> (nullability aside).</summary>
    public static Expr To(Expr expression, SqlType target)
    {
        if (SameLayout(expression.Type, target))
        {
            return expression;
        }

        SqlType result = target.WithNullable(expression.Type.Nullable);
        if (expression is Literal literal)
        {
            return new Literal(literal.Value.IsNull ? VecFlow.Vector.Columns.ScalarValue.Null(target) : CastKernels.Cast(literal.Value, result));
        }

        return new CastTo(expression, result);
    }

    /// <summary>The common type of <paramref name="expressions"/>, or an error naming the types that do not meet.</summary>
    public static SqlType Common(IReadOnlyList<Expr> expressions, SourceSpan span, string what)
    {
        SqlType? common = TypeCoercion.CommonType(expressions.Select(e => e.Type));
        if (common is null)
        {
            throw new SqlValidationException(span, $"{what} mixes types that do not convert to one another: {string.Join(", ", expressions.Select(e => e.Type.WithNullable(true)).Distinct())}; add a CAST");
        }

        return common.Kind == SqlTypeKind.Null ? SqlType.Varchar : common;
    }

    public static IReadOnlyList<Expr> ToCommon(IReadOnlyList<Expr> expressions, SourceSpan span, string what)
    {
        SqlType common = Common(expressions, span, what);
        return [.. expressions.Select(e => To(e, common))];
    }
}
