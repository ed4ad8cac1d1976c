using VecFlow.Engine.Operators;
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

/// <summary>Window operators free their state when windows fire: over many windows the keyed state holds only what the open windows need.</summary>
public sealed class WindowStateCleanupTests : EngineTest
{
    private const long Slide = 2_000;
    private const long Size = 10_000;
    private const int KeyCount = 50;

    private static readonly RowSchema Input = new([new Field("k", SqlType.BigInt), new Field("ts", SqlType.Timestamp)]);

    private static readonly AggregateCall[] Count =
    [
        new(AggregateFunction.CountStar, null, false, null, SqlType.BigInt.WithNullable(false), "num"),
    ];

    public WindowStateCleanupTests() => Pool.TrackRentSites = false;

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Hop_aggregate_state_stays_at_the_open_windows_slices_and_empties_at_the_end(string kind)
    {
        using IKeyedStateBackend backend = Backend(kind);
        var keyed = (KeyedStateBackend)backend;
        using var aggregate = new StreamWindowAggregateOperator(Input, WindowTableFunction.Hop(1, Slide, Size, 0), Keys(), Count);
        aggregate.Open(Context(backend));
        var output = new CollectingOutput();
        var expected = new Dictionary<(long Key, long End), long>();
        var random = new Random(5);
        long peakSlices = 0;
        long peakTimers = 0;

        // 200 slices of event time, the watermark one slice behind the rows: ~1000 windows fire during the run.
        for (long slice = 0; slice < 200; slice++)
        {
            var rows = new List<object?[]>();
            for (int r = 0; r < 40; r++)
            {
                long key = random.Next(KeyCount);
                long time = (slice * Slide) + random.Next((int)Slide);
                rows.Add([key, time]);
                for (long end = (time / Slide * Slide) + Slide; end <= (time / Slide * Slide) + Size; end += Slide)
                {
                    expected[(key, end)] = expected.GetValueOrDefault((key, end)) + 1;
                }
            }

            aggregate.Process(0, Batch(Input, [.. rows]), output);
            aggregate.ProcessWatermark((slice * Slide) - 1, output);
            peakSlices = Math.Max(peakSlices, keyed.CountEntries("window-accumulators"));
            peakTimers = Math.Max(peakTimers, backend.Timers.Count(TimeDomain.EventTime));
        }

        // Open windows hold at most the last two slices before the watermark plus the newest slice, for every key;
        // each key has timers only for the windows of those slices that have not fired (at most Size / Slide + 1 each).
        Assert.InRange(peakSlices, 1, KeyCount * 3);
        Assert.InRange(peakTimers, 1, KeyCount * ((Size / Slide) + 2));

        aggregate.ProcessWatermark(long.MaxValue, output);
        Assert.Equal(0, keyed.CountEntries("window-accumulators"));
        Assert.Equal(0, backend.Timers.Count(TimeDomain.EventTime));
        var actual = output.TakeRows().ToDictionary(r => ((long)r[0]!, (long)r[2]!), r => (long)r[4]!);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), actual.OrderBy(e => e.Key).ToList());
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void End_of_input_fires_more_windows_than_one_step_takes_and_leaves_no_state(string kind)
    {
        using IKeyedStateBackend backend = Backend(kind);
        var keyed = (KeyedStateBackend)backend;
        using var aggregate = new StreamWindowAggregateOperator(Input, WindowTableFunction.Hop(1, Slide, Size, 0), Keys(), Count);
        aggregate.Open(Context(backend));
        var output = new CollectingOutput();

        // 9000 keys in one slice: one timer per (key, slice), more than one firing step's 8192, and 45000 (key, window)
        // results, each key's five windows fired by one run that reads the slice once.
        object?[][] rows = [.. Enumerable.Range(0, 18_000).Select(i => new object?[] { (long)(i % 9_000), 500L })];
        aggregate.Process(0, Batch(Input, rows), output);
        Assert.Equal(9_000, backend.Timers.Count(TimeDomain.EventTime));
        aggregate.ProcessWatermark(long.MaxValue, output);

        List<object?[]> emitted = output.TakeRows();
        Assert.Equal(45_000, emitted.Count);
        Assert.All(emitted, r => Assert.Equal(2L, r[4]));
        Assert.Equal(45_000, emitted.Select(r => ((long)r[0]!, (long)r[2]!)).Distinct().Count());
        Assert.Equal(0, keyed.CountEntries("window-accumulators"));
        Assert.Equal(0, backend.Timers.Count(TimeDomain.EventTime));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Keys_with_two_slices_fire_each_window_once_when_their_timers_fall_in_different_steps(string kind)
    {
        using IKeyedStateBackend backend = Backend(kind);
        var keyed = (KeyedStateBackend)backend;
        using var aggregate = new StreamWindowAggregateOperator(Input, WindowTableFunction.Hop(1, Slide, Size, 0), Keys(), Count);
        aggregate.Open(Context(backend));
        var output = new CollectingOutput();

        // 5000 keys with a row in each of two adjacent slices: 10000 timers, so the firing step of 8192 holds both timers of
        // some keys and only the first of the others. The run from a key's first window (2000) covers the second slice's
        // first window (4000); that slice's timer must not fire it again (in the same step or the next) while the slices
        // are still in state: the watermark stops at 5999 (windows up to 6000 fire), and the end of input fires the rest.
        object?[][] rows = [.. Enumerable.Range(0, 5_000).SelectMany(k => new[] { new object?[] { (long)k, 500L }, new object?[] { (long)k, 2_500L } })];
        aggregate.Process(0, Batch(Input, rows), output);
        Assert.Equal(10_000, backend.Timers.Count(TimeDomain.EventTime));
        aggregate.ProcessWatermark(5_999, output);
        List<object?[]> early = output.TakeRows();
        Assert.Equal(15_000, early.Count);
        aggregate.ProcessWatermark(long.MaxValue, output);

        List<object?[]> emitted = [.. early, .. output.TakeRows()];
        Assert.Equal(30_000, emitted.Count);
        var counts = emitted.ToDictionary(r => ((long)r[0]!, (long)r[2]!), r => (long)r[4]!);
        for (long k = 0; k < 5_000; k++)
        {
            for (long end = 2_000; end <= 12_000; end += Slide)
            {
                Assert.Equal(end is 2_000 or 12_000 ? 1L : 2L, counts[(k, end)]);
            }
        }

        Assert.Equal(0, keyed.CountEntries("window-accumulators"));
        Assert.Equal(0, backend.Timers.Count(TimeDomain.EventTime));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Window_join_clears_each_window_rows_when_it_fires(string kind)
    {
        // Both sides: (k, window_start, window_end); joined on all three.
        var side = new RowSchema([new Field("k", SqlType.BigInt), new Field("ws", SqlType.Timestamp), new Field("we", SqlType.Timestamp)]);
        using IKeyedStateBackend backend = Backend(kind);
        var keyed = (KeyedStateBackend)backend;
        using var join = new StreamWindowJoinOperator(JoinKind.Inner, side, side, [0, 1, 2], [0, 1, 2], null, 2, 2);
        join.Open(Context(backend));
        var output = new CollectingOutput();
        long expected = 0;
        for (long window = 0; window < 100; window++)
        {
            long start = window * Size;
            object?[][] rows = [.. Enumerable.Range(0, 20).Select(k => new object?[] { (long)k, start, start + Size })];
            join.Process(0, Batch(side, rows), output);
            join.Process(1, Batch(side, rows), output);
            expected += rows.Length;
            join.ProcessWatermark(start + Size - 1, output);
            Assert.Equal(0, keyed.CountEntries("window-join-left") + keyed.CountEntries("window-join-right"));
        }

        Assert.Equal(expected, output.TakeRows().Count);
        Assert.Equal(0, backend.Timers.Count(TimeDomain.EventTime));
    }

    private static StreamWindowKey[] Keys() =>
    [
        StreamWindowKey.Of(0, Input[0]),
        StreamWindowKey.Of(StreamWindowProperty.WindowStart, new Field("window_start", SqlType.Timestamp.WithNullable(false))),
        StreamWindowKey.Of(StreamWindowProperty.WindowEnd, new Field("window_end", SqlType.Timestamp.WithNullable(false))),
        StreamWindowKey.Of(StreamWindowProperty.WindowTime, new Field("window_time", SqlType.Timestamp.WithNullable(false))),
    ];

    private IKeyedStateBackend Backend(string kind)
    {
        KeyGroupRange range = KeyGroupAssignment.RangeOf(0, 128, 1);
        return kind == "heap"
            ? new HeapKeyedStateBackend(range)
            : new RocksDbKeyedStateBackend(Path.Combine(Directory, "rocksdb-" + Guid.NewGuid().ToString("N")[..8]), range, new StateBackendOptions { WriteCacheBytes = 64 << 10 });
    }

    private OperatorContext Context(IKeyedStateBackend state) =>
        new(Pool, new MemoryBudget(long.MaxValue), Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = 4_096 };
}
