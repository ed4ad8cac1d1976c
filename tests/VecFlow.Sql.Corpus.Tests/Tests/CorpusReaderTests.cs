using VecFlow.Sql.Corpus.Tests.Harness;

namespace VecFlow.Sql.Corpus.Tests.Tests;

/// <summary>The corpus file format: queries, directives, positions and the errors for malformed files.</summary>
public sealed class CorpusReaderTests
{
    [Fact]
    public void An_expect_error_directive_marks_a_query_vecflow_must_refuse()
    {
        const string text = "-- query: unsupported_one\n-- expect-error: not supported: EXCEPT\nSELECT 1 EXCEPT SELECT 2\n\n-- query: plain\nSELECT 1\n";
        IReadOnlyList<CorpusQuery> queries = CorpusReader.Parse(text, "sample.sql");
        Assert.Equal("not supported: EXCEPT", queries[0].ExpectedError);
        Assert.Null(queries[1].ExpectedError);
    }

    [Fact]
    public void Reads_queries_with_their_directives_and_lines()
    {
        const string text = """
            -- A file header is free text.

            -- query: first
            SELECT 1;
            -- query: second
            -- duckdb: SELECT 2
            -- duckdb: FROM t
            -- ordered
            -- tolerance: 1e-6
            -- setting: table.exec.resource.memory-per-operator=64kb
            -- this comment is free text
            SELECT 2
            FROM t
            ORDER BY 1;

            """;

        IReadOnlyList<CorpusQuery> queries = CorpusReader.Parse(text, "sample.sql");

        Assert.Equal(2, queries.Count);
        CorpusQuery first = queries[0];
        Assert.Equal(("first", "sample.sql", 3, "SELECT 1", false), (first.Name, first.File, first.Line, first.Sql, first.Ordered));
        Assert.Null(first.DuckDbSql);
        Assert.Equal("SELECT 1", first.ReferenceSql);
        Assert.Null(first.Tolerance);
        Assert.Empty(first.Settings);

        CorpusQuery second = queries[1];
        Assert.Equal(5, second.Line);
        Assert.Equal("sample.sql:5", second.Location);
        Assert.Equal("SELECT 2\nFROM t", second.DuckDbSql);
        Assert.True(second.Ordered);
        Assert.Equal(1e-6, second.Tolerance);
        Assert.Equal("64kb", second.Settings["table.exec.resource.memory-per-operator"]);
        Assert.Equal("SELECT 2\nFROM t\nORDER BY 1", second.Sql);
    }

    [Theory]
    [InlineData("SELECT 1;\n-- query: a\nSELECT 1", "sample.sql:1: SQL before the first")]
    [InlineData("-- query: a\n-- orderd\nSELECT 1", "sample.sql:2: unknown directive 'orderd'")]
    [InlineData("-- query: a\n-- ordered: yes\nSELECT 1", "sample.sql:2: malformed directive")]
    [InlineData("-- query: a\n-- tolerance: small\nSELECT 1", "sample.sql:2: tolerance 'small'")]
    [InlineData("-- query: a\n-- setting: memory\nSELECT 1", "sample.sql:2: setting 'memory' is not 'key=value'")]
    [InlineData("-- query: a\n-- ordered\n\n-- query: b\nSELECT 1", "sample.sql:1: query 'a' has no SQL")]
    [InlineData("-- query: Bad-Name\nSELECT 1", "sample.sql:1: query name 'Bad-Name' is not valid")]
    [InlineData("-- query: a\nSELECT 1\n-- ordered", "sample.sql:3: directive '-- ordered' after the SQL of query 'a'")]
    public void Malformed_files_are_reported_with_file_and_line(string text, string expectedStart)
    {
        CorpusFormatException error = Assert.Throws<CorpusFormatException>(() => CorpusReader.Parse(text, "sample.sql"));

        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
    }
}
