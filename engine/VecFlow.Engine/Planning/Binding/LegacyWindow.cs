using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>
/// A legacy group window, <c>GROUP BY TUMBLE(ts, INTERVAL ..)</c>, <c>HOP(ts, slide, size)</c> or <c>SESSION(ts, gap)</c>,
/// with its properties <c>TUMBLE_START</c> / <c>_END</c> / <c>_ROWTIME</c>; planned as a window table function (or a
/// session window) plus a group by the window bounds. For SESSION, SizeMillis and StepMillis hold the gap.
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
        Expr time = binder.Bind(call.Arguments[0]);
        if (time is not ColumnRef column || time.Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new SqlValidationException(call.Arguments[0].Span, $"the first argument of {name} must be a TIMESTAMP(3) column, not {time.Type.WithNullable(true)}");
        }

        if (name == "SESSION")
        {
            if (call.Arguments.Count != 2)
            {
                throw new SqlValidationException(call.Span, "SESSION takes (time_col, gap)");
            }

            long gap = QueryBinder.IntervalMillis(call.Arguments[1], name, "gap");
            return new LegacyWindow(name, WindowKind.Tumble, column.Index, gap, gap, call.Arguments);
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

    /// <summary>
    /// The node that assigns windows to <paramref name="input"/>'s rows: a window table function, or for SESSION a
    /// session window cut per value of the other GROUP BY keys, which must be columns of the input.
    /// </summary>
    public LogicalNode Plan(LogicalNode input, IReadOnlyList<SqlExpression> groupKeys, Scope scope)
    {
        if (Function != "SESSION")
        {
            return new WindowTableNode(input, Kind, TimeColumn, SizeMillis, StepMillis, 0);
        }

        var binder = new ExpressionBinder(scope);
        var keys = new List<int>();
        foreach (SqlExpression key in groupKeys)
        {
            if (binder.Bind(key) is not ColumnRef { Index: var index } || index >= input.Schema.Count)
            {
                throw new SqlValidationException(key.Span, "not supported: a SESSION window grouped by an expression; group by a column (compute it in a subquery)");
            }

            keys.Add(index);
        }

        return new SessionWindowNode(input, keys, TimeColumn, SizeMillis);
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
