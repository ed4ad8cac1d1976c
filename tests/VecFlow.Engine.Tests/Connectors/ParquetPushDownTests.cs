using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Sessions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>Filters over a Parquet scan: the optimizer pushes column-vs-literal conjuncts, the reader skips row groups, the answer stays.</summary>
public sealed class ParquetPushDownTests : ConnectorTest
{
    private static readonly RowSchema Keyed = new(
    [
        new Field("k", SqlType.BigInt),
        new Field("name", SqlType.Varchar),
        new Field("amount", SqlType.Decimal(12, 2)),
        new Field("ts", SqlType.Timestamp),
        new Field("score", SqlType.Double),
        new Field("grp", SqlType.Int),
    ]);

    private static string Ddl(string path) => $"""
        CREATE TABLE t (k BIGINT, name STRING, amount DECIMAL(12, 2), ts TIMESTAMP(3), score DOUBLE, grp INT)
        WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'parquet')
        """;

    [Theory]
    [InlineData("k BETWEEN 250 AND 349", 100)]
    [InlineData("349 >= k AND k >= 250", 100)]
    [InlineData("k IN (5, 705) AND name <> 'x'", 2)]
    [InlineData("name >= 'n0800'", 200)]
    [InlineData("amount < 150.00", 150)]
    [InlineData("ts < TIMESTAMP '2026-01-01 00:04:10'", 250)]
    [InlineData("grp IS NULL", 100)]
    [InlineData("k = 5 AND name = 'n0900'", 0)]
    [InlineData("k < 150 OR k > 950", 1000)]
    [InlineData("k + 0 BETWEEN 250 AND 349", 1000)]
    public void Skipped_row_groups_are_not_read_filtered_rows_not_returned_and_the_answer_is_the_same(string condition, long rowsOut)
    {
        List<object?[]> rows = ParquetReaderTests.KeyedRows();
        string dir = Path.Combine(Directory, "t");
        WriteAll(new FilesystemConnectorFactory().CreateSink(Table(Keyed, ("connector", "filesystem"), ("path", dir), ("format", "parquet"))), Keyed, rows, batchRows: 100);
        using var session = new SqlSession(workDirectory: Directory, pool: Pool);
        session.Execute(Ddl(dir));

        StatementResult pushed = session.Execute($"SELECT k, name, grp FROM t WHERE {condition}").Single();
        // The same filter over computed copies of the columns compares no column directly: every row group is read.
        StatementResult whole = session.Execute(
            $"SELECT k, name, grp FROM (SELECT k + 0 AS k, CONCAT(name, '') AS name, amount + 0 AS amount, ts + INTERVAL '0' SECOND AS ts, grp + 0 AS grp FROM t) WHERE {condition}").Single();

        Assert.Equal(rowsOut, ScanRows(pushed));
        Assert.Equal(1000, ScanRows(whole));
        List<object?[]> answer = Sorted(pushed.Result!.Rows);
        Assert.Equal(Sorted(whole.Result!.Rows), answer);
        Assert.Equal(Expected(rows, condition), answer.Select(r => (long)r[0]!).ToList());
    }

    [Fact]
    public void Explain_shows_the_predicates_a_scan_may_skip_with()
    {
        using var session = new SqlSession(workDirectory: Directory, pool: Pool);
        session.Execute(Ddl(Path.Combine(Directory, "none")));

        string plan = session.Explain("SELECT name FROM t WHERE k >= 10 AND grp IS NOT NULL AND name LIKE 'a%'");

        // Batch mode: the reader applies both exactly; LIKE stays in the filter above.
        Assert.Contains("Scan(table=[t], fields=[name], where-exact=[k >= 10, grp IS NOT NULL])", plan);

        session.Execute("SET 'execution.runtime-mode' = 'streaming'");
        Assert.Contains("Scan(table=[t], fields=[k, name, grp], skip-unless=[k >= 10, grp IS NOT NULL])", session.Explain("SELECT name FROM t WHERE k >= 10 AND grp IS NOT NULL AND name LIKE 'a%'"));
    }

    private static long ScanRows(StatementResult result) => result.Operators!.Single(o => o.Name == "Scan(t)").RowsOut;

    private static List<object?[]> Sorted(IEnumerable<object?[]> rows) => [.. rows.OrderBy(r => (long)r[0]!)];

    private static List<long> Expected(List<object?[]> rows, string condition)
    {
        Func<object?[], bool> keep = condition switch
        {
            "k BETWEEN 250 AND 349" or "349 >= k AND k >= 250" or "k + 0 BETWEEN 250 AND 349" => r => (long)r[0]! is >= 250 and <= 349,
            "k IN (5, 705) AND name <> 'x'" => r => (long)r[0]! is 5 or 705,
            "name >= 'n0800'" => r => string.CompareOrdinal((string)r[1]!, "n0800") >= 0,
            "amount < 150.00" => r => (Int128)r[2]! < 15000,
            "ts < TIMESTAMP '2026-01-01 00:04:10'" => r => (long)r[3]! < ParquetReaderTests.BaseMillis + 250_000,
            "grp IS NULL" => r => r[5] is null,
            "k = 5 AND name = 'n0900'" => _ => false,
            "k < 150 OR k > 950" => r => (long)r[0]! is < 150 or > 950,
            _ => throw new ArgumentException(condition),
        };
        return [.. rows.Where(keep).Select(r => (long)r[0]!)];
    }
}
