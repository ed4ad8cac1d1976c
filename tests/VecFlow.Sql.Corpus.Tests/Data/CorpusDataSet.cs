using System.Text;

namespace VecFlow.Sql.Corpus.Tests.Data;

/// <summary>The generated tables of one test run, written as CSV files into one directory.</summary>
public sealed class CorpusDataSet
{
    private CorpusDataSet(string directory, IReadOnlyList<CorpusTable> tables)
    {
        Directory = directory;
        Tables = tables;
    }

    /// <summary>The directory holding one CSV file per table.</summary>
    public string Directory { get; }

    public IReadOnlyList<CorpusTable> Tables { get; }

    /// <summary>The Flink DDL script (one CREATE TABLE per table) that the engine under test loads.</summary>
    public string FlinkDdlScript => string.Join("\n", Tables.Select(t => t.FlinkDdl(CsvPath(t))));

    /// <summary>The DuckDB statements that load the same files into the reference engine.</summary>
    public IReadOnlyList<string> DuckDbLoadStatements => [.. Tables.Select(t => t.DuckDbLoad(CsvPath(t)))];

    public CorpusTable Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"no generated table '{name}'; tables: {string.Join(", ", Tables.Select(t => t.Name))}", nameof(name));

    public string CsvPath(CorpusTable table) => Path.Combine(Directory, table.Name + ".csv");

    /// <summary>Generates the tables with <paramref name="seed"/> and writes them into <paramref name="directory"/>.</summary>
    public static CorpusDataSet Create(string directory, int seed)
    {
        System.IO.Directory.CreateDirectory(directory);
        var data = new CorpusDataSet(directory, CorpusDataGenerator.Generate(seed));
        foreach (CorpusTable table in data.Tables)
        {
            CsvTableWriter.Write(table, data.CsvPath(table));
        }

        return data;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (CorpusTable table in Tables)
        {
            text.Append(table.Name).Append(": ").Append(table.Rows.Count).Append(" rows; ");
        }

        return text.ToString();
    }
}
