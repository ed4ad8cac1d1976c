namespace VecFlow.PowerShell;

/// <summary>The plans of one query or INSERT of a script, as EXPLAIN prints them, section by section.</summary>
public sealed class PlanInfo
{
    public required int Statement { get; init; }

    /// <summary>SELECT or INSERT.</summary>
    public required string Kind { get; init; }

    public required string Sql { get; init; }

    public required string LogicalPlan { get; init; }

    public required string OptimizedPlan { get; init; }

    public required string PhysicalPlan { get; init; }

    /// <summary>The physical operators, one per line of the physical plan, indentation removed.</summary>
    public required IReadOnlyList<string> Operators { get; init; }

    /// <summary>The whole EXPLAIN text.</summary>
    public required string Text { get; init; }

    public override string ToString() => Text;

    internal static PlanInfo Parse(int statement, string kind, string sql, string text)
    {
        string Section(string header)
        {
            string marker = $"== {header} ==";
            int start = text.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0)
            {
                return string.Empty;
            }

            start += marker.Length;
            int end = text.IndexOf("\n== ", start, StringComparison.Ordinal);
            return text[start..(end < 0 ? text.Length : end)].Trim('\r', '\n');
        }

        string physical = Section("Physical Plan");
        return new PlanInfo
        {
            Statement = statement,
            Kind = kind,
            Sql = sql,
            LogicalPlan = Section("Logical Plan"),
            OptimizedPlan = Section("Optimized Logical Plan"),
            PhysicalPlan = physical,
            Operators = [.. physical.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)],
            Text = text,
        };
    }
}
