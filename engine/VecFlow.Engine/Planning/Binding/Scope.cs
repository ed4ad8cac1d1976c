using VecFlow.Sql.Ast;
using VecFlow.Sql.Source;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>A column visible to name resolution: which relation it belongs to, its name and type.</summary>
internal sealed record ScopeColumn(string? Qualifier, string Name, SqlType Type);

/// <summary>The columns an expression may name, in the order of the plan node's output they refer to.</summary>
internal sealed class Scope(IReadOnlyList<ScopeColumn> columns)
{
    public IReadOnlyList<ScopeColumn> Columns { get; } = columns;

    public static Scope Empty { get; } = new([]);

    public Scope Concat(Scope other) => new([.. Columns, .. other.Columns]);

    public Scope WithQualifier(string qualifier) => new([.. Columns.Select(c => c with { Qualifier = qualifier })]);

    public ColumnRef Resolve(IReadOnlyList<Identifier> parts, SourceSpan span)
    {
        string written = string.Join('.', parts.Select(p => p.Value));
        int index = Find(parts, span);
        if (index < 0)
        {
            string valid = string.Join(", ", Columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Take(25));
            throw new SqlValidationException(span, Columns.Count == 0
                ? $"unknown column '{written}'; there is no table in scope (add a FROM clause)"
                : $"unknown column '{written}'; valid columns: {valid}{(Columns.Count > 25 ? ", ..." : string.Empty)}");
        }

        return new ColumnRef(index, Columns[index].Type, Columns[index].Name);
    }

    /// <summary>The index of the column the parts name, -1 when none; ambiguity is an error.</summary>
    public int Find(IReadOnlyList<Identifier> parts, SourceSpan span)
    {
        // Qualified first (t.col, t.row.field), then unqualified (col, row.field).
        if (parts.Count > 1)
        {
            string qualifier = parts[0].Value;
            string name = string.Join('.', parts.Skip(1).Select(p => p.Value));
            int qualified = FindOne(c => c.Qualifier is not null && string.Equals(c.Qualifier, qualifier, StringComparison.OrdinalIgnoreCase) && Same(c.Name, name), span, $"{qualifier}.{name}");
            if (qualified >= 0)
            {
                return qualified;
            }
        }

        string full = string.Join('.', parts.Select(p => p.Value));
        return FindOne(c => Same(c.Name, full), span, full);
    }

    /// <summary>Indices of the columns a star expands to (all, or those of one qualifier).</summary>
    public IReadOnlyList<int> Star(QualifiedName? qualifier, SourceSpan span)
    {
        if (qualifier is null)
        {
            // Columns the planner adds ($-named: scalar subquery values, join keys) are not part of SELECT *.
            return [.. Enumerable.Range(0, Columns.Count).Where(i => !Columns[i].Name.StartsWith('$'))];
        }

        string name = qualifier.Last.Value;
        var indices = Enumerable.Range(0, Columns.Count).Where(i => string.Equals(Columns[i].Qualifier, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return indices.Count > 0
            ? indices
            : throw new SqlValidationException(span, $"unknown table '{name}' in '{name}.*'; tables in scope: {string.Join(", ", Columns.Select(c => c.Qualifier).Where(q => q is not null).Distinct())}");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private int FindOne(Func<ScopeColumn, bool> match, SourceSpan span, string written)
    {
        int found = -1;
        for (int i = 0; i < Columns.Count; i++)
        {
            if (match(Columns[i]))
            {
                if (found >= 0)
                {
                    throw new SqlValidationException(span, $"column '{written}' is ambiguous; qualify it with one of: {string.Join(", ", Columns.Where(match).Select(c => c.Qualifier ?? "?"))}");
                }

                found = i;
            }
        }

        return found;
    }
}
