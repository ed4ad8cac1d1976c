using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Expands a GROUP BY clause (plain keys, GROUPING SETS, ROLLUP, CUBE) into its list of grouping sets.</summary>
/// <remarks>
/// Elements of one GROUP BY combine as a cross product (<c>GROUP BY a, ROLLUP(b, c)</c> is {a,b,c}, {a,b}, {a});
/// duplicate sets are kept, because GROUP_ID() tells them apart. A parenthesised list <c>(a, b)</c> is one composite
/// unit that a ROLLUP or CUBE adds or removes as a whole.
/// </remarks>
internal static class GroupingSets
{
    /// <summary>More sets than this is almost surely a mistake (CUBE of 13 columns) and would multiply every row.</summary>
    private const int MaxSets = 4096;

    /// <summary>The names of the functions that describe the grouping set of a result row.</summary>
    public static bool IsGroupingFunction(string name) => name.ToUpperInvariant() is "GROUPING" or "GROUPING_ID" or "GROUP_ID";

    /// <summary>True when the elements are more than a plain list of keys.</summary>
    public static bool NeedsExpand(IEnumerable<GroupingElement> elements) =>
        elements.Any(e => e is RollupCubeGrouping or GroupingSetsGrouping);

    public static List<List<SqlExpression>> Expand(IReadOnlyList<GroupingElement> elements, SqlNode at)
    {
        List<List<SqlExpression>> sets = [[]];
        foreach (GroupingElement element in elements)
        {
            List<List<SqlExpression>> options = Of(element);
            sets = [.. sets.SelectMany(s => options.Select(o => (List<SqlExpression>)[.. s, .. o]))];
            Check(sets.Count, at);
        }

        return sets;
    }

    private static List<List<SqlExpression>> Of(GroupingElement element) => element switch
    {
        EmptyGrouping => [[]],
        ExpressionGrouping g => [Unit(g.Expression)],
        RollupCubeGrouping { Kind: GroupingSetsShorthand.Rollup } r => Rollup([.. r.Expressions.Select(Unit)]),
        RollupCubeGrouping c => Cube([.. c.Expressions.Select(Unit)], c),
        GroupingSetsGrouping s => [.. s.Sets.SelectMany(Of)],
        _ => throw new SqlValidationException(element.Span, $"not supported: the grouping element {element.GetType().Name}"),
    };

    private static List<SqlExpression> Unit(SqlExpression expression) =>
        expression is RowConstructorExpression { ExplicitRow: false } row ? [.. row.Fields] : [expression];

    /// <summary>ROLLUP(u1, .., un): every prefix, longest first, down to the grand total.</summary>
    private static List<List<SqlExpression>> Rollup(List<List<SqlExpression>> units) =>
        [.. Enumerable.Range(0, units.Count + 1).Select(n => units.Take(units.Count - n).SelectMany(u => u).ToList())];

    /// <summary>CUBE(u1, .., un): every subset, the full set first, the grand total last.</summary>
    private static List<List<SqlExpression>> Cube(List<List<SqlExpression>> units, SqlNode at)
    {
        Check(units.Count >= 30 ? int.MaxValue : 1 << units.Count, at);
        int full = (1 << units.Count) - 1;
        var sets = new List<List<SqlExpression>>();
        for (int mask = full; mask >= 0; mask--)
        {
            // Bit (n-1-i) stands for unit i, so the order matches ROLLUP's for the sets both produce.
            sets.Add([.. units.Where((_, i) => (mask & (1 << (units.Count - 1 - i))) != 0).SelectMany(u => u)]);
        }

        return sets;
    }

    private static void Check(int count, SqlNode at)
    {
        if (count > MaxSets)
        {
            throw new SqlValidationException(at.Span, $"GROUP BY expands to {count} grouping sets; at most {MaxSets} are allowed");
        }
    }
}
