using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class JsonFormatTests : ConnectorTest
{
    private static readonly RowSchema Bids = new(
    [
        new Field("auction", SqlType.BigInt),
        new Field("bid.price", SqlType.Decimal(12, 2)),
        new Field("bid.meta.channel", SqlType.Varchar),
        new Field("ts", SqlType.Timestamp),
        new Field("ok", SqlType.Boolean),
    ]);

    private readonly FilesystemConnectorFactory _factory = new();

    [Fact]
    public void Flattened_row_columns_are_written_as_nested_objects_and_read_back()
    {
        string dir = Path.Combine(Directory, "bids");
        TableContext table = Table(Bids, ("connector", "filesystem"), ("path", dir), ("format", "json"));
        object?[][] rows = [[1L, (Int128)1234, "web \"x\" ü", 0L, true], [2L, null, null, null, null]];

        WriteAll(_factory.CreateSink(table), Bids, rows);

        string text = File.ReadAllText(Assert.Single(System.IO.Directory.GetFiles(dir)));
        Assert.Equal(
            "{\"auction\":1,\"bid\":{\"price\":12.34,\"meta\":{\"channel\":\"web \\\"x\\\" ü\"}},\"ts\":\"1970-01-01 00:00:00\",\"ok\":true}\n"
            + "{\"auction\":2,\"bid\":{\"price\":null,\"meta\":{\"channel\":null}},\"ts\":null,\"ok\":null}\n",
            text);
        Assert.Equal(rows, ReadAll(_factory.CreateSource(table)));
    }

    [Fact]
    public void Missing_fields_are_null_unknown_fields_are_skipped_and_strings_may_hold_numbers()
    {
        string path = WriteFile("in.json", "{\"auction\":\"7\",\"extra\":{\"deep\":[1,2]},\"bid\":{\"price\":\"1.5\"},\"ts\":\"2026-01-01T00:00:00.5\"}\n\n{}\n");
        List<object?[]> rows = ReadAll(Source(path));
        Assert.Equal([[7L, (Int128)150, null, 1_767_225_600_500L, null], [null, null, null, null, null]], rows);
    }

    [Fact]
    public void Field_names_are_case_sensitive_as_in_flink()
    {
        string path = WriteFile("case.json", "{\"Auction\":1}\n");
        Assert.Null(ReadAll(Source(path))[0][0]);
    }

    [Fact]
    public void Malformed_value_names_file_line_column_text_and_expected_type()
    {
        string path = WriteFile("bad.json", "{\"auction\":1}\n\n{\"auction\":\"12x\"}\n");
        ConnectorException error = Assert.Throws<ConnectorException>(() => ReadAll(Source(path)));
        Assert.Equal(
            $"Malformed JSON row in file '{path}', line 3, column 1 ('auction'): cannot parse '12x' as BIGINT; expected an integer number like '-42' for BIGINT. Set 'json.ignore-parse-errors' = 'true' to skip malformed rows.",
            error.Message);
    }

    [Fact]
    public void Syntax_errors_wrong_token_types_and_missing_fields_are_malformed_rows()
    {
        Assert.Contains("line 1, invalid JSON", Assert.Throws<ConnectorException>(() => ReadAll(Source(WriteFile("a.json", "{\"auction\":1")))).Message);
        Assert.Contains(
            "line 1, column 5 ('ok'): cannot parse '3' as BOOLEAN",
            Assert.Throws<ConnectorException>(() => ReadAll(Source(WriteFile("b.json", "{\"ok\":3}")))).Message);
        Assert.Contains(
            "line 1, column 2 ('bid.price'): the field is missing and 'json.fail-on-missing-field' is true",
            Assert.Throws<ConnectorException>(() => ReadAll(Source(WriteFile("c.json", "{\"auction\":1}"), ("json.fail-on-missing-field", "true")))).Message);
    }

    [Fact]
    public void Ignore_parse_errors_skips_and_counts_malformed_rows()
    {
        var random = new Random(5);
        var lines = new List<string>();
        var expected = new List<object?[]>();
        for (int i = 0; i < 1000; i++)
        {
            switch (random.Next(8))
            {
                case 0:
                    lines.Add("{\"auction\":");
                    break;
                case 1:
                    lines.Add("{\"auction\":\"x" + i + "\"}");
                    break;
                case 2:
                    lines.Add("[1,2]");
                    break;
                default:
                    lines.Add("{\"auction\":" + i + ",\"ok\":false}");
                    expected.Add([(long)i, null, null, null, false]);
                    break;
            }
        }

        OperatorContext context = Context();
        List<object?[]> rows = ReadAll(Source(WriteFile("mixed.json", string.Join("\n", lines)), ("json.ignore-parse-errors", "true")), batchRows: 33, context: context);

        Assert.Equal(expected, rows);
        Assert.Equal(1000 - expected.Count, context.Metrics.DroppedRows);
    }

    private FilesystemSource Source(string path, params (string Key, string Value)[] extra) =>
        (FilesystemSource)_factory.CreateSource(Table(Bids, [("connector", "filesystem"), ("path", path), ("format", "json"), .. extra]));

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
