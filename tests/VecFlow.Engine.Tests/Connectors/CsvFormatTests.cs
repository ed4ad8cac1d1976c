using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class CsvFormatTests : ConnectorTest
{
    private static readonly RowSchema Orders = new(
    [
        new Field("id", SqlType.Int),
        new Field("item", SqlType.Varchar),
        new Field("price", SqlType.Decimal(10, 2)),
        new Field("ts", SqlType.Timestamp),
    ]);

    private readonly FilesystemConnectorFactory _factory = new();

    [Fact]
    public void Reads_rfc4180_quoting_crlf_bom_and_both_timestamp_separators()
    {
        string path = WriteFile("orders.csv", "\uFEFF1,\"a, \"\"quoted\"\"\r\nline\",12.50,2026-01-01 00:00:00\r\n2,plain,-0.5,2026-01-02T03:04:05.678\n3,,1,2026-01-03 00:00:00.1");

        List<object?[]> rows = ReadAll(Source(path));

        Assert.Equal(
            [
                [1, "a, \"quoted\"\r\nline", (Int128)1250, Millis("2026-01-01T00:00:00")],
                [2, "plain", (Int128)(-50), Millis("2026-01-02T03:04:05.678")],
                [3, null, (Int128)100, Millis("2026-01-03T00:00:00.100")],
            ],
            rows);
    }

    [Fact]
    public void Malformed_value_names_file_line_column_text_and_expected_type()
    {
        string path = WriteFile("bad.csv", "1,a,1.00,2026-01-01 00:00:00\n\"2\",\"multi\nline\",2.00,2026-01-01 00:00:00\n3,c,12x,2026-01-01 00:00:00\n");

        ConnectorException error = Assert.Throws<ConnectorException>(() => ReadAll(Source(path)));

        Assert.Equal(
            $"Malformed CSV row in file '{path}', line 4, column 3 ('price'): cannot parse '12x' as DECIMAL(10, 2); expected a decimal number like '-12.34' for DECIMAL(10, 2). Set 'csv.ignore-parse-errors' = 'true' to skip malformed rows.",
            error.Message);
    }

    [Fact]
    public void Wrong_field_count_and_broken_quotes_are_malformed_rows()
    {
        string path = WriteFile("short.csv", "1,a,1.00,2026-01-01 00:00:00\n2,b,2.00\n");
        ConnectorException error = Assert.Throws<ConnectorException>(() => ReadAll(Source(path)));
        Assert.Equal(
            $"Malformed CSV row in file '{path}', line 2, expected 4 fields (id, item, price, ts) but found 3. Set 'csv.ignore-parse-errors' = 'true' to skip malformed rows.",
            error.Message);

        string quotes = WriteFile("quotes.csv", "1,\"a\"x,1.00,2026-01-01 00:00:00\n");
        Assert.Contains("line 1, unexpected character 'x' after the closing quote of field 2", Assert.Throws<ConnectorException>(() => ReadAll(Source(quotes))).Message);
    }

    [Fact]
    public void Ignore_parse_errors_skips_and_counts_malformed_rows()
    {
        var random = new Random(3);
        var expected = new List<object?[]>();
        var text = new System.Text.StringBuilder();
        int bad = 0;
        for (int i = 0; i < 2000; i++)
        {
            int kind = random.Next(10);
            if (kind == 0)
            {
                text.Append(i).Append(",x,notanumber,2026-01-01 00:00:00\n");
                bad++;
            }
            else if (kind == 1)
            {
                text.Append(i).Append(",x,1.00\n");
                bad++;
            }
            else if (kind == 2)
            {
                text.Append(i).Append(",x,1.00,2026-02-30 00:00:00\n");
                bad++;
            }
            else
            {
                text.Append(i).Append(",x").Append(i).Append(",0.01,1970-01-01 00:00:01\n");
                expected.Add([i, "x" + i, (Int128)1, 1000L]);
            }
        }

        string path = WriteFile("mixed.csv", text.ToString());
        OperatorContext context = Context();
        List<object?[]> rows = ReadAll(Source(path, ("csv.ignore-parse-errors", "true")), batchRows: 97, context: context);

        Assert.Equal(expected, rows);
        Assert.Equal(bad, context.Metrics.DroppedRows);
    }

    [Fact]
    public void Null_literal_delimiter_quote_and_comment_options()
    {
        string path = WriteFile("opts.csv", "# a comment\n1;'x;y';\\N;\\N\n2;'';3.00;2026-01-01 00:00:00\n3;\\N;;'2026-01-01 00:00:00'\n");

        List<object?[]> rows = ReadAll(Source(
            path,
            ("csv.field-delimiter", ";"),
            ("csv.quote-character", "'"),
            ("csv.null-literal", "\\N"),
            ("csv.allow-comments", "true")));

        Assert.Equal(
            [
                [1, "x;y", null, null],
                [2, string.Empty, (Int128)300, Millis("2026-01-01T00:00:00")],
                [3, null, null, Millis("2026-01-01T00:00:00")],
            ],
            rows);
    }

    [Fact]
    public void Empty_field_is_null_but_quoted_empty_is_the_empty_string()
    {
        string path = WriteFile("empty.csv", "1,,,\n2,\"\",,\n");
        List<object?[]> rows = ReadAll(Source(path));
        Assert.Equal([[1, null, null, null], [2, string.Empty, null, null]], rows);
    }

    [Fact]
    public void Disabled_quote_character_reads_quotes_as_text()
    {
        string path = WriteFile("raw.csv", "1,\"a\",1,2026-01-01 00:00:00\n");
        List<object?[]> rows = ReadAll(Source(path, ("csv.disable-quote-character", "true")));
        Assert.Equal("\"a\"", rows[0][1]);
    }

    [Fact]
    public void Written_csv_uses_sql_text_forms_and_quotes_only_when_needed()
    {
        string dir = Path.Combine(Directory, "w");
        TableContext table = Table(Orders, ("connector", "filesystem"), ("path", dir), ("format", "csv"));
        WriteAll(
            _factory.CreateSink(table),
            Orders,
            [[1, "plain", (Int128)1250, Millis("2026-01-01T00:00:00")], [2, "a,b", (Int128)(-5), Millis("2026-01-02T03:04:05.678")], [3, string.Empty, null, null]]);

        string file = Assert.Single(System.IO.Directory.GetFiles(dir));
        Assert.Matches(@"part-0-[0-9a-f]{32}\.csv$", file);
        Assert.Equal("1,plain,12.50,2026-01-01 00:00:00\n2,\"a,b\",-0.05,2026-01-02 03:04:05.678\n3,\"\",,\n", File.ReadAllText(file));
    }

    [Fact]
    public void One_column_table_keeps_blank_lines_as_rows()
    {
        var schema = new RowSchema([new Field("s", SqlType.Varchar)]);
        string path = WriteFile("one.csv", "a\n\n\"\"\nb\n");
        TableContext table = Table(schema, ("connector", "filesystem"), ("path", path), ("format", "csv"));
        Assert.Equal([["a"], [null], [string.Empty], ["b"]], ReadAll(_factory.CreateSource(table)));
    }

    [Fact]
    public void Records_longer_than_the_read_buffer_are_read_whole()
    {
        string big = new('x', 700_000);
        string path = WriteFile("big.csv", $"1,\"{big}\",1,2026-01-01 00:00:00\n2,{big},2,2026-01-01 00:00:00");
        List<object?[]> rows = ReadAll(Source(path));
        Assert.Equal([big, big], rows.Select(r => r[1]));
    }

    private FilesystemSource Source(string path, params (string Key, string Value)[] extra) =>
        (FilesystemSource)_factory.CreateSource(Table(Orders, [("connector", "filesystem"), ("path", path), ("format", "csv"), .. extra]));

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
        return path;
    }

    private static long Millis(string iso) => new DateTimeOffset(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
