using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Blackhole;
using VecFlow.Engine.Connectors.Print;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class RegistryPrintBlackholeTests : ConnectorTest
{
    private static readonly RowSchema Schema = new(
    [
        new Field("id", SqlType.Int),
        new Field("name", SqlType.Varchar),
        new Field("ts", SqlType.Timestamp),
        new Field("price", SqlType.Decimal(10, 2)),
        new Field("d", SqlType.Double),
        new Field("ok", SqlType.Boolean),
    ]);

    [Fact]
    public void Registry_resolves_case_insensitively_and_names_valid_connectors_for_unknown_ones()
    {
        var registry = new ConnectorRegistry();
        Assert.Equal(["blackhole", "datagen", "filesystem", "nexmark", "print"], registry.Identifiers);
        Assert.IsType<BlackholeSink>(registry.CreateSink(Table(Schema, ("connector", "BlackHole"))));
        Assert.Equal(
            "Unknown connector 'kafka' for table 't'; valid: blackhole, datagen, filesystem, nexmark, print",
            Assert.Throws<ConnectorException>(() => registry.CreateSource(Table(Schema, ("connector", "kafka")))).Message);

        registry.Register(new FakeConnector());
        Assert.Contains("fake", registry.Identifiers);
        Assert.Throws<NotSupportedException>(() => registry.CreateSource(Table(Schema, ("connector", "FAKE"))));
    }

    [Fact]
    public void Print_writes_rows_as_flink_does_with_identifier_and_subtask_prefix()
    {
        var output = new StringWriter { NewLine = "\n" };
        var factory = new PrintConnectorFactory(output);
        ITableSink sink = factory.CreateSink(Table(Schema, ("connector", "print"), ("print-identifier", "bids")));

        using (ISinkWriter writer = sink.Open(Context()))
        {
            using ColumnBatch batch = Batch(
                Schema,
                [1, "foo", 1_767_225_600_000L, (Int128)1250, 1e7, true],
                [2, null, 1_767_225_605_250L, null, 0.5, null]);
            ColumnVector kinds = ColumnFactory.FromValues(SqlType.TinyInt, [(sbyte)RowKind.Insert, (sbyte)RowKind.UpdateBefore], Pool);
            writer.Write(new ColumnBatch(batch.Names, [.. batch.Columns.Select(c => c.Share())], 2, null, kinds));
            writer.Finish();
        }

        Assert.Equal(
            "bids> +I[1, foo, 2026-01-01T00:00, 12.50, 1.0E7, true]\nbids> -U[2, null, 2026-01-01T00:00:05.250, null, 0.5, null]\n",
            output.ToString());
        Assert.Equal("bids:3> ", PrintSink.Prefix("bids", 2, 4));
        Assert.Equal("3> ", PrintSink.Prefix(string.Empty, 2, 4));
        Assert.Equal(string.Empty, PrintSink.Prefix(string.Empty, 0, 1));
    }

    [Fact]
    public void Print_to_standard_error_and_rejects_unknown_options()
    {
        var output = new StringWriter();
        var error = new StringWriter { NewLine = "\n" };
        var factory = new PrintConnectorFactory(output, error);
        var schema = new RowSchema([new Field("id", SqlType.Int)]);
        ITableSink sink = factory.CreateSink(Table(schema, ("connector", "print"), ("standard-error", "true")));
        using (ISinkWriter writer = sink.Open(Context()))
        {
            writer.Write(Batch(schema, [7]));
        }

        Assert.Equal("+I[7]\n", error.ToString());
        Assert.Empty(output.ToString());
        Assert.Contains("valid options are: connector, print-identifier, sink.parallelism, standard-error",
            Assert.Throws<ConnectorException>(() => factory.CreateSink(Table(schema, ("connector", "print"), ("identifier", "x")))).Message);
    }

    [Fact]
    public void Blackhole_discards_live_rows_and_counts_them()
    {
        var sink = (BlackholeSink)new BlackholeConnectorFactory().CreateSink(Table(Schema, ("connector", "blackhole")));
        OperatorContext context = Context();
        using (ISinkWriter writer = sink.Open(context))
        {
            var schema = new RowSchema([new Field("id", SqlType.Int)]);
            writer.Write(Batch(schema, [1], [2], [3]));
            ColumnBatch batch = Batch(schema, [1], [2], [3]);
            using (batch)
            {
                writer.Write(batch.WithSelection(Vector.Bitmaps.Selection.FromIndices([1], 3, Pool)));
            }

            writer.Finish();
        }

        Assert.Equal(4, sink.Rows);
        Assert.Equal(0, context.Metrics.RowsIn); // the runtime counts a sink's rows, once, not the sink
        Assert.Throws<ConnectorException>(() => new BlackholeConnectorFactory().CreateSource(Table(Schema, ("connector", "blackhole"))));
    }

    private sealed class FakeConnector : IConnectorFactory
    {
        public string Identifier => "fake";

        public ITableSource CreateSource(TableContext table) => throw new NotSupportedException();

        public ITableSink CreateSink(TableContext table) => throw new NotSupportedException();
    }
}
