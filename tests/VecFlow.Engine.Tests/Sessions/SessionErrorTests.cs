using VecFlow.Engine.Connectors;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Errors;
using VecFlow.Vector.Errors;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>User mistakes end in one-line errors that say what, where and what would be valid; nothing half-written is left visible.</summary>
public sealed class SessionErrorTests : EngineTest
{
    private SqlSession NewSession() => new(workDirectory: Path.Combine(Directory, "work"), pool: Pool);

    private string Csv(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Bad_sql_names_line_column_and_what_was_expected()
    {
        using SqlSession session = NewSession();
        var error = Assert.Throws<SqlParseException>(() => session.Execute("SELECT 1\nFORM t"));
        Assert.StartsWith("line 2, column 6: unexpected 't'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Type_errors_name_both_types()
    {
        using SqlSession session = NewSession();
        var error = Assert.Throws<SqlValidationException>(() => session.Query("SELECT 'a' + 1"));
        Assert.StartsWith("line 1, column 8: cannot apply '+' to STRING and INT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_function_and_grouping_mistakes()
    {
        using SqlSession session = NewSession();
        Assert.Equal(
            "line 1, column 8: unknown function 'FROBNICATE'; see the README for the supported functions",
            Assert.Throws<SqlValidationException>(() => session.Query("SELECT FROBNICATE(1)")).Message);
        Assert.Equal(
            "line 1, column 11: column 'y' must appear in GROUP BY or be used in an aggregate function",
            Assert.Throws<SqlValidationException>(() => session.Query("SELECT x, y FROM (VALUES (1, 2)) AS t(x, y) GROUP BY x")).Message);
    }

    [Fact]
    public void Bad_connector_option_lists_the_valid_ones()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'path' = '{Csv("a.csv", "1\n")}', 'format' = 'csv', 'csv.delimiter' = ';')");
        var error = Assert.Throws<ConnectorException>(() => session.Query("SELECT * FROM t"));
        Assert.Contains("Unknown option 'csv.delimiter'", error.Message, StringComparison.Ordinal);
        Assert.Contains("csv.field-delimiter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_row_names_file_line_and_column_and_ignore_mode_counts_it()
    {
        string path = Csv("rows.csv", "1,2.50\n2,oops\n3,4.00\n");
        using SqlSession session = NewSession();
        session.Execute($"CREATE TABLE strict_t (id INT, price DECIMAL(10, 2)) WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'csv')");
        var error = Assert.Throws<ConnectorException>(() => session.Query("SELECT SUM(price) FROM strict_t"));
        Assert.Contains("rows.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("price", error.Message, StringComparison.Ordinal);

        session.Execute($"CREATE TABLE lenient_t (id INT, price DECIMAL(10, 2)) WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'csv', 'csv.ignore-parse-errors' = 'true')");
        Assert.Equal(6.50m, session.Query("SELECT SUM(price) FROM lenient_t").Rows[0][0]);
    }

    [Fact]
    public void Division_by_zero_is_an_error_but_not_where_case_excludes_it()
    {
        using SqlSession session = NewSession();
        Assert.Throws<SqlRuntimeException>(() => session.Query("SELECT a / b FROM (VALUES (1, 0), (2, 1)) AS t(a, b)"));
        var rows = session.Query("SELECT CASE WHEN b <> 0 THEN a / b END FROM (VALUES (1, 0), (2, 1)) AS t(a, b)").Rows;
        Assert.Equal([null, 2], rows.Select(r => r[0]).OrderBy(v => v is null ? 0 : 1).ToArray());
    }

    [Fact]
    public void Insert_with_the_wrong_column_count_is_refused_before_anything_is_written()
    {
        string output = Path.Combine(Directory, "out");
        using SqlSession session = NewSession();
        session.Execute($"CREATE TABLE sink_t (a INT, b STRING) WITH ('connector' = 'filesystem', 'path' = '{output}', 'format' = 'csv')");
        var error = Assert.Throws<SqlValidationException>(() => session.Execute("INSERT INTO sink_t SELECT 1"));
        Assert.Contains("produces 1 columns but table 'sink_t' has 2", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(output) && System.IO.Directory.EnumerateFiles(output).Any());
    }

    [Fact]
    public void A_scalar_subquery_with_two_rows_is_an_error_and_an_empty_one_is_null()
    {
        using SqlSession session = NewSession();
        var error = Assert.Throws<SqlRuntimeException>(() => session.Query("SELECT (SELECT x FROM (VALUES (1), (2)) AS t(x))"));
        Assert.StartsWith("A scalar subquery returned more than one row", error.Message, StringComparison.Ordinal);
        Assert.Null(session.Query("SELECT (SELECT x FROM (VALUES (1)) AS t(x) WHERE x > 5)").Rows[0][0]);
        Assert.Equal(1, session.Query("SELECT (SELECT x FROM (VALUES (1)) AS t(x))").Rows[0][0]);
    }
}
