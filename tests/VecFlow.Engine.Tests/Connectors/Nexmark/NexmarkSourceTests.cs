using VecFlow.Engine.Connectors;
using VecFlow.Engine.Connectors.Nexmark;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors.Nexmark;

public sealed class NexmarkSourceTests : NexmarkTest
{
    [Fact]
    public void Same_seed_gives_the_same_rows_and_another_seed_other_rows()
    {
        List<string> first = [.. ReadAll(Source(("seed", "7"), ("events.num", "3000"))).Select(Text)];
        List<string> again = [.. ReadAll(Source(("seed", "7"), ("events.num", "3000"))).Select(Text)];
        List<string> other = [.. ReadAll(Source(("seed", "8"), ("events.num", "3000"))).Select(Text)];
        Assert.Equal(3000, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(first.Zip(other).Count(p => p.First != p.Second) > 2900, "different seeds should change almost every row");
    }

    [Fact]
    public void Without_a_seed_each_source_picks_its_own_and_the_base_time_is_the_clock()
    {
        NexmarkTableSource a = Source(("events.num", "500"));
        NexmarkTableSource b = Source(("events.num", "500"));
        Assert.False(a.Options.SeedGiven);
        Assert.NotEqual(a.Options.Seed, b.Options.Seed);
        Assert.NotEqual(ReadAll(a).Select(Text), ReadAll(b).Select(Text));
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), a.Options.BaseTimeMillis);
        Assert.Equal(SeededBaseTime, Source(("seed", "1")).Options.BaseTimeMillis);
    }

    [Theory]
    [InlineData(2, 1000, 2000)]
    [InlineData(3, 97, 2000)]
    [InlineData(7, 1, 120)]
    [InlineData(64, 333, 2000)]
    public void Rows_do_not_depend_on_parallelism_or_batch_size(int parallelism, int batchRows, int events)
    {
        NexmarkTableSource source = Source(("seed", "42"), ("events.num", events.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        List<string> reference = [.. ReadAll(source, 1, 4096).Select(Text)];
        List<string> split = [.. ReadAll(source, parallelism, batchRows).Select(Text)];

        // Bounded splits are contiguous ranges in plan order, so even the order is the same.
        Assert.Equal(reference, split);
    }

    [Fact]
    public void Unbounded_splits_interleave_event_numbers_and_together_give_the_same_events()
    {
        List<string> bounded = [.. ReadAll(Source(("seed", "5"), ("events.num", "3000"))).Select(Text)];
        NexmarkTableSource unbounded = Source(("seed", "5"));
        Assert.False(unbounded.IsBounded);
        IReadOnlyList<SourceSplit> splits = unbounded.PlanSplits(3);
        Assert.Equal(3, splits.Count);
        var interleaved = new List<string>();
        foreach (SourceSplit split in splits)
        {
            interleaved.AddRange(ReadSplit(unbounded, split, 250, maxBatches: 4).Select(Text));
        }

        Assert.Equal(bounded.Order(StringComparer.Ordinal), interleaved.Order(StringComparer.Ordinal));
        NexmarkSplit second = Assert.IsType<NexmarkSplit>(splits[1]);
        Assert.Equal((1L, 3L, (long?)null), (second.First, second.Stride, second.Count));
    }

    [Fact]
    public void Bounded_splits_are_contiguous_ranges_covering_every_event_once()
    {
        NexmarkTableSource source = Source(("seed", "1"), ("events.num", "10"));
        Assert.True(source.IsBounded);
        var splits = source.PlanSplits(4).Cast<NexmarkSplit>().ToList();
        Assert.Equal([(0L, 3L), (3L, 3L), (6L, 2L), (8L, 2L)], splits.Select(s => (s.First, s.Count!.Value)));
        Assert.All(splits, s => Assert.Equal(1, s.Stride));
        Assert.Equal("nexmark events [3, 6)", splits[1].Description);

        // More readers than events: one split per event, none empty.
        Assert.Equal(10, source.PlanSplits(32).Count);
    }

    [Fact]
    public void A_bounded_reader_ends_after_its_events_and_then_keeps_returning_null()
    {
        NexmarkTableSource source = Source(("seed", "3"), ("events.num", "1000"));
        using ISourceReader reader = source.Open(source.PlanSplits(1)[0], [0], Context());
        var sizes = new List<int>();
        while (reader.Read(300) is { } batch)
        {
            sizes.Add(batch.Length);
            batch.Dispose();
        }

        Assert.Equal([300, 300, 300, 100], sizes);
        Assert.Null(reader.Read(300));
    }

    [Fact]
    public void An_unbounded_reader_runs_until_cancelled()
    {
        NexmarkTableSource source = Source(("seed", "3"));
        using var cancellation = new CancellationTokenSource();
        var context = new OperatorContext(Pool, new MemoryBudget(long.MaxValue), Path.Combine(Directory, "spill"), cancellation: cancellation.Token);
        using ISourceReader reader = source.Open(source.PlanSplits(1)[0], [Column("bid.price")], context);
        long rows = 0;
        for (int i = 0; i < 50; i++)
        {
            using ColumnBatch batch = reader.Read(1000) ?? throw new InvalidOperationException("an unbounded split ended");
            rows += batch.Length;
        }

        Assert.Equal(50_000, rows);
        cancellation.Cancel();
        Assert.Throws<OperationCanceledException>(() => reader.Read(1000));
    }

    [Fact]
    public void Projection_generates_only_the_requested_columns_in_the_requested_order()
    {
        NexmarkTableSource source = Source(("seed", "11"), ("events.num", "700"));
        List<object?[]> all = ReadAll(source);
        int[] columns = [Column("bid.price"), Column("event_type"), Column("person.name"), Column("bid.price")];
        List<object?[]> projected = ReadAll(source, 2, 128, columns);
        Assert.Equal(all.Select(r => Text([.. columns.Select(c => r[c])])), projected.Select(Text));

        using ISourceReader reader = source.Open(source.PlanSplits(1)[0], columns, Context());
        Assert.Equal(["bid.price", "event_type", "person.name", "bid.price"], reader.Schema.Names);
    }

    [Fact]
    public void A_table_may_declare_a_subset_in_any_order_with_any_case()
    {
        var schema = new RowSchema([new Field("BID.PRICE", SqlType.BigInt), new Field("Event_Type", SqlType.Int)]);
        List<object?[]> rows = ReadAll(Source(schema, ("seed", "9"), ("events.num", "300")));
        List<object?[]> full = ReadAll(Source(("seed", "9"), ("events.num", "300")));
        Assert.Equal(full.Select(r => Text([r[Column("bid.price")], r[Column("event_type")]])), rows.Select(Text));
    }

    [Fact]
    public void Declared_types_are_converted_when_lossless()
    {
        var schema = new RowSchema(
        [
            new Field("event_type", SqlType.BigInt),
            new Field("bid.price", SqlType.Decimal(20, 0)),
            new Field("bid.dateTime", SqlType.TimestampLtz),
            new Field("person.name", new SqlType(SqlTypeKind.Varchar, 3)),
            new Field("auction.category", SqlType.Varchar),
        ]);
        NexmarkTableSource source = Source(schema, ("seed", "2"), ("events.num", "400"));
        List<object?[]> converted = ReadAll(source, 2, 64);
        List<object?[]> native = ReadAll(Source(("seed", "2"), ("events.num", "400")));
        Assert.Equal(400, converted.Count);
        for (int i = 0; i < native.Count; i++)
        {
            Assert.Equal((long)(int)native[i][Column("event_type")]!, converted[i][0]);
            Assert.Equal(native[i][Column("bid.price")] is long price ? (Int128)price : null, converted[i][1]);
            Assert.Equal(native[i][Column("bid.dateTime")], converted[i][2]);

            // VARCHAR(n) is not truncated: Flink's nexmark source does not enforce lengths either.
            Assert.Equal(native[i][Column("person.name")], converted[i][3]);
            Assert.Equal(native[i][Column("auction.category")]?.ToString(), converted[i][4]);
        }

        using ISourceReader reader = source.Open(source.PlanSplits(1)[0], [0, 1, 2, 3], Context());
        using ColumnBatch batch = reader.Read(10)!;
        Assert.Equal([SqlType.BigInt, SqlType.Decimal(20, 0), SqlType.TimestampLtz, new SqlType(SqlTypeKind.Varchar, 3)], batch.Columns.Select(c => c.Type));
    }

    [Theory]
    [InlineData("bid.price", SqlTypeKind.Int, "declared INT, but the nexmark field is BIGINT")]
    [InlineData("event_type", SqlTypeKind.TinyInt, "declared TINYINT, but the nexmark field is INT")]
    [InlineData("bid.dateTime", SqlTypeKind.Date, "declared DATE, but the nexmark field is TIMESTAMP(3)")]
    [InlineData("bid.channel", SqlTypeKind.BigInt, "declared BIGINT, but the nexmark field is STRING")]
    public void Lossy_declared_types_are_errors(string column, SqlTypeKind kind, string expected)
    {
        var schema = new RowSchema([new Field(column, new SqlType(kind))]);
        ConnectorException error = Assert.Throws<ConnectorException>(() => Source(schema, ("seed", "1")));
        Assert.Contains(expected, error.Message);
        Assert.Contains($"'{column}'", error.Message);
    }

    [Fact]
    public void Not_null_is_an_error_for_a_field_other_kinds_leave_null_unless_only_that_kind_is_generated()
    {
        var schema = new RowSchema([new Field("event_type", SqlType.Int.WithNullable(false)), new Field("bid.price", SqlType.BigInt.WithNullable(false))]);
        ConnectorException error = Assert.Throws<ConnectorException>(() => Source(schema));
        Assert.Contains("'bid.price'", error.Message);
        Assert.Contains("NOT NULL", error.Message);

        List<object?[]> bidsOnly = ReadAll(Source(schema, ("seed", "1"), ("events.num", "50"), ("person.proportion", "0"), ("auction.proportion", "0")));
        Assert.All(bidsOnly, r => Assert.Equal(2, r[0]));
        Assert.All(bidsOnly, r => Assert.NotNull(r[1]));
    }

    [Fact]
    public void An_unknown_column_is_an_error_listing_the_valid_ones()
    {
        var schema = new RowSchema([new Field("event_type", SqlType.Int), new Field("bid.prize", SqlType.BigInt)]);
        ConnectorException error = Assert.Throws<ConnectorException>(() => Source(schema));
        Assert.Contains("'bid.prize'", error.Message);
        Assert.Contains("events", error.Message);
        Assert.Contains("bid.price", error.Message);
        Assert.Contains("person.emailAddress", error.Message);
    }

    [Theory]
    [InlineData("events.nmu", "10", "Unknown option 'events.nmu'")]
    [InlineData("first-event.rate", "-5", "'first-event.rate'")]
    [InlineData("next-event.rate", "0", "'next-event.rate'")]
    [InlineData("events.num", "-1", "'events.num'")]
    [InlineData("bid.proportion", "-2", "'bid.proportion'")]
    [InlineData("rate.limited", "maybe", "'true' or 'false'")]
    [InlineData("base-time", "yesterday", "'base-time'")]
    [InlineData("seed", "abc", "'seed'")]
    public void Bad_options_are_errors_naming_the_option(string key, string value, string expected)
    {
        ConnectorException error = Assert.Throws<ConnectorException>(() => Source((key, value)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void All_proportions_zero_is_an_error()
    {
        ConnectorException error = Assert.Throws<ConnectorException>(() => Source(("person.proportion", "0"), ("auction.proportion", "0"), ("bid.proportion", "0")));
        Assert.Contains("at least one must be positive", error.Message);
    }

    [Fact]
    public void The_factory_is_nexmark_and_cannot_write()
    {
        var factory = new NexmarkConnectorFactory();
        Assert.Equal("nexmark", factory.Identifier);
        ConnectorException error = Assert.Throws<ConnectorException>(() => factory.CreateSink(Table([("connector", "nexmark")])));
        Assert.Contains("'events'", error.Message);
        Assert.Contains("cannot be written to", error.Message);
    }

    [Fact]
    public void Rate_limited_reading_emits_only_events_whose_time_has_come()
    {
        NexmarkTableSource source = Source(("seed", "4"), ("events.num", "5000"), ("first-event.rate", "1000"), ("rate.limited", "true"));
        using ISourceReader reader = source.Open(source.PlanSplits(1)[0], [0], Context());

        // At open only event 0 (event time offset 0) is due; after 1 s events 1..1000 are.
        using (ColumnBatch first = reader.Read(4096)!)
        {
            Assert.Equal(1, first.Length);
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        using (ColumnBatch second = reader.Read(4096)!)
        {
            Assert.Equal(1000, second.Length);
        }

        Clock.Advance(TimeSpan.FromMilliseconds(2.5));
        using (ColumnBatch third = reader.Read(4096)!)
        {
            Assert.Equal(2, third.Length);
        }

        // max-emit-speed overrides the limit.
        NexmarkTableSource fast = Source(("seed", "4"), ("events.num", "5000"), ("first-event.rate", "1000"), ("rate.limited", "true"), ("max-emit-speed", "true"));
        using ISourceReader unpaced = fast.Open(fast.PlanSplits(1)[0], [0], Context());
        using ColumnBatch all = unpaced.Read(4096)!;
        Assert.Equal(4096, all.Length);
    }

    [Fact]
    public void A_rate_limited_read_with_nothing_due_honours_cancellation()
    {
        NexmarkTableSource source = Source(("seed", "4"), ("first-event.rate", "1"), ("rate.limited", "true"));
        using var cancellation = new CancellationTokenSource();
        var context = new OperatorContext(Pool, new MemoryBudget(long.MaxValue), Path.Combine(Directory, "spill"), cancellation: cancellation.Token);
        using ISourceReader reader = source.Open(source.PlanSplits(1)[0], [0], context);
        reader.Read(10)!.Dispose();

        // Event 1 is due after 1 s of a clock that never moves: the read waits until the token fires.
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(20));
        Assert.Throws<OperationCanceledException>(() => reader.Read(10));
    }
}
