using VecFlow.Engine.Operators;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Sessions;

/// <summary>
/// The order a query's ORDER BY gives its result rows, for a streaming query whose final table comes from applying a
/// changelog (which keeps no order).
/// </summary>
internal static class ResultOrder
{
    /// <summary>
    /// Prepares <paramref name="plan"/> (optimized, not yet planned for streaming) so its final rows can be put in its
    /// ORDER BY's order: a projection over the sort that drops a sort key gets that key appended as an extra column.
    /// Returns the plan to run, the comparison of its rows (null when there is no order to restore), and how many
    /// extra columns to drop from each row after sorting.
    /// </summary>
    public static (LogicalNode Plan, Comparison<object?[]>? Order, int Extra) Prepare(LogicalNode plan)
    {
        switch (plan)
        {
            case SortNode sort when sort.Keys.Count > 0:
                return (plan, Comparing(sort.Keys), 0);
            case ProjectNode { Input: SortNode sort } project when sort.Keys.Count > 0:
                {
                    var expressions = project.Expressions.ToList();
                    var names = project.Names.ToList();
                    var keys = new List<SortKey>(sort.Keys.Count);
                    foreach (SortKey key in sort.Keys)
                    {
                        int output = expressions.FindIndex(e => e is ColumnRef column && column.Index == key.Column);
                        if (output < 0)
                        {
                            output = expressions.Count;
                            expressions.Add(new ColumnRef(key.Column, sort.Schema[key.Column].Type));
                            names.Add($"$order{output}");
                        }

                        keys.Add(key with { Column = output });
                    }

                    return (project with { Expressions = expressions, Names = names }, Comparing(keys), expressions.Count - project.Expressions.Count);
                }

            default:
                return (plan, null, 0);
        }
    }

    private static Comparison<object?[]> Comparing(IReadOnlyList<SortKey> keys) => (a, b) =>
    {
        foreach (SortKey key in keys)
        {
            int order = Compare(a[key.Column], b[key.Column], key);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    };

    private static int Compare(object? a, object? b, SortKey key)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : (a is null) == key.NullsFirst ? -1 : 1;
        }

        int order = a is string x && b is string y ? string.CompareOrdinal(x, y) : Comparer<object>.Default.Compare(a, b);
        return key.Descending ? -order : order;
    }
}
