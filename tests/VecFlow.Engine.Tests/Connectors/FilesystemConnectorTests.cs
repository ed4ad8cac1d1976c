using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class FilesystemConnectorTests : ConnectorTest
{
    private static readonly RowSchema Sales = new(
    [
        new Field("id", SqlType.BigInt),
        new Field("region", SqlType.Varchar),
        new Field("amount", SqlType.Decimal(10, 2)),
        new Field("day", SqlType.Date),
    ]);

    private readonly FilesystemConnectorFactory _factory = new();

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void Partitioned_write_uses_hive_directories_and_reads_back_the_partition_columns(string format)
    {
        string dir = Path.Combine(Directory, "sales");
        TableContext table = Table("sales", Sales, ["region", "day"], ("connector", "filesystem"), ("path", dir), ("format", format));
        var random = new Random(11);
        string?[] regions = ["eu", "us/west", "a=b:c", null, string.Empty];
        List<object?[]> rows = [.. Enumerable.Range(0, 400).Select(i => new object?[]
        {
            (long)i, regions[random.Next(regions.Length)], (Int128)random.Next(-10_000, 10_000), random.Next(3) == 0 ? null : random.Next(20_000, 20_003),
        })];

        WriteAll(_factory.CreateSink(table), Sales, rows, batchRows: 37);

        string[] directories = [.. System.IO.Directory.GetDirectories(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["region=__DEFAULT_PARTITION__", "region=a%3Db%3Ac", "region=eu", "region=us%2Fwest"], directories);
        Assert.True(System.IO.Directory.Exists(Path.Combine(dir, "region=eu", "day=2024-10-04")));
        Assert.True(System.IO.Directory.Exists(Path.Combine(dir, "region=eu", "day=__DEFAULT_PARTITION__")));

        // Partition values are not repeated inside the files (as Flink).
        ITableSource plain = _factory.CreateSource(Table("inner", new RowSchema([Sales[0], Sales[2]]), [], ("connector", "filesystem"), ("path", dir), ("format", format)));
        Assert.Equal(SortById(Project(rows, 0, 2)), SortById(ReadAll(plain)));

        // An empty string partition value comes back as NULL, as in Flink.
        List<object?[]> expected = [.. rows.Select(r => new[] { r[0], r[1] as string == string.Empty ? null : r[1], r[2], r[3] })];
        Assert.Equal(SortById(expected), SortById(ReadAll(_factory.CreateSource(table), batchRows: 16)));
        Assert.Equal(SortById(Project(expected, 0, 3, 1)), SortById(ReadAll(_factory.CreateSource(table), columns: [0, 3, 1])));
    }

    [Fact]
    public void Directories_are_read_recursively_in_path_order_skipping_hidden_and_underscore_names()
    {
        string dir = Path.Combine(Directory, "tree");
        WriteFile(Path.Combine(dir, "b", "2.csv"), "3,x,1,2024-01-01\n");
        WriteFile(Path.Combine(dir, "a.csv"), "1,x,1,2024-01-01\n");
        WriteFile(Path.Combine(dir, "b", "1.csv"), "2,x,1,2024-01-01\n");
        WriteFile(Path.Combine(dir, "_SUCCESS"), "garbage");
        WriteFile(Path.Combine(dir, ".part-0-x.csv.inprogress"), "garbage");
        WriteFile(Path.Combine(dir, "_tmp", "z.csv"), "garbage");
        WriteFile(Path.Combine(dir, ".hidden", "z.csv"), "garbage");

        foreach (string path in (string[])[dir, "file://" + dir, "file:" + dir, new Uri(dir).AbsoluteUri])
        {
            ITableSource source = _factory.CreateSource(Table(Sales, ("connector", "filesystem"), ("path", path), ("format", "csv")));
            IReadOnlyList<SourceSplit> splits = source.PlanSplits(4);
            Assert.Equal([Path.Combine(dir, "a.csv"), Path.Combine(dir, "b", "1.csv"), Path.Combine(dir, "b", "2.csv")], splits.Select(s => s.Description));
            Assert.Equal([1L, 2L, 3L], ReadAll(source, parallelism: 4).Select(r => r[0]));
        }
    }

    [Fact]
    public void A_single_file_path_is_one_split_and_a_missing_path_is_a_clear_error()
    {
        string file = WriteFile(Path.Combine(Directory, "one.csv"), "1,x,1,2024-01-01\n");
        Assert.Single(_factory.CreateSource(Table(Sales, ("connector", "filesystem"), ("path", file), ("format", "csv"))).PlanSplits(3));

        string missing = Path.Combine(Directory, "nope");
        ITableSource source = _factory.CreateSource(Table(Sales, ("connector", "filesystem"), ("path", missing), ("format", "csv")));
        Assert.Equal(
            $"The path '{missing}' of table 't' does not exist; give an existing file or directory.",
            Assert.Throws<ConnectorException>(() => source.PlanSplits(1)).Message);
    }

    [Fact]
    public void Options_are_checked_per_format_and_legacy_keys_work()
    {
        ConnectorException unknown = Assert.Throws<ConnectorException>(() => _factory.CreateSource(
            Table(Sales, ("connector", "filesystem"), ("path", Directory), ("format", "json"), ("csv.field-delimiter", ";"))));
        Assert.Matches(
            "^Unknown option 'csv.field-delimiter' for connector 'filesystem' on table 't'; valid options are: .*connector, format, json.fail-on-missing-field, json.ignore-parse-errors, .*path, .*sink.rolling-policy.file-size",
            unknown.Message);

        Assert.Equal(
            "Unknown format 'xml' for table 't'; valid: csv, json, parquet, arrow (or arrow-ipc).",
            Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Sales, ("connector", "filesystem"), ("path", Directory), ("format", "xml")))).Message);
        Assert.Contains("needs the option 'format'", Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Sales, ("connector", "filesystem"), ("path", Directory)))).Message);
        Assert.Contains("single ASCII character", Assert.Throws<ConnectorException>(() => _factory.CreateSource(
            Table(Sales, ("connector", "filesystem"), ("path", Directory), ("format", "csv"), ("csv.field-delimiter", ";;")))).Message);
        Assert.Contains("use a local path or a file:// URI", Assert.Throws<ConnectorException>(() => _factory.CreateSource(
            Table(Sales, ("connector", "filesystem"), ("path", "s3://bucket/x"), ("format", "csv")))).Message);

        string file = WriteFile(Path.Combine(Directory, "legacy", "l.csv"), "1,x,1,2024-01-01\n");
        var registry = new ConnectorRegistry();
        ITableSource legacy = registry.CreateSource(Table(Sales, ("connector.type", "filesystem"), ("connector.path", file), ("format.type", "csv")));
        Assert.Equal([[1L, "x", (Int128)100, 19_723]], ReadAll(legacy));
    }

    [Fact]
    public void Part_files_are_hidden_until_finished_and_abandoned_ones_are_deleted()
    {
        string dir = Path.Combine(Directory, "parts");
        ITableSink sink = _factory.CreateSink(Table(Sales, ("connector", "filesystem"), ("path", dir), ("format", "csv")));
        OperatorContext context = new(Pool, MemoryBudget.Unlimited, Directory, subtask: 3, parallelism: 4);
        using (ISinkWriter writer = sink.Open(context))
        {
            writer.Write(Batch(Sales, [1L, "x", (Int128)1, 1]));
            string temporary = Assert.Single(System.IO.Directory.GetFiles(dir));
            Assert.StartsWith(".part-3-", Path.GetFileName(temporary));
            Assert.Empty(ReadAll(_factory.CreateSource(Table(Sales, ("connector", "filesystem"), ("path", dir), ("format", "csv")))));
            writer.Finish();
        }

        Assert.Matches(@"^part-3-[0-9a-f]{32}\.csv$", Path.GetFileName(Assert.Single(System.IO.Directory.GetFiles(dir))));

        using (ISinkWriter abandoned = sink.Open(context))
        {
            abandoned.Write(Batch(Sales, [2L, "y", (Int128)1, 1]));
        }

        Assert.Single(System.IO.Directory.GetFiles(dir));
    }

    [Fact]
    public void Rolling_file_size_starts_new_part_files()
    {
        string dir = Path.Combine(Directory, "roll");
        TableContext table = Table(Sales, ("connector", "filesystem"), ("path", dir), ("format", "csv"), ("sink.rolling-policy.file-size", "1kb"));
        List<object?[]> rows = [.. Enumerable.Range(0, 500).Select(i => new object?[] { (long)i, "region-" + i, (Int128)i, i })];

        WriteAll(_factory.CreateSink(table), Sales, rows, batchRows: 20);

        Assert.True(System.IO.Directory.GetFiles(dir).Length > 5);
        Assert.Equal(rows, SortById(ReadAll(_factory.CreateSource(table))));
        Assert.Contains("positive size", Assert.Throws<ConnectorException>(() => _factory.CreateSink(
            Table(Sales, ("connector", "filesystem"), ("path", dir), ("format", "csv"), ("sink.rolling-policy.file-size", "big")))).Message);
    }

    [Fact]
    public void Sink_writes_only_live_rows_and_rejects_retractions()
    {
        string dir = Path.Combine(Directory, "live");
        TableContext table = Table(Sales, ("connector", "filesystem"), ("path", dir), ("format", "json"));
        ITableSink sink = _factory.CreateSink(table);
        using (ISinkWriter writer = sink.Open(Context()))
        {
            ColumnBatch batch = Batch(Sales, [1L, "a", (Int128)1, 1], [2L, "b", (Int128)2, 2], [3L, "c", (Int128)3, 3]);
            using (batch)
            {
                writer.Write(batch.WithSelection(Vector.Bitmaps.Selection.FromIndices([0, 2], 3, Pool)));
            }

            writer.Finish();
        }

        Assert.Equal([1L, 3L], ReadAll(_factory.CreateSource(table)).Select(r => r[0]));

        using ISinkWriter second = sink.Open(Context());
        using ColumnBatch data = Batch(Sales, [4L, "d", (Int128)4, 4]);
        var kinds = ColumnFactory.FromValues(SqlType.TinyInt, [(sbyte)RowKind.Delete], Pool);
        var retraction = new ColumnBatch(data.Names, [.. data.Columns.Select(c => c.Share())], 1, null, kinds);
        Assert.Contains("only accepts inserts (+I), but row 1 of a batch is -D", Assert.Throws<ConnectorException>(() => second.Write(retraction)).Message);
    }

    private static string WriteFile(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
