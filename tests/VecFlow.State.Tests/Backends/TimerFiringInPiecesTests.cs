using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.State.Timers;

namespace VecFlow.State.Tests.Backends;

/// <summary>Timers fired with a limit: the earliest ones first, the rest on later calls, and the scan start hint never skips a timer.</summary>
public sealed class TimerFiringInPiecesTests : StateTest
{
    private static readonly KeyGroupRange All = new(0, 127);

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Firing_with_a_limit_fires_exactly_the_earliest_timers_and_the_rest_on_later_calls(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All);
        TimerService timers = backend.Timers;
        List<(long Time, long Id)> expected = RegisterRandom(timers, seed: 11, count: 500, maxTime: 300);
        var pending = expected.Where(e => e.Time <= 200).OrderBy(e => e.Time).ToList();

        var all = new List<FiredTimer>();
        const int limit = 37;
        while (true)
        {
            IReadOnlyList<FiredTimer> piece = timers.AdvanceWatermark(200, limit);
            Assert.True(piece.Count <= limit);

            // Exactly the earliest `limit` timers still pending, in time order.
            Assert.Equal(pending.Take(limit).Select(e => e.Time), piece.Select(t => t.Time));
            if (piece.Count > 0)
            {
                // Below the piece's last time every pending timer fired (ties at the last time may split across pieces).
                long last = piece[^1].Time;
                Assert.Equal(
                    pending.Where(e => e.Time < last).Select(e => e.Id).Order(),
                    piece.Where(t => t.Time < last).Select(t => BitConverter.ToInt64(t.Key)).Order());
            }

            var firedNow = piece.Select(t => (t.Time, BitConverter.ToInt64(t.Key))).ToHashSet();
            Assert.Equal(piece.Count, pending.RemoveAll(firedNow.Contains));
            all.AddRange(piece);
            if (piece.Count < limit)
            {
                break;
            }
        }

        Assert.Empty(pending);
        Assert.Equal(expected.Where(e => e.Time <= 200).ToHashSet(), all.Select(t => (t.Time, BitConverter.ToInt64(t.Key))).ToHashSet());
        Assert.Empty(timers.AdvanceWatermark(200, limit));
        Assert.Equal(expected.Count(e => e.Time > 200), timers.Count(TimeDomain.EventTime));
        Assert.Equal(expected.Where(e => e.Time > 200).Min(e => e.Time), timers.NextTime(TimeDomain.EventTime));
        Assert.Equal(expected.Where(e => e.Time > 200).OrderBy(e => e.Time).Select(e => e.Time), timers.AdvanceWatermark(long.MaxValue, 1000).Select(t => t.Time));
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void A_timer_registered_below_where_a_partial_firing_stopped_still_fires(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All);
        TimerService timers = backend.Timers;
        long[] ids = [.. Enumerable.Range(0, 40).Select(i => (long)i)];
        timers.Register(TimeDomain.EventTime, Keys(ids), [0], [.. ids.Select(id => 100 + id)]);

        IReadOnlyList<FiredTimer> first = timers.AdvanceWatermark(1000, 10);
        Assert.Equal(Enumerable.Range(100, 10).Select(t => (long)t), first.Select(t => t.Time));

        // Below the resume point: an earlier time than any fired one, and the last fired time under a new key.
        timers.Register(TimeDomain.EventTime, Keys([500]), [0], [50]);
        timers.Register(TimeDomain.EventTime, Keys([501, 502]), [7], [109]);
        Assert.Equal(50, timers.NextTime(TimeDomain.EventTime));

        IReadOnlyList<FiredTimer> second = timers.AdvanceWatermark(1000, 5);
        Assert.Equal([50L, 109, 109, 110, 111], second.Select(t => t.Time));
        Assert.Equal([500L, 501, 502], second.Take(3).Select(t => BitConverter.ToInt64(t.Key)).Order());

        IReadOnlyList<FiredTimer> rest = timers.AdvanceWatermark(1000, 1000);
        Assert.Equal(Enumerable.Range(112, 28).Select(t => (long)t), rest.Select(t => t.Time));
        Assert.Equal(0, timers.Count(TimeDomain.EventTime));
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Firing_below_every_pending_timer_fires_nothing_until_an_earlier_one_is_registered(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All);
        TimerService timers = backend.Timers;
        timers.Register(TimeDomain.EventTime, Keys([1, 2]), [0], [100, 300]);
        Assert.Empty(timers.AdvanceWatermark(50));

        timers.Register(TimeDomain.EventTime, Keys([3]), [0], [10]);
        Assert.Equal([10L], timers.AdvanceWatermark(50).Select(t => t.Time));
        Assert.Equal([100L], timers.AdvanceWatermark(200).Select(t => t.Time));

        // Below the watermark already fired up to: still fired by the next firing.
        timers.Register(TimeDomain.EventTime, Keys([4, 5]), [0], [150, 40]);
        Assert.Equal([40L, 150], timers.AdvanceWatermark(200).Select(t => t.Time));
        Assert.Equal([300L], timers.AdvanceWatermark(long.MaxValue).Select(t => t.Time));
        timers.Register(TimeDomain.EventTime, Keys([6]), [0], [long.MinValue + 1]);
        Assert.Equal([long.MinValue + 1], timers.AdvanceWatermark(0).Select(t => t.Time));
        Assert.Equal(0, timers.Count(TimeDomain.EventTime));
    }

    [Fact]
    public void Watermarks_before_the_next_pending_timer_do_not_scan_the_timers()
    {
        // A scan of RocksDB first flushes the write-back cache; counting flushes shows whether a firing scanned.
        using var backend = (RocksDbKeyedStateBackend)Create("rocksdb", All);
        TimerService timers = backend.Timers;
        var values = backend.GetValueState(new VecFlow.State.Descriptors.ValueStateDescriptor<long>("v", VecFlow.State.Serialization.StateSerializers.Int64));
        timers.Register(TimeDomain.EventTime, Keys([1, 2]), [0], [1_000, 2_000]);
        Assert.Empty(timers.AdvanceWatermark(0));
        long flushes = backend.CacheFlushes;
        for (long watermark = 10; watermark < 1_000; watermark += 10)
        {
            values.PutValues(Keys([watermark]), [0], [watermark]);
            Assert.Empty(timers.AdvanceWatermark(watermark));
        }

        Assert.Equal(flushes, backend.CacheFlushes);
        Assert.Equal([1_000L], timers.AdvanceWatermark(1_500).Select(t => t.Time));

        // An earlier timer registered meanwhile is still due at once.
        timers.Register(TimeDomain.EventTime, Keys([3]), [0], [1_600]);
        Assert.Empty(timers.AdvanceWatermark(1_599));
        Assert.Equal([1_600L, 2_000], timers.AdvanceWatermark(2_000).Select(t => t.Time));
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Clearing_a_domain_removes_its_timers_only_and_a_list_state_clears_whole(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All);
        TimerService timers = backend.Timers;
        RegisterRandom(timers, seed: 2, count: 200, maxTime: 100);
        timers.Register(TimeDomain.ProcessingTime, Keys([1]), [0], [5]);
        Assert.Equal(10, timers.AdvanceWatermark(100, 10).Count);
        var rows = backend.GetListState(new VecFlow.State.Descriptors.ListStateDescriptor<long>("rows", VecFlow.State.Serialization.StateSerializers.Int64));
        rows.AddValues(Keys([.. Enumerable.Range(0, 50).Select(i => (long)i)]), [0], [.. Enumerable.Range(0, 50).Select(i => (long)i)]);

        timers.Clear(TimeDomain.EventTime);
        rows.ClearAll();

        Assert.Equal(0, timers.Count(TimeDomain.EventTime));
        Assert.Null(timers.NextTime(TimeDomain.EventTime));
        Assert.Empty(timers.AdvanceWatermark(long.MaxValue));
        Assert.Equal(0, backend.CountEntries("rows"));
        Assert.Equal([5L], timers.AdvanceProcessingTime(10).Select(t => t.Time));
        timers.Register(TimeDomain.EventTime, Keys([3]), [0], [-1]);
        Assert.Equal([-1L], timers.AdvanceWatermark(0).Select(t => t.Time));
    }

    [Theory]
    [InlineData("heap", "heap")]
    [InlineData("rocksdb", "rocksdb")]
    [InlineData("rocksdb", "heap")]
    [InlineData("heap", "rocksdb")]
    public void The_scan_hint_never_skips_a_timer_across_a_checkpoint_and_restore(string from, string to)
    {
        List<(long Time, long Id)> expected;
        var firedBefore = new List<(long Time, long Id)>();
        string snapshot = NewPath("snap");
        using (KeyedStateBackend backend = Create(from, All))
        {
            TimerService timers = backend.Timers;
            expected = RegisterRandom(timers, seed: 3, count: 300, maxTime: 1000);
            firedBefore.AddRange(timers.AdvanceWatermark(400, 25).Select(t => (t.Time, BitConverter.ToInt64(t.Key))));
            Assert.Equal(25, firedBefore.Count);

            // A registration below the hint after the partial firing, then the checkpoint.
            timers.Register(TimeDomain.EventTime, Keys([9999]), [0], [-5]);
            expected.Add((-5, 9999));
            backend.Snapshot(snapshot);

            // Firing on after the snapshot must not change what the snapshot holds.
            Assert.NotEmpty(timers.AdvanceWatermark(long.MaxValue, 50));
        }

        var remaining = expected.Except(firedBefore).ToList();
        using KeyedStateBackend restored = Restore(to, [snapshot], All);
        Assert.Equal(remaining.Count, restored.Timers.Count(TimeDomain.EventTime));
        var after = new List<FiredTimer>();
        IReadOnlyList<FiredTimer> piece;
        do
        {
            piece = restored.Timers.AdvanceWatermark(long.MaxValue, 40);
            after.AddRange(piece);
        }
        while (piece.Count == 40);

        Assert.Equal(remaining.OrderBy(e => e.Time).Select(e => e.Time), after.Select(t => t.Time));
        Assert.Equal(remaining.ToHashSet(), after.Select(t => (t.Time, BitConverter.ToInt64(t.Key))).ToHashSet());
    }

    /// <summary>Registers <paramref name="count"/> distinct (time, key) timers in namespace 0 in a few batches.</summary>
    private static List<(long Time, long Id)> RegisterRandom(TimerService timers, int seed, int count, int maxTime)
    {
        var random = new Random(seed);
        var expected = new List<(long Time, long Id)>();
        for (int id = 0; id < count; id++)
        {
            expected.Add((random.Next(maxTime), id));
        }

        foreach ((long Time, long Id)[] chunk in expected.Chunk(64))
        {
            timers.Register(TimeDomain.EventTime, Keys(chunk.Select(c => c.Id)), [0], [.. chunk.Select(c => c.Time)]);
        }

        return expected;
    }
}
