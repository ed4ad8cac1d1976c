using System.Management.Automation;
using VecFlow.Engine.Sessions;

namespace VecFlow.PowerShell;

/// <summary>Query result rows as PSObjects with one typed note property per column (long, decimal, DateTime, ...).</summary>
internal static class QueryRows
{
    public const string RowTypeName = "VecFlow.QueryRow";

    public static IEnumerable<PSObject> Of(QueryResult result)
    {
        string[] names = UniqueNames(result.Schema.Names);
        foreach (object?[] row in result.Rows)
        {
            yield return Row(names, row);
        }
    }

    public static PSObject Row(IReadOnlyList<string> columns, object?[] row)
    {
        string[] names = UniqueNames(columns);
        return Row(names, row);
    }

    private static PSObject Row(string[] names, object?[] row)
    {
        var item = new PSObject();
        item.TypeNames.Insert(0, RowTypeName);
        for (int c = 0; c < names.Length; c++)
        {
            item.Properties.Add(new PSNoteProperty(names[c], row[c]));
        }

        return item;
    }

    /// <summary>Property names must be unique; a repeated column name gets a suffix (<c>n</c>, <c>n_1</c>).</summary>
    private static string[] UniqueNames(IReadOnlyList<string> columns)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string[] names = new string[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            string name = columns[c];
            for (int n = 1; !seen.Add(name); n++)
            {
                name = $"{columns[c]}_{n}";
            }

            names[c] = name;
        }

        return names;
    }
}
