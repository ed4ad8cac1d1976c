using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Datagen;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

public sealed class DatagenConnectorTests : ConnectorTest
{
    private static readonly RowSchema Events = new(
    [
        new Field("id", SqlType.BigInt),
        new Field("score", SqlType.Int),
        new Field("name", SqlType.Varchar),
        new Field("amount", SqlType.Decimal(38, 4)),
        new Field("ratio", SqlType.Double),
        new Field("flag", SqlType.Boolean),
        new Field("ts", SqlType.Timestamp),
    ]);

    private readonly DatagenConnectorFactory _factory = new();

    [Fact]
    public void Seeded_output_is_deterministic_and_independent_of_parallelism()
    {
        TableContext table = Table(
            Events,
            ("connector", "datagen"),
            ("number-of-rows", "1000"),
            ("seed", "42"),
            ("fields.score.min", "-5"),
            ("fields.score.max", "5"),
            ("fields.name.length", "12"),
            ("fields.name.null-rate", "0.25"),
            ("fields.ts.max-past", "1 h"));
        var first = (DatagenSource)_factory.CreateSource(table);

        List<object?[]> single = ReadAll(first, batchRows: 128);
        List<object?[]> parallel = ReadAll(first, parallelism: 3, batchRows: 100);
        List<object?[]> again = ReadAll(first, parallelism: 7, batchRows: 1000);

        Assert.Equal(1000, single.Count);
        Assert.Equal(single, parallel);
        Assert.Equal(single, again);
        Assert.All(single, r => Assert.InRange((int)r[1]!, -5, 5));
        Assert.All(single.Where(r => r[2] is not null), r => Assert.Matches("^[0-9a-f]{12}$", (string)r[2]!));
        Assert.InRange(single.Count(r => r[2] is null), 180, 320);
        Assert.All(single, r => Assert.InRange((long)r[6]!, first.BaseMillis - 3_600_000, first.BaseMillis));
        Assert.All(single, r => Assert.InRange((Int128)r[3]!, -(DecimalMath.Pow10(38) - 1), DecimalMath.Pow10(38) - 1));
        Assert.InRange(single.Count(r => (bool)r[5]!), 400, 600);

        var other = (DatagenSource)_factory.CreateSource(Table(Events, ("connector", "datagen"), ("number-of-rows", "1000"), ("seed", "43")));
        Assert.NotEqual(single.Select(r => r[1]), ReadAll(other).Select(r => r[1]));
    }

    [Fact]
    public void Sequences_bound_the_table_and_splits_partition_the_range_evenly()
    {
        TableContext table = Table(
            Events,
            ("connector", "datagen"),
            ("seed", "1"),
            ("fields.id.kind", "sequence"),
            ("fields.id.start", "10"),
            ("fields.id.end", "109"),
            ("fields.name.kind", "sequence"),
            ("fields.name.start", "1"),
            ("fields.name.end", "1000"));
        var source = (DatagenSource)_factory.CreateSource(table);

        Assert.True(source.IsBounded);
        Assert.Null(source.RowsPerSecond);
        IReadOnlyList<SourceSplit> splits = source.PlanSplits(3);
        Assert.Equal(["datagen rows 0..32", "datagen rows 33..65", "datagen rows 66..99"], splits.Select(s => s.Description));
        List<object?[]> rows = ReadAll(source, columns: [0, 2], parallelism: 3, batchRows: 16);
        Assert.Equal(Enumerable.Range(10, 100).Select(i => (object?)(long)i), rows.Select(r => r[0]));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (object?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[1]));

        var capped = (DatagenSource)_factory.CreateSource(Table(Events, [.. table.Options.Values.Select(kv => (kv.Key, kv.Value)), ("number-of-rows", "7")]));
        Assert.Equal(7, ReadAll(capped).Count);
    }

    [Fact]
    public void Unbounded_tables_are_paced_and_deal_rows_round_robin()
    {
        var source = (DatagenSource)_factory.CreateSource(Table(Events, ("connector", "datagen"), ("seed", "9"), ("rows-per-second", "1000000")));
        Assert.False(source.IsBounded);
        Assert.Equal(1_000_000, source.RowsPerSecond);
        IReadOnlyList<SourceSplit> splits = source.PlanSplits(2);
        Assert.Equal(new DatagenSplit(1, 2, 1, long.MaxValue, Strided: true), splits[1]);

        var bounded = (DatagenSource)_factory.CreateSource(Table(Events, ("connector", "datagen"), ("number-of-rows", "10"), ("rows-per-second", "5")));
        Assert.Equal(5, bounded.RowsPerSecond);
    }

    [Fact]
    public void Row_pacer_lets_rate_rows_per_second_through_without_sleeping()
    {
        var clock = new ManualClock();
        var waits = new List<TimeSpan>();
        var pacer = new RowPacer(100, clock, (delay, _) =>
        {
            waits.Add(delay);
            clock.Advance(delay);
        });

        Assert.Empty(waits);
        int first = pacer.Acquire(1000, CancellationToken.None);
        Assert.Equal(1, first);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(50, pacer.Acquire(1000, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(100, pacer.Acquire(1000, CancellationToken.None));
        long total = 0;
        for (int i = 0; i < 20; i++)
        {
            total += pacer.Acquire(1000, CancellationToken.None);
        }

        double waited = waits.Sum(w => w.TotalSeconds);
        Assert.InRange(total / waited, 95, 105);
    }

    [Fact]
    public void Bad_field_options_name_the_option_and_what_is_valid()
    {
        Assert.Contains(
            "per-field options are fields.<column>.{kind, min, max, max-past, length, start, end, null-rate}",
            Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Events, ("connector", "datagen"), ("fields.id.step", "1")))).Message);
        Assert.Contains(
            "names no column 'nope'",
            Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Events, ("connector", "datagen"), ("fields.nope.min", "1")))).Message);
        Assert.Contains(
            "needs the option 'fields.id.end'",
            Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Events, ("connector", "datagen"), ("fields.id.kind", "sequence"), ("fields.id.start", "1")))).Message);
        Assert.Contains(
            "Unknown option 'rows'",
            Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Events, ("connector", "datagen"), ("rows", "1")))).Message);
        Assert.Contains(
            "must satisfy min <= max within INT",
            Assert.Throws<ConnectorException>(() => _factory.CreateSource(Table(Events, ("connector", "datagen"), ("fields.score.max", "99999999999")))).Message);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
