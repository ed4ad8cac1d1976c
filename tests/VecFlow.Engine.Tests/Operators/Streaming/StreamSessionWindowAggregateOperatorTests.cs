using System.Globalization;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.State.Timers;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>The streaming SESSION window aggregate against the batch plan (session window operator + hash aggregate) over the same rows.</summary>
public sealed class StreamSessionWindowAggregateOperatorTests : EngineTest
{
    private static readonly RowSchema Input = new([
        new Field("k", SqlType.Varchar),
        new Field("g", SqlType.Int),
        new Field("ts", SqlType.Timestamp),
        new Field("v", SqlType.BigInt),
        new Field("d", SqlType.Decimal(10, 2)),
        new Field("f", SqlType.Boolean),
        new Field("s", SqlType.Varchar),
        new Field("x", SqlType.Double),
    ]);

    private static readonly AggregateCall[] Calls =
    [
        new(AggregateFunction.CountStar, null, false, null, SqlType.BigInt.WithNullable(false), "cnt"),
        new(AggregateFunction.Count, 3, false, null, SqlType.BigInt.WithNullable(false), "cnt_v"),
        new(AggregateFunction.Sum, 3, false, null, SqlType.BigInt, "sum_v"),
        new(AggregateFunction.Sum, 4, false, null, SqlType.Decimal(38, 2), "sum_d"),
        new(AggregateFunction.Avg, 3, false, null, SqlType.BigInt, "avg_v"),
        new(AggregateFunction.Avg, 4, false, null, SqlType.Decimal(38, 6), "avg_d"),
        new(AggregateFunction.Min, 6, false, null, SqlType.Varchar, "min_s"),
        new(AggregateFunction.Max, 7, false, null, SqlType.Double, "max_x"),
        new(AggregateFunction.Sum, 3, false, 5, SqlType.BigInt, "sum_v_if_f"),
        new(AggregateFunction.Max, 1, false, null, SqlType.Int, "max_g"),
    ];

    private static readonly StreamWindowKey[] Keys =
    [
        StreamWindowKey.Of(0, Input[0]),
        StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
        StreamWindowKey.Of(1, Input[1]),
        StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
        StreamWindowKey.Of(StreamWindowProperty.WindowTime, new Field("window_time", SqlType.Timestamp.WithNullable(false))),
    ];

    private static readonly StreamWindowKey[] Bounds =
    [
        StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
        StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
    ];

    public StreamSessionWindowAggregateOperatorTests() => Pool.TrackRentSites = false;

    public static TheoryData<string, long, int> Runs()
    {
        var data = new TheoryData<string, long, int>();
        foreach (string backend in new[] { "heap", "rocksdb" })
        {
            data.Add(backend, 3_000, 1);
            data.Add(backend, 1_000, 2);
            data.Add(backend, 10_000, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Out_of_order_rows_give_the_batch_sessions(string backend, long gap, int seed)
    {
        var random = new Random(seed);
        long bound = gap * 2;
        long clock = 1_700_000_000_000L;
        long watermark = long.MinValue;
        long maxSeen = long.MinValue;
        var all = new List<object?[]>();
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamSessionWindowAggregateOperator(Input, 2, gap, Keys, Calls);
        OperatorContext context = Context(state, batchRows: 29);
        op.Open(context);
        var output = new CollectingOutput();
        var streamed = new List<object?[]>();
        for (int b = 0; b < 80; b++)
        {
            int n = random.Next(0, 40);
            var rows = new List<object?[]>(n);
            for (int i = 0; i < n; i++)
            {
                clock += random.Next(0, (int)(gap / 8) + 2);
                long time = Math.Max(clock - random.NextInt64(0, bound + 1), watermark == long.MinValue ? long.MinValue : watermark + 1);
                object?[] row = RandomRow(random, random.Next(40) == 0 ? null : time);
                maxSeen = Math.Max(maxSeen, time);
                rows.Add(row);
                all.Add(row);
            }

            op.Process(0, Batch(Input, [.. rows]), output);
            Assert.Equal(0, output.BatchCount);
            if (maxSeen != long.MinValue && random.Next(10) < 6 && maxSeen - bound > watermark)
            {
                long previous = watermark;
                watermark = maxSeen - bound;
                op.ProcessWatermark(watermark, output);
                List<object?[]> fired = output.TakeRows();
                Assert.All(fired, r => Assert.InRange((long)r[3]!, previous + 1, watermark));
                streamed.AddRange(fired);
            }
        }

        op.ProcessWatermark(long.MaxValue, output);
        streamed.AddRange(output.TakeRows());

        List<object?[]> expected = Reference(gap, all);
        Assert.True(expected.Count > 20, "the data should hold many sessions");
        Assert.Equal(Sorted(expected), Sorted(streamed));
        Assert.Equal(all.Count(r => r[2] is null), context.Metrics.DroppedRows);
        Assert.Equal(0, state.Timers.Count(TimeDomain.EventTime));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void A_row_between_two_sessions_bridges_them_into_one(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamSessionWindowAggregateOperator(Input, 2, 10, Bounds, [Calls[0], Calls[2]]);
        op.Open(Context(state));
        var output = new CollectingOutput();
        op.Process(0, Batch(Input, Row(0, 1), Row(30, 2), Row(60, 4)), output);
        op.Process(0, Batch(Input, Row(20, 8)), output);
        op.Process(0, Batch(Input, Row(10, 16), Row(40, 32), Row(50, 64)), output);
        op.ProcessWatermark(69, output);
        Assert.Empty(output.TakeRows());
        op.ProcessWatermark(70, output);
        Assert.Equal([[0L, 70L, 7L, 127L]], output.TakeRows());
        op.ProcessWatermark(long.MaxValue, output);
        Assert.Empty(output.TakeRows());
        Assert.Equal(0, state.Timers.Count(TimeDomain.EventTime));
    }

    [Fact]
    public void A_late_row_counts_when_it_joins_an_open_session_and_is_dropped_when_its_session_is_over()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamSessionWindowAggregateOperator(Input, 2, 10, Bounds, [Calls[0]]);
        OperatorContext context = Context(state);
        op.Open(context);
        var output = new CollectingOutput();
        op.Process(0, Batch(Input, Row(100, 1), Row(140, 2)), output);
        op.ProcessWatermark(145, output);
        Assert.Equal([[100L, 110L, 1L]], output.TakeRows());

        // 135 is late but touches the open session [140, 150); 90 is late and its own session [90, 100) is over.
        op.Process(0, Batch(Input, Row(135, 3), Row(90, 4)), output);
        Assert.Equal(1, context.Metrics.DroppedRows);
        op.ProcessWatermark(long.MaxValue, output);
        Assert.Equal([[135L, 150L, 2L]], output.TakeRows());
    }

    [Fact]
    public void Two_rows_exactly_one_gap_apart_share_a_session_as_in_batch()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamSessionWindowAggregateOperator(Input, 2, 10, Bounds, [Calls[0]]);
        op.Open(Context(state));
        var output = new CollectingOutput();
        op.Process(0, Batch(Input, Row(0, 1)), output);
        op.ProcessWatermark(9, output);
        op.Process(0, Batch(Input, Row(10, 2)), output);
        op.ProcessWatermark(long.MaxValue, output);
        Assert.Equal([[0L, 20L, 2L]], output.TakeRows());
    }

    /// <summary>The batch plan's result: the session window operator, then the hash aggregate.</summary>
    private List<object?[]> Reference(long gap, List<object?[]> rows)
    {
        var sessions = new CollectingOutput();
        using (var assign = new SessionWindowOperator(Input, [0, 1], 2, gap))
        {
            assign.Open(Context());
            assign.Process(0, Batch(Input, [.. rows]), sessions);
            assign.EndInput(0, sessions);
        }

        List<object?[]> assigned = sessions.TakeRows();
        var schema = new RowSchema([.. Input.Fields, new Field("window_start", SqlType.Timestamp.WithNullable(false)), new Field("window_end", SqlType.Timestamp.WithNullable(false)), new Field("window_time", SqlType.Timestamp.WithNullable(false))]);
        var aggregated = new CollectingOutput();
        using (var aggregate = new HashAggregateOperator(schema, [0, 8, 1, 9, 10], Calls))
        {
            aggregate.Open(Context());
            aggregate.Process(0, Batch(schema, [.. assigned]), aggregated);
            aggregate.EndInput(0, aggregated);
        }

        return aggregated.TakeRows();
    }

    private static object?[] RandomRow(Random random, long? time)
    {
        string?[] names = ["a", "b", "ü", null];
        string?[] strings = ["x", "y", "zz", "Ä", null];
        return
        [
            names[random.Next(names.Length)],
            random.Next(5) == 0 ? null : random.Next(1, 3),
            time,
            random.Next(6) == 0 ? null : (long)random.Next(-1_000, 1_000),
            random.Next(6) == 0 ? null : (Int128)random.Next(-100_000, 100_000),
            random.Next(4) == 0 ? null : random.Next(2) == 0,
            strings[random.Next(strings.Length)],
            random.Next(5) == 0 ? null : Math.Round(random.NextDouble() * 100, 2),
        ];
    }

    private static object?[] Row(long time, long value) => ["a", 1, time, value, (Int128)value, true, "s", 1.0];

    private IKeyedStateBackend Backend(string kind)
    {
        KeyGroupRange range = KeyGroupAssignment.RangeOf(0, 128, 1);
        return kind == "heap"
            ? new HeapKeyedStateBackend(range)
            : new RocksDbKeyedStateBackend(Path.Combine(Directory, "rocksdb-" + Guid.NewGuid().ToString("N")[..8]), range);
    }

    private OperatorContext Context(IKeyedStateBackend state, int batchRows = 65_536) =>
        new(Pool, new MemoryBudget(long.MaxValue), Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = batchRows };

    private static List<string> Sorted(IEnumerable<object?[]> rows) =>
        [.. rows.Select(r => string.Join(" | ", r.Select(v => v switch
        {
            null => "NULL",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }))).Order(StringComparer.Ordinal)];
}
