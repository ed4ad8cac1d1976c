using VecFlow.Sql.Errors;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Tests;

public class ErrorTests
{
    [Fact]
    public void Message_is_one_line_with_position_offending_text_and_expected_set()
    {
        SqlParseException error = SqlAssert.Error("SELECT a, b\nFROM t\nWHERE x = 1 GROPU BY a", 3, 13, SqlParseErrorKind.TrailingInput);
        Assert.Equal(
            "line 3, column 13: unexpected 'GROPU', expected one of GROUP BY, HAVING, WINDOW, UNION, EXCEPT, ..., ';', end of input (did you mean GROUP BY?)",
            error.Message);
        Assert.Equal("GROPU", error.Offending);
        Assert.Equal(["GROUP BY", "HAVING", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "ORDER BY", "LIMIT", "OFFSET", "FETCH", "';'", "end of input"], error.Expected);
        Assert.Equal("WHERE x = 1 GROPU BY a", error.SourceLine);
        Assert.Equal((31, 36), (error.Span.Start, error.Span.End));
    }

    [Fact]
    public void Caret_rendering_points_at_the_offending_text()
    {
        SqlParseException error = SqlAssert.Error("SELECT a,\n       b FORM t");
        Assert.Equal(
            "line 2, column 15: unexpected 't', expected one of ',', FROM, WHERE, GROUP BY, HAVING, ..., ';', end of input ('FORM' was read as an alias; did you mean FROM?)\n"
            + " 2 |        b FORM t\n"
            + "   |               ^",
            error.FormatWithCaret().ReplaceLineEndings("\n"));
        Assert.EndsWith("^^^^", SqlAssert.Error("SELECT * FORM t").FormatWithCaret(), StringComparison.Ordinal);
    }

    [Fact]
    public void Expected_sets_are_exactly_what_was_tried()
    {
        Assert.Equal(["ALL", "DISTINCT", "'*'", "expression"], SqlAssert.Error("SELECT FROM t", 1, 8, SqlParseErrorKind.UnexpectedToken).Expected);
        Assert.Equal(["BY"], SqlAssert.Error("SELECT a FROM t ORDER a", 1, 23, SqlParseErrorKind.UnexpectedToken).Expected);
        Assert.Equal(["INTO", "OVERWRITE"], SqlAssert.Error("INSERT t SELECT 1", 1, 8, SqlParseErrorKind.UnexpectedToken).Expected);
        Assert.Equal(["WHEN", "ELSE", "END"], SqlAssert.Error("SELECT CASE WHEN a THEN b", 1, 26, SqlParseErrorKind.UnexpectedEndOfInput).Expected);
        Assert.Equal(["expression"], SqlAssert.Error("SELECT 1 + * 2", 1, 12, SqlParseErrorKind.UnexpectedToken).Expected);
        Assert.Equal(["LATERAL", "table name", "'('", "TABLE", "UNNEST"], SqlAssert.Error("SELECT a FROM", 1, 14, SqlParseErrorKind.UnexpectedEndOfInput).Expected);
        Assert.Equal(["data type"], SqlAssert.Error("SELECT CAST(a AS FOO)", 1, 18, SqlParseErrorKind.UnexpectedToken).Expected);
        Assert.Equal(["AS", "data type"], SqlAssert.Error("CREATE TABLE t (a INT, b VARCHR(10))", 1, 26, SqlParseErrorKind.UnexpectedToken).Expected);
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE", 1, 22)]
    [InlineData("SELECT a FROM t UNION", 1, 22)]
    [InlineData("SELECT a FROM t LIMIT", 1, 22)]
    [InlineData("SELECT a FROM t JOIN u", 1, 23)]
    [InlineData("CREATE TABLE", 1, 13)]
    [InlineData("SELECT\n  a,\n", 3, 1)]
    public void Input_ending_early(string sql, int line, int column)
    {
        SqlParseException error = SqlAssert.Error(sql, line, column, SqlParseErrorKind.UnexpectedEndOfInput);
        Assert.Contains("unexpected end of input, expected", error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.Offending);
    }

    [Fact]
    public void Trailing_garbage_after_a_complete_statement()
    {
        SqlParseException error = SqlAssert.Error("SELECT a FROM t x y", 1, 19, SqlParseErrorKind.TrailingInput);
        Assert.Contains("';', end of input", error.Message, StringComparison.Ordinal);
        SqlAssert.Error("SELECT 1 SELECT 2", 1, 10, SqlParseErrorKind.TrailingInput);
        SqlAssert.Error("DROP TABLE t t2", 1, 14, SqlParseErrorKind.TrailingInput);
        Assert.Throws<SqlParseException>(() => SqlParser.ParseStatement("SELECT 1; SELECT 2"));
        Assert.Throws<SqlParseException>(() => SqlParser.ParseExpression("a b"));
        Assert.Throws<SqlParseException>(() => SqlParser.ParseDataType("INT INT"));
    }

    [Fact]
    public void Unbalanced_parentheses()
    {
        SqlParseException unclosed = SqlAssert.Error("SELECT *\nFROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)", 2, 64, SqlParseErrorKind.UnbalancedParentheses);
        Assert.EndsWith("')' to close the '(' at line 2, column 11", unclosed.Message, StringComparison.Ordinal);

        SqlParseException beforeClause = SqlAssert.Error("SELECT (a + b FROM t", 1, 15, SqlParseErrorKind.UnbalancedParentheses);
        Assert.Equal("line 1, column 15: unexpected 'FROM', expected ',' or ')' to close the '(' at line 1, column 8", beforeClause.Message);

        SqlParseException extra = SqlAssert.Error("SELECT a + b) FROM t", 1, 13, SqlParseErrorKind.UnbalancedParentheses);
        Assert.Equal("line 1, column 13: unexpected ')' that closes no '('", extra.Message);

        SqlAssert.Error("SELECT ARRAY[1, 2", 1, 18, SqlParseErrorKind.UnexpectedEndOfInput);

        // A missing comma is not reported as a missing ')'.
        SqlParseException comma = SqlAssert.Error("SELECT f(a b)", 1, 12, SqlParseErrorKind.UnexpectedToken);
        Assert.DoesNotContain("to close", comma.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statement_set_without_end()
    {
        SqlParseException error = SqlAssert.Error(
            "SELECT 1;\nEXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 1;\n  INSERT INTO b SELECT 2;\n", 6, 1, SqlParseErrorKind.MissingEnd);
        Assert.Equal("line 6, column 1: missing END of the statement set that begins at line 2, column 1", error.Message);
        SqlAssert.Error("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1", 2, 23, SqlParseErrorKind.MissingEnd);

        SqlParseException notInsert = SqlAssert.Error(
            "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; SELECT 2; END", 1, 53, SqlParseErrorKind.UnexpectedToken);
        Assert.EndsWith("expected END or INSERT (a statement set holds only INSERT statements)", notInsert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_words_as_names_suggest_quoting()
    {
        SqlParseException error = SqlAssert.Error("SELECT a FROM t AS from", 1, 20, SqlParseErrorKind.UnexpectedToken);
        Assert.EndsWith("('from' is a reserved word; write `from` to use it as a name)", error.Message, StringComparison.Ordinal);
        Assert.Contains("reserved word", SqlAssert.Error("SELECT a, values FROM t", 1, 11, SqlParseErrorKind.UnexpectedToken).Message, StringComparison.Ordinal);
        Assert.Contains("reserved word", SqlAssert.Error("CREATE TABLE t (table INT)", 1, 17, SqlParseErrorKind.UnexpectedToken).Message, StringComparison.Ordinal);
        SqlParser.ParseStatement("CREATE TABLE t (`table` INT)");
    }

    [Theory]
    [InlineData("ALTER TABLE t ADD c INT", 1, 1, "not supported: ALTER statements")]
    [InlineData("USE CATALOG c", 1, 1, "not supported: USE statements")]
    [InlineData("SELECT 1;\nLOAD MODULE hive", 2, 1, "not supported: LOAD statements")]
    [InlineData("CREATE CATALOG c WITH ()", 1, 8, "not supported: CREATE CATALOG")]
    [InlineData("CREATE OR REPLACE TABLE t (a INT)", 1, 8, "not supported: CREATE OR REPLACE")]
    [InlineData("DROP DATABASE d", 1, 6, "not supported: DROP DATABASE")]
    [InlineData("SHOW JOBS", 1, 6, "not supported: SHOW JOBS")]
    [InlineData("SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts)", 1, 17, "not supported: MATCH_RECOGNIZE")]
    [InlineData("CREATE TABLE t (a INT PRIMARY KEY ENFORCED)", 1, 35, "not supported: ENFORCED primary keys")]
    [InlineData("CREATE TABLE t (a INT, UNIQUE (a))", 1, 24, "not supported: UNIQUE constraints")]
    [InlineData("SELECT CAST(a AS RAW('x'))", 1, 18, "not supported: the RAW type")]
    [InlineData("SELECT ARRAY(SELECT 1)", 1, 8, "not supported: ARRAY(subquery)")]
    public void Unsupported_features_are_reported_as_such(string sql, int line, int column, string message)
    {
        SqlParseException error = SqlAssert.Error(sql, line, column, SqlParseErrorKind.NotSupported);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT INTERVAL '1' DAY TO MONTH", 1, 21, "invalid interval qualifier DAY TO MONTH")]
    [InlineData("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)", 1, 49, "duplicate primary key")]
    [InlineData("CREATE TABLE t (a DECIMAL(99999999999))", 1, 27, "precision 99999999999 is too large")]
    [InlineData("DROP TEMPORARY SYSTEM TABLE t", 1, 1, "SYSTEM applies only to functions")]
    [InlineData("CREATE SYSTEM FUNCTION f AS 'x'", 1, 1, "a system function is always temporary")]
    [InlineData("SELECT * FROM TABLE(t)", 1, 21, "TABLE(...) takes a table function call")]
    [InlineData("SELECT * FROM a NATURAL CROSS JOIN b", 1, 17, "NATURAL cannot be combined with CROSS JOIN")]
    public void Invalid_but_well_formed_syntax(string sql, int line, int column, string message)
    {
        SqlParseException error = SqlAssert.Error(sql, line, column, SqlParseErrorKind.InvalidSyntax);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE t (a INT, PRIMARY KEY (a))", 1, 39, "expected NOT ENFORCED (a primary key must be declared NOT ENFORCED)")]
    [InlineData("CREATE TABLE t (a INT) WITH (connector = 'x')", 1, 30, "option keys and values are quoted")]
    [InlineData("CREATE TABLE t (a INT) WITH ('connector' = 1)", 1, 44, "unexpected number 1, expected string literal")]
    [InlineData("SET execution.runtime-mode = batch", 1, 5, "write SET 'key' = 'value'")]
    [InlineData("SELECT INTERVAL 10 SECOND", 1, 17, "interval values are quoted")]
    [InlineData("SELECT EXTRACT(FORTNIGHT FROM ts)", 1, 16, "expected time unit")]
    [InlineData("SELECT a FROM f(x)", 1, 16, "call a table function as TABLE(f(..))")]
    [InlineData("SELECT a FROM t JOIN u WHERE 1 = 1", 1, 24, "a join needs ON or USING")]
    [InlineData("EXPLAIN CREATE TABLE t (a INT)", 1, 9, "EXPLAIN explains a query, an INSERT or a statement set")]
    [InlineData("FOO BAR", 1, 1, "expected one of SELECT, INSERT, CREATE, DROP, WITH, VALUES, EXECUTE STATEMENT SET, ...")]
    [InlineData("SELECT MAP['a']", 1, 15, "expected ','")]
    [InlineData("SELECT TRIM(LEADING s)", 1, 22, "expected FROM")]
    [InlineData("RESET foo", 1, 7, "expected string literal (write RESET or RESET 'key')")]
    [InlineData("SELECT a FROM t GROUP BY ROLLUP(a) WITHIN", 1, 36, "unexpected 'WITHIN'")]
    public void Helpful_unexpected_token_messages(string sql, int line, int column, string message)
    {
        SqlParseException error = Assert.Throws<SqlParseException>(() => SqlParser.ParseScript(sql));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Positions_count_tabs_and_crlf_as_single_characters()
    {
        SqlAssert.Error("SELECT\r\n\ta\r\n\tFROM", 3, 6, SqlParseErrorKind.UnexpectedEndOfInput);
        SqlAssert.Error("SELECT\ta\tFROM\tt\tWHERE\t)", 1, 23, SqlParseErrorKind.UnbalancedParentheses);
    }

    [Fact]
    public void Deep_nesting_is_a_parse_error_not_a_crash()
    {
        string deep = "SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000);
        SqlParseException error = Assert.Throws<SqlParseException>(() => SqlParser.ParseScript(deep));
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
        string moderate = "SELECT " + new string('(', 200) + "1" + new string(')', 200);
        Assert.Single(SqlParser.ParseScript(moderate).Statements);
    }

    [Fact]
    public void Only_parse_exceptions_escape_on_any_prefix_of_a_real_script()
    {
        // Cutting a realistic script at every character exercises the end-of-input path of every construct.
        const string Sql = """
            CREATE TABLE t (a INT NOT NULL, b AS a + 1, c ROW<x STRING> METADATA FROM 'k' VIRTUAL,
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, PRIMARY KEY (a) NOT ENFORCED) WITH ('k' = 'v');
            EXECUTE STATEMENT SET BEGIN INSERT INTO s SELECT a, COUNT(DISTINCT b) FILTER (WHERE b > 0)
              FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '5' SECOND)) AS w
              LEFT JOIN u FOR SYSTEM_TIME AS OF w.p AS x ON w.a = x.a
              WHERE a BETWEEN 1 AND 2 AND b NOT LIKE 'x%' GROUP BY a, window_start ORDER BY a DESC LIMIT 3; END;
            """;
        for (int i = 0; i <= Sql.Length; i++)
        {
            try
            {
                SqlParser.ParseScript(Sql[..i]);
            }
            catch (SqlParseException)
            {
            }
        }
    }
}
