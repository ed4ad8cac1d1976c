using VecFlow.Engine.Operators.Window;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>
/// A legacy group window, <c>GROUP BY TUMBLE(ts, INTERVAL ..)</c> or <c>HOP(ts, slide, size)</c>, with its properties
/// <c>TUMBLE_START</c> / <c>_END</c> / <c>_ROWTIME</c>; planned as a window table function plus a group by the window bounds.
/// </summary>
internal sealed record LegacyWindow(string Function, WindowKind Kind, int TimeColumn, long SizeMillis, long StepMillis, IReadOnlyList<SqlExpression> Arguments)
{
    public static bool IsWindow(FunctionCallExpression call) =>
        call.Name.Last.Value.ToUpperInvariant() is "TUMBLE" or "HOP" or "SESSION" && call.Arguments.Count >= 2;

    /// <summary>0 for *_START, 1 for *_END, 2 for *_ROWTIME; null when the call is not a window property.</summary>
    public static int? Property(FunctionCallExpression call)
    {
        string name = call.Name.Last.Value.ToUpperInvariant();
        int underscore = name.LastIndexOf('_');
        if (underscore < 0 || name[..underscore] is not ("TUMBLE" or "HOP" or "SESSION"))
        {
            return null;
        }

        return name[(underscore + 1)..] switch
        {
            "START" => 0,
            "END" => 1,
            "ROWTIME" => 2,
            "PROCTIME" => throw new SqlValidationException(call.Span, $"not supported in batch mode: {name}"),
            _ => null,
        };
    }

    public static LegacyWindow Bind(FunctionCallExpression call, ExpressionBinder binder)
    {
        string name = call.Name.Last.Value.ToUpperInvariant();
        if (name == "SESSION")
        {
            throw new SqlValidationException(call.Span, "not supported in batch mode yet: SESSION group windows; use TUMBLE or HOP");
        }

        Expr time = binder.Bind(call.Arguments[0]);
        if (time is not ColumnRef column || time.Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new SqlValidationException(call.Arguments[0].Span, $"the first argument of {name} must be a TIMESTAMP(3) column, not {time.Type.WithNullable(true)}");
        }

        if (name == "TUMBLE")
        {
            if (call.Arguments.Count != 2)
            {
                throw new SqlValidationException(call.Span, "TUMBLE takes (time_col, size)");
            }

            long size = QueryBinder.IntervalMillis(call.Arguments[1], name, "size");
            return new LegacyWindow(name, WindowKind.Tumble, column.Index, size, size, call.Arguments);
        }

        if (call.Arguments.Count != 3)
        {
            throw new SqlValidationException(call.Span, "HOP takes (time_col, slide, size)");
        }

        long slide = QueryBinder.IntervalMillis(call.Arguments[1], name, "slide");
        long hopSize = QueryBinder.IntervalMillis(call.Arguments[2], name, "size");
        if (hopSize % slide != 0)
        {
            throw new SqlValidationException(call.Span, $"the size of a HOP window ({hopSize} ms) must be a whole multiple of its slide ({slide} ms)");
        }

        return new LegacyWindow(name, WindowKind.Hop, column.Index, hopSize, slide, call.Arguments);
    }

    /// <summary>True when a property call (TUMBLE_END(ts, INTERVAL ..)) names this window.</summary>
    public bool Matches(FunctionCallExpression property, ExpressionBinder binder)
    {
        string name = property.Name.Last.Value.ToUpperInvariant();
        return name.StartsWith(Function + "_", StringComparison.Ordinal)
            && property.Arguments.Count == Arguments.Count
            && property.Arguments.Select(binder.Bind).SequenceEqual(Arguments.Select(binder.Bind));
    }
}
