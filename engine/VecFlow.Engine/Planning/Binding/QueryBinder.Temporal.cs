using VecFlow.Engine.Planning.Logical;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;
using JoinKind = VecFlow.Engine.Operators.JoinKind;
using VExpr = VecFlow.Vector.Expressions.Expr;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Temporal joins: <c>JOIN t FOR SYSTEM_TIME AS OF probe.proctime</c> against a filesystem table.</summary>
/// <remarks>
/// VecFlow supports Flink's processing-time temporal join against a lookup table: the table is read once and each
/// probe row joins the rows it holds when the probe row arrives. An event-time temporal join (AS OF a rowtime, against
/// a versioned table with a primary key and a watermark) needs versioned state and is refused.
/// </remarks>
internal sealed partial class QueryBinder
{
    private void CheckTemporalJoin(JoinedTable join, NamedTable table, SqlExpression asOf, RelationPlan left, JoinKind kind, CteScope? ctes)
    {
        if (kind is not (JoinKind.Inner or JoinKind.Left))
        {
            throw new SqlValidationException(join.Span, $"a temporal join (FOR SYSTEM_TIME AS OF) is an INNER or LEFT JOIN, not a {kind.ToString().ToUpperInvariant()} JOIN");
        }

        string name = table.Name.Last.Value;
        if ((table.Name.Parts.Count == 1 && ctes?.Find(name) is not null) || _catalog.FindView(name) is not null || _catalog.FindTable(name) is not { } catalogTable)
        {
            throw new SqlValidationException(table.Name.Span, $"FOR SYSTEM_TIME AS OF needs a table created with CREATE TABLE, and '{name}' is a view or a WITH query");
        }

        string connector = catalogTable.Options.FirstOrDefault(o => string.Equals(o.Key, "connector", StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;
        if (!string.Equals(connector.Trim(), "filesystem", StringComparison.OrdinalIgnoreCase))
        {
            throw new SqlValidationException(table.Name.Span, $"not supported: FOR SYSTEM_TIME AS OF a '{connector}' table; a temporal join looks rows up in a 'filesystem' table");
        }

        VExpr time = new ExpressionBinder(left.Scope, null, _catalog).Bind(asOf);
        if (time is not ColumnRef column || time.Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new SqlValidationException(asOf.Span, $"FOR SYSTEM_TIME AS OF takes a time attribute column of the left side of the join, not an expression of type {time.Type.WithNullable(true)}");
        }

        if (!IsProcessingTime(left.Node, column.Index))
        {
            throw new SqlValidationException(asOf.Span, "not supported: an event-time temporal join (FOR SYSTEM_TIME AS OF a column that is not PROCTIME()); declare a processing-time column (pt AS PROCTIME()) on the probe table and join AS OF it");
        }
    }

    /// <summary>True when column <paramref name="index"/> of <paramref name="node"/> is PROCTIME(), passed through projections, filters and joins.</summary>
    private static bool IsProcessingTime(LogicalNode node, int index) => node switch
    {
        ProjectNode project => project.Expressions[index] switch
        {
            ColumnRef c => IsProcessingTime(project.Input, c.Index),
            FunctionCall { Function: QueryTimeFunction { Name: "PROCTIME" } } => true,
            CastTo { Operand: ColumnRef c } => IsProcessingTime(project.Input, c.Index),
            _ => false,
        },
        FilterNode or SortNode or LimitNode => IsProcessingTime(node.Inputs[0], index),
        JoinNode join => index < join.Left.Schema.Count ? IsProcessingTime(join.Left, index) : IsProcessingTime(join.Right, index - join.Left.Schema.Count),
        _ => false,
    };
}
