using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>CREATE TABLE ... LIKE merges the source table's definition with the new one, with Flink's LIKE options.</summary>
public sealed class CreateTableLikeTests : EngineTest
{
    private const string Source = """
        CREATE TABLE src (
            id BIGINT,
            name STRING,
            ts TIMESTAMP(3),
            doubled AS id * 2,
            WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
            PRIMARY KEY (id) NOT ENFORCED
        ) PARTITIONED BY (name) WITH ('connector' = 'filesystem', 'path' = '/tmp/a', 'format' = 'csv')
        """;

    private SqlSession NewSession()
    {
        var session = new SqlSession(workDirectory: Path.Combine(Directory, "work"), pool: Pool);
        session.Execute(Source);
        return session;
    }

    private static Dictionary<string, string> Options(CatalogTable table) => table.Options.ToDictionary(o => o.Key, o => o.Value);

    [Fact]
    public void By_default_everything_is_included_and_new_options_overwrite()
    {
        using SqlSession session = NewSession();
        session.Execute("CREATE TABLE t (extra INT, tripled AS id * 3) WITH ('path' = '/tmp/b', 'csv.field-delimiter' = ';') LIKE src");
        CatalogTable t = session.Catalog.FindTable("t")!;
        Assert.Equal(["id", "name", "ts", "extra"], t.PhysicalSchema.Names);
        Assert.Equal(["doubled", "tripled"], t.ComputedColumns.Select(c => c.Name));
        Assert.Equal("ts", t.Watermark!.Column.Value);
        Assert.Equal(["id"], t.PrimaryKey);
        Assert.Equal(["name"], t.PartitionKeys);
        Assert.Equal(
            new Dictionary<string, string> { ["connector"] = "filesystem", ["path"] = "/tmp/b", ["format"] = "csv", ["csv.field-delimiter"] = ";" },
            Options(t));
    }

    [Fact]
    public void Including_all_excluding_options_takes_only_the_new_options()
    {
        using SqlSession session = NewSession();
        session.Execute("CREATE TEMPORARY TABLE t (proctime AS PROCTIME()) WITH ('connector' = 'blackhole') LIKE src (INCLUDING ALL EXCLUDING OPTIONS)");
        CatalogTable t = session.Catalog.FindTable("t")!;
        Assert.Equal(new Dictionary<string, string> { ["connector"] = "blackhole" }, Options(t));
        Assert.Equal(["doubled", "proctime"], t.ComputedColumns.Select(c => c.Name));
        Assert.NotNull(t.Watermark);
    }

    [Fact]
    public void Excluding_all_keeps_the_physical_columns_only()
    {
        using SqlSession session = NewSession();
        session.Execute("CREATE TABLE t WITH ('connector' = 'blackhole') LIKE src (EXCLUDING ALL)");
        CatalogTable t = session.Catalog.FindTable("t")!;
        Assert.Equal(["id", "name", "ts"], t.PhysicalSchema.Names);
        Assert.Empty(t.ComputedColumns);
        Assert.Null(t.Watermark);
        Assert.Empty(t.PrimaryKey);
        Assert.Empty(t.PartitionKeys);
        Assert.Equal(new Dictionary<string, string> { ["connector"] = "blackhole" }, Options(t));
    }

    [Fact]
    public void Overwriting_generated_and_watermarks_replace_the_source_definitions()
    {
        using SqlSession session = NewSession();
        session.Execute("""
            CREATE TABLE t (doubled AS id + id, WATERMARK FOR ts AS ts)
            LIKE src (EXCLUDING ALL INCLUDING OPTIONS OVERWRITING GENERATED OVERWRITING WATERMARKS EXCLUDING PARTITIONS INCLUDING CONSTRAINTS)
            """);
        CatalogTable t = session.Catalog.FindTable("t")!;
        var doubled = Assert.Single(t.ComputedColumns);
        Assert.Equal("id + id", Sql.Printing.SqlPrinter.Print(doubled.Expression));
        Assert.Equal("ts", Sql.Printing.SqlPrinter.Print(t.Watermark!.Expression));
        Assert.Equal(["id"], t.PrimaryKey);
        Assert.Empty(t.PartitionKeys);
        Assert.Equal("/tmp/a", Options(t)["path"]);
    }

    [Fact]
    public void The_new_table_reads_what_the_source_reads()
    {
        string path = Path.Combine(Directory, "rows.csv");
        File.WriteAllLines(path, ["1,a", "2,b", "3,"]);
        using var session = new SqlSession(workDirectory: Path.Combine(Directory, "work"), pool: Pool);
        session.Execute($"""
            CREATE TABLE base (k INT, v STRING, k10 AS k * 10) WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'csv');
            CREATE TABLE copy WITH ('csv.null-literal' = 'b') LIKE base;
            """);
        QueryResult result = session.Query("SELECT k, v, k10 FROM copy");
        Assert.Equal([[1, "a", 10], [2, null, 20], [3, "", 30]], result.Rows.Select(r => r.ToArray()).OrderBy(r => (int)r[0]!).ToArray());
    }

    [Fact]
    public void Conflicts_and_bad_options_are_one_line_errors()
    {
        using SqlSession session = NewSession();
        Assert.Contains(
            "the option 'path' is set by both the new table and 'src'; use OVERWRITING OPTIONS or EXCLUDING OPTIONS",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE TABLE t WITH ('path' = '/x') LIKE src (INCLUDING OPTIONS)")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "both the new table and 'src' define a PRIMARY KEY",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE TABLE t (PRIMARY KEY (name) NOT ENFORCED) LIKE src")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "declares the column 'name' twice",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE TABLE t (name INT) LIKE src")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "OVERWRITING CONSTRAINTS is not valid",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE TABLE t LIKE src (OVERWRITING CONSTRAINTS)")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "unknown table 'nope' in LIKE",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE TABLE t LIKE nope")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "takes its columns from the query",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE TABLE t (y INT) WITH ('connector' = 'blackhole') AS SELECT 1 AS x")).Message,
            StringComparison.Ordinal);
    }
}
