using System.Globalization;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>The streaming window aggregate against the batch plan (window table function + hash aggregate) over the same rows.</summary>
public sealed class StreamWindowAggregateOperatorTests : EngineTest
{
    private const int Arrival = 8;
    private const int Id = 9;

    private static readonly RowSchema Input = new([
        new Field("k", SqlType.Varchar),
        new Field("g", SqlType.Int),
        new Field("ts", SqlType.Timestamp),
        new Field("v", SqlType.BigInt),
        new Field("d", SqlType.Decimal(10, 2)),
        new Field("f", SqlType.Boolean),
        new Field("s", SqlType.Varchar),
        new Field("x", SqlType.Double),
        new Field("arrival", SqlType.BigInt), // the watermark when the row arrived; the operator does not read it
        new Field("id", SqlType.BigInt),
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
        new(AggregateFunction.Count, 3, true, null, SqlType.BigInt.WithNullable(false), "distinct_v"),
        new(AggregateFunction.Sum, 3, false, 5, SqlType.BigInt, "sum_v_if_f"),
        new(AggregateFunction.Min, 4, false, null, SqlType.Decimal(10, 2), "min_d"),
        new(AggregateFunction.Max, 1, false, null, SqlType.Int, "max_g"),
        new(AggregateFunction.Sum, 1, false, null, SqlType.Int, "sum_g"),
        new(AggregateFunction.Count, 6, true, 5, SqlType.BigInt.WithNullable(false), "distinct_s_if_f"),
    ];

    public StreamWindowAggregateOperatorTests() => Pool.TrackRentSites = false;

    public static TheoryData<string, string, long, long, long> Windows()
    {
        var data = new TheoryData<string, string, long, long, long>();
        foreach (string backend in new[] { "heap", "rocksdb" })
        {
            data.Add(backend, "tumble", 10_000, 10_000, 0);
            data.Add(backend, "tumble", 7_000, 7_000, 3_000);
            data.Add(backend, "hop", 10_000, 2_500, 0);
            data.Add(backend, "hop", 9_000, 4_000, -2_000);
            data.Add(backend, "hop", 3_000, 10_000, 0);
            data.Add(backend, "cumulate", 12_000, 3_000, 0);
            data.Add(backend, "cumulate", 5_000, 1_000, 400);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Output_equals_the_batch_plan_over_the_rows_that_were_not_late(string backend, string kind, long size, long step, long offset)
    {
        WindowTableFunction window = Window(kind, size, step, offset);
        StreamWindowKey[] keys =
        [
            StreamWindowKey.Of(0, Input[0]),
            StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
            StreamWindowKey.Of(1, Input[1]),
            StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
            StreamWindowKey.Of(StreamWindowProperty.WindowTime, new Field("window_time", SqlType.Timestamp.WithNullable(false))),
        ];
        Check(backend, window, keys, [0, 10, 1, 11, 12], Calls, seed: (int)(size + step + offset) ^ kind.Length);
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void A_window_aggregate_without_plain_keys_is_one_row_per_window(string backend)
    {
        StreamWindowKey[] keys =
        [
            StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
            StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
        ];
        Check(backend, Window("hop", 6_000, 2_000, 0), keys, [11, 10], Calls, seed: 11);
    }

    [Fact]
    public void A_retraction_in_the_input_is_an_error()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamWindowAggregateOperator(Input, Window("tumble", 1_000, 1_000, 0), [StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp)), StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp))], Calls);
        op.Open(Context(state));
        ColumnBatch rows = Batch(Input, Row(1, 10), Row(2, 20));
        ColumnBatch changelog;
        using (rows)
        {
            changelog = new ColumnBatch(rows.Names, [.. rows.Columns.Select(c => c.Share())], rows.Length, null, ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [(sbyte)RowKind.Insert, (sbyte)RowKind.UpdateBefore], Pool));
        }

        var error = Assert.Throws<InvalidOperationException>(() => op.Process(0, changelog, new CollectingOutput()));
        Assert.Contains("window aggregates need an append-only input", error.Message, StringComparison.Ordinal);
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_fire_only_when_the_watermark_passes_their_end_and_the_final_watermark_flushes_all()
    {
        using IKeyedStateBackend state = Backend("heap");
        StreamWindowKey[] keys =
        [
            StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
            StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
        ];
        using var op = new StreamWindowAggregateOperator(Input, Window("tumble", 1_000, 1_000, 0), keys, [Calls[0]]);
        OperatorContext context = Context(state);
        op.Open(context);
        var output = new CollectingOutput();
        op.Process(0, Batch(Input, Row(100, 1), Row(999, 2), Row(1_000, 3), Row(2_500, 4)), output);
        op.ProcessWatermark(998, output);
        Assert.Empty(output.TakeRows());
        op.ProcessWatermark(999, output);
        Assert.Equal([[0L, 1_000L, 2L]], output.TakeRows());

        // 998 is late now (its only window fired): dropped and counted; 1_999 still counts.
        op.Process(0, Batch(Input, Row(998, 5), Row(1_999, 6)), output);
        Assert.Equal(1, context.Metrics.DroppedRows);
        op.ProcessWatermark(long.MaxValue, output);
        Assert.Equal([[1_000L, 2_000L, 2L], [2_000L, 3_000L, 1L]], [.. output.TakeRows().OrderBy(r => (long)r[0]!)]);
        Assert.Equal(0, state.Timers.Count(State.Timers.TimeDomain.EventTime));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Processing_time_windows_fire_on_the_clock_ignore_watermarks_and_take_rows_of_fired_windows_into_the_open_one(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        StreamWindowKey[] keys =
        [
            StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
            StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
        ];
        using var op = new StreamWindowAggregateOperator(Input, Window("tumble", 1_000, 1_000, 0), keys, [Calls[0]]) { ProcessingTime = true };
        OperatorContext context = Context(state);
        op.Open(context);
        var output = new CollectingOutput();
        op.Process(0, Batch(Input, Row(100, 1), Row(999, 2), Row(1_000, 3)), output);
        op.ProcessWatermark(5_000, output);
        Assert.Empty(output.TakeRows());
        op.AdvanceProcessingTime(998, output);
        Assert.Empty(output.TakeRows());
        op.AdvanceProcessingTime(1_200, output);
        Assert.Equal([[0L, 1_000L, 2L]], output.TakeRows());

        // Stamped 900 before the first window fired, the row arrives after: it counts in the window open now.
        op.Process(0, Batch(Input, Row(900, 4)), output);
        Assert.Equal(0, context.Metrics.DroppedRows);
        op.AdvanceProcessingTime(1_999, output);
        Assert.Equal([[1_000L, 2_000L, 2L]], output.TakeRows());
        Assert.Equal(0, state.Timers.Count(State.Timers.TimeDomain.ProcessingTime));

        // The end of bounded input fires what is left.
        op.Process(0, Batch(Input, Row(7_000, 5)), output);
        op.ProcessWatermark(long.MaxValue, output);
        Assert.Equal([[7_000L, 8_000L, 1L]], output.TakeRows());
    }

    private void Check(string backend, WindowTableFunction window, StreamWindowKey[] keys, int[] referenceKeys, AggregateCall[] calls, int seed)
    {
        var random = new Random(seed);
        long bound = window.SizeMillis * 7 / 10;
        long clock = 1_700_000_000_000L + random.Next(0, 100_000);
        long watermark = long.MinValue;
        long maxSeen = long.MinValue;
        var all = new List<object?[]>();
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamWindowAggregateOperator(Input, window, keys, calls);
        OperatorContext context = Context(state, batchRows: 37);
        op.Open(context);
        var output = new CollectingOutput();
        var streamed = new List<object?[]>();
        int windowEndColumn = Array.FindIndex(keys, k => k.Property == StreamWindowProperty.WindowEnd);
        for (int b = 0; b < 60; b++)
        {
            int n = random.Next(0, 40);
            var rows = new List<object?[]>(n);
            for (int i = 0; i < n; i++)
            {
                clock += random.Next(0, (int)Math.Max(2, window.SizeMillis / 25));
                long time = clock - random.NextInt64(0, bound + 1);
                if (watermark != long.MinValue && random.Next(20) == 0)
                {
                    time = watermark - random.NextInt64(0, 3 * window.SizeMillis);
                }

                object?[] row = RandomRow(random, random.Next(30) == 0 ? null : time, watermark, all.Count);
                maxSeen = Math.Max(maxSeen, time);
                rows.Add(row);
                all.Add(row);
            }

            op.Process(0, Batch(Input, [.. rows]), output);
            Assert.Equal(0, output.BatchCount);
            if (maxSeen != long.MinValue && random.Next(10) < 7 && maxSeen - bound > watermark)
            {
                long previous = watermark;
                watermark = maxSeen - bound;
                op.ProcessWatermark(watermark, output);
                List<object?[]> fired = output.TakeRows();
                Assert.All(fired, r => Assert.InRange((long)r[windowEndColumn]! - 1, previous + 1, watermark));
                streamed.AddRange(fired);
            }
        }

        op.ProcessWatermark(long.MaxValue, output);
        streamed.AddRange(output.TakeRows());

        (List<object?[]> expected, long dropped) = Reference(window, referenceKeys, calls, all);
        Assert.NotEmpty(expected);
        Assert.True(dropped > 0, "the data should hold late rows");
        Assert.Equal(Sorted(expected), Sorted(streamed));
        Assert.Equal(dropped, context.Metrics.DroppedRows);
        Assert.Equal(0, state.Timers.Count(State.Timers.TimeDomain.EventTime));
    }

    /// <summary>The batch plan's result over the rows as each arrived: a row counts in the windows that had not fired when it came.</summary>
    private (List<object?[]> Rows, long Dropped) Reference(WindowTableFunction window, int[] keys, AggregateCall[] calls, List<object?[]> rows)
    {
        var windowed = new CollectingOutput();
        using (var assign = new WindowTableFunctionOperator(Input, window))
        {
            assign.Open(Context());
            assign.Process(0, Batch(Input, [.. rows]), windowed);
        }

        List<object?[]> assigned = windowed.TakeRows();
        var counted = assigned.Where(r => (long)r[Input.Count + 1]! - 1 > (long)r[Arrival]!).ToList();
        var windowedIds = assigned.Select(r => (long)r[Id]!).ToHashSet();
        var countedIds = counted.Select(r => (long)r[Id]!).ToHashSet();
        long dropped = rows.Count(r => r[2] is null) + windowedIds.Count(id => !countedIds.Contains(id));

        var schema = new RowSchema([.. Input.Fields, new Field("window_start", SqlType.Timestamp.WithNullable(false)), new Field("window_end", SqlType.Timestamp.WithNullable(false)), new Field("window_time", SqlType.Timestamp.WithNullable(false))]);
        var aggregated = new CollectingOutput();
        using (var aggregate = new HashAggregateOperator(schema, keys, calls))
        {
            aggregate.Open(Context());
            if (counted.Count > 0)
            {
                aggregate.Process(0, Batch(schema, [.. counted]), aggregated);
            }

            aggregate.EndInput(0, aggregated);
        }

        return (aggregated.TakeRows(), dropped);
    }

    private static object?[] RandomRow(Random random, long? time, long watermark, long id)
    {
        string?[] names = ["a", "b", "ü", "long key value", null];
        string?[] strings = ["x", "y", "zz", "Ä", "\U0001F600", null];
        return
        [
            names[random.Next(names.Length)],
            random.Next(5) == 0 ? null : random.Next(1, 4),
            time,
            random.Next(6) == 0 ? null : (long)random.Next(-1_000, 1_000),
            random.Next(6) == 0 ? null : (Int128)random.Next(-100_000, 100_000),
            random.Next(4) == 0 ? null : random.Next(2) == 0,
            strings[random.Next(strings.Length)],
            random.Next(5) == 0 ? null : Math.Round(random.NextDouble() * 100, 2),
            watermark,
            id,
        ];
    }

    private static object?[] Row(long time, long value) => ["a", 1, time, value, (Int128)value, true, "s", 1.0, 0L, value];

    private static WindowTableFunction Window(string kind, long size, long step, long offset) => kind switch
    {
        "tumble" => WindowTableFunction.Tumble(2, size, offset),
        "hop" => WindowTableFunction.Hop(2, step, size, offset),
        _ => WindowTableFunction.Cumulate(2, step, size, offset),
    };

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
