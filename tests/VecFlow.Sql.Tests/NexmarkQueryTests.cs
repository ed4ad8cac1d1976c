using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;
using VecFlow.Sql.Printing;

namespace VecFlow.Sql.Tests;

/// <summary>Our own Flink-SQL versions of the Nexmark queries parse, print and re-parse to the same trees.</summary>
public class NexmarkQueryTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["TPS"] = "10000000",
        ["EVENTS_NUM"] = "100000000",
        ["PERSON_PROPORTION"] = "1",
        ["AUCTION_PROPORTION"] = "3",
        ["BID_PROPORTION"] = "46",
        ["NEXMARK_TABLE"] = "nexmark",
        ["NEXMARK_DIR"] = "/tmp/nexmark",
        ["SUBMIT_TIME"] = "1700000000",
    };

    public static TheoryData<string> Files()
    {
        var files = new TheoryData<string> { "ddl" };
        for (int q = 0; q <= 22; q++)
        {
            files.Add($"q{q}");
        }

        return files;
    }

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Nexmark", name + ".sql"));

    [Theory]
    [MemberData(nameof(Files))]
    public void Parses_and_round_trips(string name)
    {
        string sql = Read(name);
        SqlScript script = SqlParser.ParseScript(sql, Variables);
        Assert.NotEmpty(script.Statements);

        SqlScript reparsed = SqlParser.ParseScript(SqlPrinter.Print(script));
        Assert.Equal(script.Statements.Count, reparsed.Statements.Count);
        for (int i = 0; i < script.Statements.Count; i++)
        {
            Assert.True(
                SqlNodeComparer.Instance.Equals(script.Statements[i], reparsed.Statements[i]),
                $"statement {i + 1} changed:\n{SqlPrinter.Print(script.Statements[i])}\n{SqlPrinter.Print(reparsed.Statements[i])}");
            SqlAssert.SpansAreNested(script.Statements[i], sql.Length);
        }
    }

    [Fact]
    public void Every_query_file_ends_with_an_insert()
    {
        for (int q = 0; q <= 22; q++)
        {
            SqlScript script = SqlParser.ParseScript(Read($"q{q}"), Variables);
            Assert.IsType<InsertStatement>(script.Statements[^1]);
        }
    }

    [Fact]
    public void Ddl_spans_point_into_the_unsubstituted_text()
    {
        string sql = Read("ddl");
        SqlScript script = SqlParser.ParseScript(sql, Variables);
        var table = Assert.IsType<CreateTableStatement>(script.Statements[0]);

        TableOption rate = table.Options.Single(o => o.Key.Value == "first-event.rate");
        Assert.Equal("10000000", rate.Value.Value);
        Assert.Equal("'${TPS}'", sql[rate.Value.Span.Start..rate.Value.Span.End]);

        var view = Assert.IsType<CreateViewStatement>(script.Statements[1]);
        var from = Assert.IsType<NamedTable>(Assert.IsType<SelectQuery>(view.Query).From);
        Assert.Equal("nexmark", from.Name.Last.Value);
        Assert.Equal("${NEXMARK_TABLE}", sql[from.Span.Start..from.Span.End]);

        // The WHERE after the substituted name keeps its own position.
        SqlExpression where = Assert.IsType<SelectQuery>(view.Query).Where!;
        Assert.Equal("event_type = 0", sql[where.Span.Start..where.Span.End]);
    }

    [Fact]
    public void Ddl_declares_the_watermarked_computed_event_time()
    {
        SqlScript script = SqlParser.ParseScript(Read("ddl"), Variables);
        var table = Assert.IsType<CreateTableStatement>(script.Statements[0]);
        var dateTime = Assert.IsType<ComputedColumn>(table.Columns[^1]);
        Assert.Equal("dateTime", dateTime.Name.Value);
        Assert.IsType<CaseExpression>(dateTime.Expression);
        WatermarkDefinition watermark = Assert.Single(table.Watermarks);
        Assert.Equal("dateTime - INTERVAL '4' SECOND", SqlPrinter.Print(watermark.Expression));
        var bid = Assert.IsType<RowDataType>(Assert.IsType<PhysicalColumn>(table.Columns[3]).Type);
        Assert.Equal(7, bid.Fields.Count);
    }
}
