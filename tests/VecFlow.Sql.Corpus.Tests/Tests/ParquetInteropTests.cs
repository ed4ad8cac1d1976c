using VecFlow.Engine.Sessions;
using VecFlow.Sql.Corpus.Tests.Data;
using VecFlow.Sql.Corpus.Tests.Harness;

namespace VecFlow.Sql.Corpus.Tests.Tests;

/// <summary>
/// Parquet files as DuckDB writes them, with each codec and both page versions, read by VecFlow: every generated table
/// reads back exactly, and filtered scans (rows and whole pages skipped, dictionary-encoded filter columns) return what
/// DuckDB returns from the same file.
/// </summary>
[Collection(CorpusRun.Name)]
public sealed class ParquetInteropTests(CorpusFixture fixture)
{
    private static readonly string[] FilteredQueries =
    [
        "SELECT * FROM orders WHERE o_priority = 3",
        "SELECT * FROM orders WHERE o_id BETWEEN 104000 AND 104010",
        "SELECT o_id, o_total, o_ts FROM orders WHERE o_discount > 0.45 AND o_status <> 'F'",
        "SELECT o_id, o_date FROM orders WHERE o_cust < 40 AND o_total IS NOT NULL",
        "SELECT COUNT(*), SUM(o_total), MIN(o_ts), MAX(o_date) FROM orders WHERE o_ts >= TIMESTAMP '2024-01-10 00:00:00'",
    ];

    public static TheoryData<string> WriterOptions =>
    [
        "COMPRESSION snappy",
        "COMPRESSION uncompressed",
        "COMPRESSION zstd",
        "COMPRESSION gzip",
        "COMPRESSION snappy, PARQUET_VERSION v2",
        "COMPRESSION uncompressed, PARQUET_VERSION v2",
    ];

    [Theory]
    [MemberData(nameof(WriterOptions))]
    public void Tables_written_by_DuckDB_read_back_exactly_and_filter_as_DuckDB_does(string options)
    {
        string directory = Path.Combine(fixture.Directory, "parquet-" + string.Concat(options.Where(char.IsLetterOrDigit)));
        Directory.CreateDirectory(directory);
        CorpusTable[] tables = [.. fixture.Data.Tables.Where(t => t.Rows.Count > 0)];
        foreach (CorpusTable table in tables)
        {
            // Small row groups: a table spans several, so row-group cuts and splits are read too.
            fixture.Reference.Execute($"COPY {table.Name} TO '{PathOf(directory, table)}' (FORMAT parquet, ROW_GROUP_SIZE 2048, {options})");
        }

        // Batches of 100 rows: filtered scans skip rows inside pages and whole pages between survivors.
        using var session = new SqlSession { BatchRows = 100 };
        session.Execute("SET 'execution.runtime-mode' = 'batch'");
        foreach (CorpusTable table in tables)
        {
            session.Execute(table.FlinkDdl(PathOf(directory, table)).Replace("'format' = 'csv'", "'format' = 'parquet'", StringComparison.Ordinal));
        }

        foreach (CorpusTable table in tables)
        {
            IReadOnlyList<object?[]> read = session.Query($"SELECT * FROM {table.Name}").Rows;
            ResultComparison comparison = ResultComparer.Compare(table.Rows, read, ordered: false, tolerance: 0, $"{table.Name} written with {options}");
            Assert.True(comparison.Matches, comparison.Message);
        }

        string orders = PathOf(directory, fixture.Data.Table("orders"));
        foreach (string query in FilteredQueries)
        {
            IReadOnlyList<object?[]> expected = fixture.Reference.Run(query.Replace("FROM orders", $"FROM read_parquet('{orders}')", StringComparison.Ordinal));
            IReadOnlyList<object?[]> actual = session.Query(query).Rows;
            ResultComparison comparison = ResultComparer.Compare(expected, actual, ordered: false, tolerance: SqlValue.DefaultTolerance, $"{query} over a file written with {options}");
            Assert.True(comparison.Matches, comparison.Message);
            Assert.NotEmpty(actual);
        }
    }

    private static string PathOf(string directory, CorpusTable table) => Path.Combine(directory, table.Name + ".parquet");
}
