using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>A table's <c>WATERMARK FOR col AS expr</c> as an expression over the physical columns a source reads.</summary>
/// <param name="Expression">The watermark per row (epoch millis as TIMESTAMP), over <see cref="PhysicalColumns"/> in that order.</param>
/// <param name="PhysicalColumns">The physical columns the watermark needs (a computed rowtime column is inlined).</param>
/// <remarks>
/// A streaming source evaluates it on every batch it reads and advances its split's watermark to the largest value
/// seen, so watermarks are generated per split, at the source, even when the query itself never reads the time column.
/// </remarks>
public sealed record TableWatermark(Expr Expression, IReadOnlyList<int> PhysicalColumns)
{
    /// <summary>The watermark of <paramref name="table"/>, or null when it declares none.</summary>
    public static TableWatermark? Of(CatalogTable table, SessionCatalog catalog)
    {
        if (table.Watermark is not { } watermark)
        {
            return null;
        }

        LogicalNode rows = QueryBinder.Scan(table, watermark.Span, catalog);
        Expr bound = new ExpressionBinder(RelationPlan.Of(rows, null).Scope, null, catalog).Bind(watermark.Expression);
        int physical = table.PhysicalSchema.Count;
        if (rows is ProjectNode computed)
        {
            // Inline computed columns: they are expressions over the physical columns.
            bound = ExprRewriter.Replace(bound, e => e is ColumnRef c && c.Index >= physical ? computed.Expressions[c.Index] : null);
        }

        int[] used = [.. ExprRewriter.Columns(bound).Distinct().Order()];
        var position = used.Select((column, i) => (column, i)).ToDictionary(p => p.column, p => p.i);
        return new TableWatermark(ExprRewriter.MapColumns(bound, c => position[c]), used);
    }
}
