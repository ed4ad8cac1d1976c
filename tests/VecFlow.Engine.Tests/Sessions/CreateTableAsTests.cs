using System.Globalization;
using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Sessions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>CREATE TABLE t WITH (...) AS SELECT: the table takes the query's columns and holds its rows after one job.</summary>
public sealed class CreateTableAsTests : EngineTest
{
    /// <summary>Seeded rows (id, grp, amount), amount NULL in every 9th row.</summary>
    private static readonly (long Id, string Grp, int? Amount)[] Input = [.. Enumerable.Range(0, 5_000).Select(i =>
        ((long)i, "g" + ((i * 7919) % 13).ToString(CultureInfo.InvariantCulture), i % 9 == 0 ? (int?)null : (i * 31) % 1000))];

    private SqlSession NewSession(string mode = "batch", int parallelism = 1)
    {
        string input = Path.Combine(Directory, "input.csv");
        if (!File.Exists(input))
        {
            File.WriteAllLines(input, Input.Select(r => $"{r.Id},{r.Grp},{r.Amount?.ToString(CultureInfo.InvariantCulture)}"));
        }

        var session = new SqlSession(workDirectory: Path.Combine(Directory, "work-" + Guid.NewGuid().ToString("N")), pool: Pool);
        session.Execute($"""
            CREATE TABLE src (id BIGINT NOT NULL, grp STRING, amount INT) WITH ('connector' = 'filesystem', 'path' = '{input}', 'format' = 'csv');
            SET 'execution.runtime-mode' = '{mode}';
            SET 'parallelism.default' = '{parallelism}';
            """);
        return session;
    }

    private string OutputPath(string name) => Path.Combine(Directory, "out", name);

    [Theory]
    [InlineData("batch", 1)]
    [InlineData("batch", 2)]
    [InlineData("streaming", 2)]
    public void The_table_has_the_query_columns_and_its_rows(string mode, int parallelism)
    {
        using SqlSession session = NewSession(mode, parallelism);
        IReadOnlyList<StatementResult> results = session.Execute($"""
            CREATE TABLE big WITH ('connector' = 'filesystem', 'path' = '{OutputPath("big")}', 'format' = 'csv')
            AS SELECT id, UPPER(grp) AS grp, amount * 2, amount IS NULL AS missing FROM src WHERE id % 3 <> 1
            """);

        Assert.Equal("CREATE TABLE AS", results[^1].Kind);
        var expected = Input.Where(r => r.Id % 3 != 1).ToList();
        Assert.Contains($"Wrote {expected.Count} rows into big", results[^1].Message, StringComparison.Ordinal);
        CatalogTable big = session.Catalog.FindTable("big")!;
        Assert.Equal(["id", "grp", "EXPR$2", "missing"], big.PhysicalSchema.Names);
        Assert.Equal([SqlTypeKind.BigInt, SqlTypeKind.Varchar, SqlTypeKind.Int, SqlTypeKind.Boolean], big.PhysicalSchema.Fields.Select(f => f.Type.Kind));
        Assert.False(big.PhysicalSchema[0].Type.Nullable);

        session.Execute("SET 'execution.runtime-mode' = 'batch'");
        QueryResult back = session.Query("SELECT id, grp, `EXPR$2`, missing FROM big");
        Assert.Equal(
            expected.Select(r => $"{r.Id}|{r.Grp.ToUpperInvariant()}|{r.Amount * 2}|{r.Amount is null}").Order(StringComparer.Ordinal),
            back.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_aggregate_fills_the_table_in_batch_mode()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE TABLE sums WITH ('connector' = 'filesystem', 'path' = '{OutputPath("sums")}', 'format' = 'csv') AS SELECT grp, COUNT(*) AS n, SUM(amount) AS total FROM src GROUP BY grp");

        QueryResult back = session.Query("SELECT grp, n, total FROM sums");
        var expected = Input.GroupBy(r => r.Grp).Select(g => $"{g.Key}|{g.Count()}|{g.Sum(r => (long?)r.Amount)}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), back.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_empty_result_creates_an_empty_table()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE TABLE none WITH ('connector' = 'filesystem', 'path' = '{OutputPath("none")}', 'format' = 'csv') AS SELECT id, grp FROM src WHERE id < 0");

        Assert.Empty(session.Query("SELECT * FROM none").Rows);
    }

    [Fact]
    public void A_primary_key_and_partitions_may_name_query_columns()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE TABLE keyed (PRIMARY KEY (id) NOT ENFORCED) PARTITIONED BY (grp) WITH ('connector' = 'blackhole') AS SELECT id, grp FROM src");

        CatalogTable keyed = session.Catalog.FindTable("keyed")!;
        Assert.Equal(["id"], keyed.PrimaryKey);
        Assert.Equal(["grp"], keyed.PartitionKeys);
    }

    [Fact]
    public void If_not_exists_skips_an_existing_table_without_running_the_query()
    {
        using SqlSession session = NewSession();
        IReadOnlyList<StatementResult> results = session.Execute("CREATE TABLE IF NOT EXISTS src WITH ('connector' = 'blackhole') AS SELECT 1 / 0 AS x");

        Assert.Contains("already exists; skipped", results[^1].Message, StringComparison.Ordinal);
        Assert.Equal(["id", "grp", "amount"], session.Catalog.FindTable("src")!.PhysicalSchema.Names);
    }

    [Theory]
    [InlineData("CREATE TABLE src WITH ('connector' = 'blackhole') AS SELECT id FROM src", "a table or view named 'src' already exists")]
    [InlineData("CREATE TABLE t (x INT) WITH ('connector' = 'blackhole') AS SELECT id FROM src", "takes its columns from the query")]
    [InlineData("CREATE TABLE t WITH ('connector' = 'blackhole') AS SELECT id, grp AS id FROM src", "has two columns named 'id'")]
    [InlineData("CREATE TABLE t (PRIMARY KEY (nope) NOT ENFORCED) WITH ('connector' = 'blackhole') AS SELECT id FROM src", "key column 'nope' is not a column of the query")]
    [InlineData("CREATE TABLE t WITH ('connector' = 'blackhole') AS SELECT nope FROM src", "nope")]
    public void Mistakes_are_refused_in_one_line_and_leave_no_table(string sql, string error)
    {
        using SqlSession session = NewSession();
        var refused = Assert.ThrowsAny<SqlValidationException>(() => session.Execute(sql));

        Assert.Contains(error, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Null(session.Catalog.FindTable("t"));
    }

    [Fact]
    public void A_streaming_query_whose_updates_the_table_cannot_take_leaves_no_table()
    {
        using SqlSession session = NewSession("streaming");
        var refused = Assert.ThrowsAny<SqlValidationException>(() => session.Execute(
            $"CREATE TABLE sums WITH ('connector' = 'filesystem', 'path' = '{OutputPath("sums")}', 'format' = 'csv') AS SELECT grp, COUNT(*) AS n FROM src GROUP BY grp"));

        Assert.Contains("takes only inserts", refused.Message, StringComparison.Ordinal);
        Assert.Null(session.Catalog.FindTable("sums"));
    }

    [Fact]
    public void A_failing_job_leaves_no_table()
    {
        using SqlSession session = NewSession();
        Assert.ThrowsAny<Exception>(() => session.Execute($"CREATE TABLE t WITH ('connector' = 'filesystem', 'path' = '{OutputPath("t")}', 'format' = 'csv') AS SELECT id / (amount - amount) AS x FROM src"));

        Assert.Null(session.Catalog.FindTable("t"));
    }
}
