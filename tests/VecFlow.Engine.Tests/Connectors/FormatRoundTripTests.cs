using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Filesystem;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class FormatRoundTripTests : ConnectorTest
{
    private readonly FilesystemConnectorFactory _factory = new();

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("parquet")]
    [InlineData("arrow")]
    [InlineData("arrow-ipc")]
    public void Every_type_round_trips_with_nulls_extremes_and_awkward_text(string format)
    {
        List<object?[]> rows = AllTypeRows(500, seed: 42);
        TableContext table = Table(AllTypes, ("connector", "filesystem"), ("path", Path.Combine(Directory, "out")), ("format", format));

        WriteAll(_factory.CreateSink(table), AllTypes, rows, batchRows: 64);
        List<object?[]> read = ReadAll(_factory.CreateSource(table), batchRows: 50);

        Assert.Equal(rows, read);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void Projection_returns_only_the_requested_columns_in_that_order(string format)
    {
        List<object?[]> rows = AllTypeRows(200, seed: 7);
        TableContext table = Table(AllTypes, ("connector", "filesystem"), ("path", Path.Combine(Directory, "out")), ("format", format));
        WriteAll(_factory.CreateSink(table), AllTypes, rows);

        List<object?[]> read = ReadAll(_factory.CreateSource(table), columns: [8, 0, 7]);

        Assert.Equal(Project(rows, 8, 0, 7), read);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void No_columns_still_counts_rows_and_empty_input_writes_no_file(string format)
    {
        TableContext table = Table(AllTypes, ("connector", "filesystem"), ("path", Path.Combine(Directory, "out")), ("format", format));
        WriteAll(_factory.CreateSink(table), AllTypes, []);
        Assert.Empty(System.IO.Directory.GetFiles(Path.Combine(Directory, "out"), "*", SearchOption.AllDirectories));

        WriteAll(_factory.CreateSink(table), AllTypes, AllTypeRows(123, seed: 1));
        Assert.Equal(123, ReadAll(_factory.CreateSource(table), columns: []).Count);
    }
}
