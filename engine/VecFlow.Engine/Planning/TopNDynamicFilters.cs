using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning;

/// <summary>
/// Batch mode: marks the scan under an ORDER BY ... LIMIT whose first key is one of the scan's columns, reached only
/// through filters and projections that pass the column on unchanged, so the TopN's cut-off can filter the scan
/// (<see cref="ScanNode.TopNFilter"/>; the runtime wires each subtask's TopN to its own scan, in the same chain).
/// </summary>
internal static class TopNDynamicFilters
{
    /// <param name="plan">The optimized batch plan.</param>
    /// <param name="sourceApplies">Whether a table's source filters by a cut-off on a column (Parquet does; other formats would only be shown the filter).</param>
    public static LogicalNode Apply(LogicalNode plan, Func<Catalog.CatalogTable, int, bool> sourceApplies)
    {
        if (plan is SortNode { Limit: not null, Keys.Count: > 0 } sort && Mark(sort.Input, sort.Keys[0].Column, sort.Keys[0], sourceApplies) is { } marked)
        {
            return sort with { Input = marked };
        }

        if (plan.Inputs.Count == 0)
        {
            return plan;
        }

        var inputs = new LogicalNode[plan.Inputs.Count];
        bool changed = false;
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Apply(plan.Inputs[i], sourceApplies);
            changed |= !ReferenceEquals(inputs[i], plan.Inputs[i]);
        }

        return changed ? plan.WithInputs(inputs) : plan;
    }

    /// <summary><paramref name="node"/> with its scan marked, when column <paramref name="column"/> of its rows is a scan column passed on unchanged; else null.</summary>
    private static LogicalNode? Mark(LogicalNode node, int column, Operators.SortKey key, Func<Catalog.CatalogTable, int, bool> sourceApplies) => node switch
    {
        ScanNode scan when Filterable(scan.Table.PhysicalSchema[scan.Columns[column]].Type.Kind) && sourceApplies(scan.Table, scan.Columns[column]) =>
            scan with { TopNFilter = new ScanTopNFilter(scan.Columns[column], key.Descending, key.NullsFirst) },
        FilterNode filter => Mark(filter.Input, column, key, sourceApplies) is { } input ? filter with { Input = input } : null,
        ProjectNode { Expressions: var expressions } project when expressions[column] is ColumnRef reference =>
            Mark(project.Input, reference.Index, key, sourceApplies) is { } input ? project with { Input = input } : null,
        _ => null,
    };

    /// <summary>
    /// Types whose comparison kernels order values as the sort does (FLOAT/DOUBLE do not: the sort puts NaN after
    /// every number, a comparison with NaN is false).
    /// </summary>
    public static bool Filterable(SqlTypeKind kind) => kind is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt
        or SqlTypeKind.Decimal or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.Varchar;
}
