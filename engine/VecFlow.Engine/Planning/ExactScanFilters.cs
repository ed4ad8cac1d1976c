using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning;

/// <summary>
/// Takes out of the filter right above a scan the conjuncts the scan's source applies exactly (batch mode: a source
/// under a watermark applies none), so the filter shrinks or goes and the columns only they read are no longer
/// returned by the scan (the source still reads them for its check).
/// </summary>
internal static class ExactScanFilters
{
    /// <summary>
    /// <paramref name="plan"/> (optimized, with the scans' predicates set) with the conjuncts for which
    /// <paramref name="appliesExactly"/> says yes moved into their scans' <see cref="ScanNode.ExactPredicates"/>.
    /// </summary>
    public static LogicalNode Apply(LogicalNode plan, Func<CatalogTable, ScanPredicate, bool> appliesExactly)
    {
        bool changed = false;
        LogicalNode rewritten = Rewrite(plan, appliesExactly, ref changed);
        return changed ? ColumnPruning.Prune(rewritten) : plan;
    }

    private static LogicalNode Rewrite(LogicalNode node, Func<CatalogTable, ScanPredicate, bool> appliesExactly, ref bool changed)
    {
        if (node is FilterNode { Input: ScanNode { Predicates.Count: > 0 } scan } filter)
        {
            var kept = new List<Expr>();
            var exact = new List<ScanPredicate>(scan.ExactPredicates);
            foreach (Expr conjunct in ExprRewriter.Conjuncts(filter.Condition))
            {
                if (ScanPredicates.Of(conjunct, scan.Columns) is { } predicate && scan.Predicates.Contains(predicate) && appliesExactly(scan.Table, predicate))
                {
                    if (!exact.Contains(predicate))
                    {
                        exact.Add(predicate);
                    }

                    continue;
                }

                kept.Add(conjunct);
            }

            if (exact.Count == scan.ExactPredicates.Count)
            {
                return node;
            }

            changed = true;
            ScanNode applied = scan with { ExactPredicates = exact };
            return kept.Count == 0 ? applied : new FilterNode(applied, ExprRewriter.And(kept)!);
        }

        if (node.Inputs.Count == 0)
        {
            return node;
        }

        var inputs = new LogicalNode[node.Inputs.Count];
        bool any = false;
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Rewrite(node.Inputs[i], appliesExactly, ref any);
        }

        if (!any)
        {
            return node;
        }

        changed = true;
        return node.WithInputs(inputs);
    }
}
