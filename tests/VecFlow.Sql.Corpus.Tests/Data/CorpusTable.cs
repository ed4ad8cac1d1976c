using System.Text;

namespace VecFlow.Sql.Corpus.Tests.Data;

/// <summary>
/// A generated table: its columns and rows. Values are the engine's result types: bool, int, long, double, decimal,
/// string, DateOnly (DATE) and DateTime (TIMESTAMP, Kind Unspecified); null is SQL NULL.
/// </summary>
public sealed record CorpusTable(string Name, IReadOnlyList<CorpusColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>The Flink CREATE TABLE statement reading this table's CSV file.</summary>
    public string FlinkDdl(string csvPath)
    {
        var ddl = new StringBuilder();
        ddl.Append("CREATE TABLE ").Append(Name).Append(" (\n");
        for (int i = 0; i < Columns.Count; i++)
        {
            CorpusColumn column = Columns[i];
            ddl.Append("  ").Append(column.Name).Append(' ').Append(column.Type.FlinkName);
            if (!column.Nullable)
            {
                ddl.Append(" NOT NULL");
            }

            ddl.Append(i + 1 < Columns.Count ? ",\n" : "\n");
        }

        ddl.Append(") WITH (\n");
        ddl.Append("  'connector' = 'filesystem',\n");
        ddl.Append("  'path' = '").Append(csvPath.Replace("'", "''", StringComparison.Ordinal)).Append("',\n");
        ddl.Append("  'format' = 'csv'\n");
        ddl.Append(");\n");
        return ddl.ToString();
    }

    /// <summary>The DuckDB statement that loads this table's CSV file with explicit types and no guessing.</summary>
    public string DuckDbLoad(string csvPath)
    {
        string columns = string.Join(", ", Columns.Select(c => $"'{c.Name}': '{c.Type.DuckDbName}'"));
        string path = csvPath.Replace("'", "''", StringComparison.Ordinal);
        // allow_quoted_nulls=false keeps a quoted "" an empty string; only an empty unquoted field is NULL.
        return $"CREATE TABLE {Name} AS SELECT * FROM read_csv('{path}', header = false, auto_detect = false, "
            + $"delim = ',', quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false, "
            + $"columns = {{{columns}}});";
    }
}
