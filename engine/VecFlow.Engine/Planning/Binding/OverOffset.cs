using VecFlow.Sql.Ast;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;
using VExpr = VecFlow.Vector.Expressions.Expr;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>The bound arguments of a window function that picks a row: LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTILE.</summary>
/// <param name="Argument">The input column whose value is picked; null for NTILE.</param>
/// <param name="ResultType">The argument's type made nullable (Flink's LAG / LEAD / FIRST_VALUE / LAST_VALUE), or BIGINT for NTILE.</param>
/// <param name="Distance">LAG / LEAD's offset (default 1), NTILE's bucket count.</param>
/// <param name="Default">The input column with LAG / LEAD's default, cast to the argument's type; null for NULL.</param>
internal sealed record OverOffset(int? Argument, SqlType ResultType, long Distance, int? Default)
{
    /// <summary>Binds <paramref name="call"/> if it is one of these functions, else null; <paramref name="column"/> projects an expression.</summary>
    public static OverOffset? Bind(FunctionCallExpression call, ExpressionBinder binder, Func<VExpr, int> column)
    {
        string name = call.Name.Last.Value.ToUpperInvariant();
        IReadOnlyList<SqlExpression> arguments = call.Arguments;
        switch (name)
        {
            case "NTILE":
                if (arguments.Count != 1)
                {
                    throw new SqlValidationException(call.Span, "NTILE takes one argument: the number of buckets, a positive integer literal");
                }

                long buckets = Literal(arguments[0], "NTILE's number of buckets");
                return buckets > 0
                    ? new OverOffset(null, SqlType.BigInt.WithNullable(false), buckets, null)
                    : throw new SqlValidationException(arguments[0].Span, "NTILE's number of buckets must be a positive integer literal");
            case "FIRST_VALUE" or "LAST_VALUE":
                {
                    if (arguments.Count != 1)
                    {
                        throw new SqlValidationException(call.Span, $"{name} takes one argument");
                    }

                    VExpr value = binder.Bind(arguments[0]);
                    return new OverOffset(column(value), value.Type.WithNullable(true), 0, null);
                }

            case "LAG" or "LEAD":
                {
                    if (arguments.Count is < 1 or > 3)
                    {
                        throw new SqlValidationException(call.Span, $"{name} takes 1 to 3 arguments: {name}(value [, offset [, default]])");
                    }

                    VExpr value = binder.Bind(arguments[0]);
                    long offset = arguments.Count > 1 ? Literal(arguments[1], $"the offset of {name}") : 1;
                    int? fallback = null;
                    if (arguments.Count > 2)
                    {
                        VExpr bound = binder.Bind(arguments[2]);
                        if (bound.Type.Kind != SqlTypeKind.Null && TypeCoercion.CommonType([value.Type, bound.Type]) is null)
                        {
                            throw new SqlValidationException(arguments[2].Span, $"the default of {name} must have the type of its value, {value.Type.WithNullable(true)}, not {bound.Type.WithNullable(true)}");
                        }

                        fallback = column(Coercion.To(bound, value.Type));
                    }

                    return new OverOffset(column(value), value.Type.WithNullable(true), offset, fallback);
                }

            default:
                return null;
        }
    }

    private static long Literal(SqlExpression expression, string what) =>
        expression is NumericLiteral { Kind: NumericLiteralKind.Integer } n && long.TryParse(n.Text, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new SqlValidationException(expression.Span, $"{what} must be a non-negative integer literal");
}
