using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning;

/// <summary>Removes columns no one reads, down to the scans (projection push-down into sources).</summary>
/// <remarks>
/// Works top-down with the set of columns each node's parent needs; a node returns its new plan and where each of its
/// old output columns went (-1 when dropped). Nodes whose every input column matters (sorts, unions, sinks, ...) ask
/// for all of them, which still lets the projections below them prune.
/// </remarks>
internal static class ColumnPruning
{
    public static LogicalNode Prune(LogicalNode root) => Prune(root, All(root)).Node;

    private static HashSet<int> All(LogicalNode node) => [.. Enumerable.Range(0, node.Schema.Count)];

    private static (LogicalNode Node, int[] Map) Identity(LogicalNode node) => (node, [.. Enumerable.Range(0, node.Schema.Count)]);

    private static Expr Remap(Expr e, int[] map) => ExprRewriter.MapColumns(e, i => map[i] >= 0 ? map[i] : throw new InvalidOperationException($"Column {i} was pruned but is still read."));

    private static (LogicalNode Node, int[] Map) Prune(LogicalNode node, HashSet<int> required)
    {
        switch (node)
        {
            case ScanNode scan:
                {
                    var keep = Enumerable.Range(0, scan.Columns.Count).Where(required.Contains).ToList();
                    if (keep.Count == 0)
                    {
                        // Something must still count the rows: read the narrowest column.
                        keep.Add(Enumerable.Range(0, scan.Columns.Count).OrderBy(i => scan.Schema[i].Type.FixedWidth == 0 ? int.MaxValue : scan.Schema[i].Type.FixedWidth).First());
                    }

                    int[] map = Mapping(scan.Columns.Count, keep);
                    return (scan with { Columns = [.. keep.Select(i => scan.Columns[i])] }, map);
                }

            case ProjectNode project:
                {
                    var keep = Enumerable.Range(0, project.Expressions.Count).Where(required.Contains).ToList();
                    var childRequired = keep.SelectMany(i => ExprRewriter.Columns(project.Expressions[i])).ToHashSet();
                    var (child, childMap) = Prune(project.Input, childRequired);
                    var pruned = new ProjectNode(child, [.. keep.Select(i => Remap(project.Expressions[i], childMap))], [.. keep.Select(i => project.Names[i])]);
                    return (pruned.IsIdentity ? child : pruned, Mapping(project.Expressions.Count, keep));
                }

            case FilterNode filter:
                {
                    var childRequired = new HashSet<int>(required);
                    childRequired.UnionWith(ExprRewriter.Columns(filter.Condition));
                    var (child, childMap) = Prune(filter.Input, childRequired);
                    return (new FilterNode(child, Remap(filter.Condition, childMap)), childMap);
                }

            case JoinNode join:
                {
                    int leftCount = join.Left.Schema.Count;
                    var leftRequired = required.Where(i => i < leftCount).ToHashSet();
                    var rightRequired = required.Where(i => i >= leftCount).Select(i => i - leftCount).ToHashSet();
                    leftRequired.UnionWith(join.LeftKeys);
                    rightRequired.UnionWith(join.RightKeys);
                    if (join.Condition is not null)
                    {
                        foreach (int c in ExprRewriter.Columns(join.Condition))
                        {
                            _ = c < leftCount ? leftRequired.Add(c) : rightRequired.Add(c - leftCount);
                        }
                    }

                    var (left, leftMap) = Prune(join.Left, leftRequired);
                    var (right, rightMap) = Prune(join.Right, rightRequired);
                    int newLeftCount = left.Schema.Count;
                    int[] combined = [.. leftMap, .. rightMap.Select(m => m < 0 ? -1 : m + newLeftCount)];
                    var pruned = new JoinNode(left, right, join.Kind, [.. join.LeftKeys.Select(k => leftMap[k])], [.. join.RightKeys.Select(k => rightMap[k])], join.Condition is null ? null : Remap(join.Condition, combined)) { Lookup = join.Lookup };
                    return (pruned, join.Kind is JoinKind.Semi or JoinKind.Anti ? leftMap : combined);
                }

            case AggregateNode aggregate:
                {
                    var childRequired = aggregate.Keys.ToHashSet();
                    foreach (AggregateCall call in aggregate.Calls)
                    {
                        if (call.Argument is { } a)
                        {
                            childRequired.Add(a);
                        }

                        if (call.Filter is { } f)
                        {
                            childRequired.Add(f);
                        }
                    }

                    var (child, childMap) = Prune(aggregate.Input, childRequired);
                    var pruned = new AggregateNode(
                        child,
                        [.. aggregate.Keys.Select(k => childMap[k])],
                        [.. aggregate.Calls.Select(c => c with { Argument = c.Argument is { } a ? childMap[a] : null, Filter = c.Filter is { } f ? childMap[f] : null })]);
                    return Identity(pruned);
                }

            default:
                // Every input column matters to this node; its inputs may still prune below their own projections.
                return Identity(node.Inputs.Count == 0 ? node : node.WithInputs([.. node.Inputs.Select(i => Prune(i, All(i)).Node)]));
        }
    }

    private static int[] Mapping(int count, List<int> keep)
    {
        int[] map = Enumerable.Repeat(-1, count).ToArray();
        for (int k = 0; k < keep.Count; k++)
        {
            map[keep[k]] = k;
        }

        return map;
    }
}
