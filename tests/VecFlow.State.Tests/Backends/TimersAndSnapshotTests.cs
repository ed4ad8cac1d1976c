using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Snapshots;
using VecFlow.State.Timers;

namespace VecFlow.State.Tests.Backends;

/// <summary>Timers, the write-back cache under pressure, and snapshot / restore across parallelism on both backends.</summary>
public sealed class TimersAndSnapshotTests : StateTest
{
    private static readonly KeyGroupRange All = new(0, 127);
    private static readonly ValueStateDescriptor<long> Counts = new("counts", StateSerializers.Int64);
    private static readonly ListStateDescriptor<string> Names = new("names", StateSerializers.String);

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Timers_fire_in_time_order_once_up_to_the_watermark(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All);
        TimerService timers = backend.Timers;
        var random = new Random(5);
        var expected = new HashSet<(long Time, long Id, long Ns)>();
        for (int round = 0; round < 20; round++)
        {
            long[] ids = [.. Enumerable.Range(0, 50).Select(_ => (long)random.Next(30))];
            long[] ns = [.. ids.Select(_ => (long)random.Next(2))];
            long[] times = [.. ids.Select(_ => (long)random.Next(-100, 1000))];
            timers.Register(TimeDomain.EventTime, Keys(ids), ns, times);
            for (int i = 0; i < ids.Length; i++)
            {
                expected.Add((times[i], ids[i], ns[i]));
            }
        }

        timers.Register(TimeDomain.ProcessingTime, Keys([1, 2]), [0], [50, 5]);
        var doomed = expected.Take(10).ToList();
        timers.Delete(TimeDomain.EventTime, Keys(doomed.Select(d => d.Id)), [.. doomed.Select(d => d.Ns)], [.. doomed.Select(d => d.Time)]);
        doomed.ForEach(d => expected.Remove(d));
        Assert.Equal(expected.Count, timers.Count(TimeDomain.EventTime));
        Assert.Equal(expected.Min(e => e.Time), timers.NextTime(TimeDomain.EventTime));

        IReadOnlyList<FiredTimer> first = timers.AdvanceWatermark(400);
        IReadOnlyList<FiredTimer> again = timers.AdvanceWatermark(400);
        IReadOnlyList<FiredTimer> rest = timers.AdvanceWatermark(long.MaxValue);
        Assert.Empty(again);
        Assert.Equal(expected.Where(e => e.Time <= 400).OrderBy(e => e.Time).Select(e => e.Time), first.Select(t => t.Time));
        Assert.Equal(expected.Where(e => e.Time > 400).OrderBy(e => e.Time).Select(e => e.Time), rest.Select(t => t.Time));
        Assert.Equal(expected, first.Concat(rest).Select(t => (t.Time, BitConverter.ToInt64(t.Key), t.Namespace)).ToHashSet());
        Assert.All(first, t => Assert.Equal(GroupOf(BitConverter.ToInt64(t.Key)), t.KeyGroup));

        Assert.Equal([5L], timers.AdvanceProcessingTime(10).Select(t => t.Time));
        Assert.Equal(1, timers.Count(TimeDomain.ProcessingTime));
    }

    [Fact]
    public void RocksDb_state_five_times_the_cache_reads_back_exactly()
    {
        const long cacheBytes = 64 * 1024;
        var backend = (RocksDbKeyedStateBackend)Create("rocksdb", All, new StateBackendOptions { WriteCacheBytes = cacheBytes });
        IValueState<string> state = backend.GetValueState(new ValueStateDescriptor<string>("big", StateSerializers.String));
        const int keys = 6000;
        long written = 0;
        for (int start = 0; start < keys; start += 500)
        {
            long[] ids = [.. Enumerable.Range(start, 500).Select(i => (long)i)];
            string[] values = [.. ids.Select(id => $"value-{id}-" + new string((char)('a' + (id % 26)), 40))];
            state.PutValues(Keys(ids), [id0(start)], values);
            written += values.Sum(v => v.Length + 20);
            Assert.True(backend.CachedBytes <= cacheBytes, $"the cache holds {backend.CachedBytes} bytes, over its {cacheBytes}");
        }

        Assert.True(written >= 5 * cacheBytes, $"only {written} bytes written");
        Assert.True(backend.CacheFlushes > 0);

        // Read back in a different order and batch size than written, twice (cold, then partly cached).
        for (int pass = 0; pass < 2; pass++)
        {
            for (int start = 0; start < keys; start += 777)
            {
                long[] ids = [.. Enumerable.Range(start, Math.Min(777, keys - start)).Reverse().Select(i => (long)i)];
                string[] got = new string[ids.Length];
                bool[] found = new bool[ids.Length];
                state.GetValues(Keys(ids), [.. ids.Select(id => id0((int)id / 500 * 500))], got, found);
                for (int i = 0; i < ids.Length; i++)
                {
                    Assert.True(found[i]);
                    Assert.Equal($"value-{ids[i]}-" + new string((char)('a' + (ids[i] % 26)), 40), got[i]);
                }
            }
        }

        Assert.Equal(keys, state.Keys(All).Count());
        static long id0(int start) => start / 1000;
    }

    [Theory]
    [InlineData("heap", "heap")]
    [InlineData("rocksdb", "rocksdb")]
    [InlineData("rocksdb", "heap")]
    [InlineData("heap", "rocksdb")]
    public void Snapshots_restore_at_another_parallelism_with_exactly_the_owned_keys(string from, string to)
    {
        // Parallelism 2 -> 1.
        var reference = new Dictionary<long, long>();
        var snapshots = new List<string>();
        for (int subtask = 0; subtask < 2; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, 2);
            using KeyedStateBackend backend = Create(from, range);
            long[] ids = [.. Enumerable.Range(0, 2000).Select(i => (long)i).Where(id => range.Contains(GroupOf(id)))];
            Fill(backend, ids, reference);
            string dir = NewPath("snap");
            SnapshotManifest manifest = backend.Snapshot(dir);
            Assert.Equal(range, manifest.KeyGroupRange);
            Assert.Contains(manifest.Tables, t => t.Name == "counts" && t.Kind == "Value" && t.Fingerprint == Counts.Fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            snapshots.Add(dir);
        }

        using (KeyedStateBackend one = Restore(to, snapshots, All))
        {
            // Snapshot before checking: the check fires (and so removes) the timers.
            string dir = NewPath("snap");
            one.Snapshot(dir);
            snapshots = [dir];
            Check(one, All, reference);
        }

        // Parallelism 1 -> 3.
        var seen = new HashSet<long>();
        for (int subtask = 0; subtask < 3; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, 3);
            using KeyedStateBackend part = Restore(to, snapshots, range);
            var mine = reference.Where(r => range.Contains(GroupOf(r.Key))).ToDictionary();
            Check(part, range, mine);
            seen.UnionWith(mine.Keys);
        }

        Assert.Equal(reference.Keys.ToHashSet(), seen);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void A_corrupt_snapshot_file_is_detected_with_a_clear_error(string kind)
    {
        string dir = NewPath("snap");
        using (KeyedStateBackend backend = Create(kind, All))
        {
            Fill(backend, [.. Enumerable.Range(0, 500).Select(i => (long)i)], []);
            backend.Snapshot(dir);
        }

        SnapshotManifest manifest = SnapshotManifest.Read(dir);
        SnapshotFile victim = manifest.Files.OrderByDescending(f => f.Size).First();
        string path = Path.Combine(dir, victim.Path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SnapshotCorruptException>(() => Restore(kind, [dir], All));
        Assert.Contains($"Snapshot file '{victim.Path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(dir, SnapshotManifest.FileName));
        var incomplete = Assert.Throws<SnapshotCorruptException>(() => Restore(kind, [dir], All));
        Assert.Contains("not a complete snapshot", incomplete.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Restored_state_with_another_layout_is_refused_by_name(string kind)
    {
        string dir = NewPath("snap");
        using (KeyedStateBackend backend = Create(kind, All))
        {
            Fill(backend, [1, 2, 3], []);
            backend.Snapshot(dir);
        }

        using KeyedStateBackend restored = Restore(kind, [dir], All);
        Assert.Equal(["counts", "names"], restored.UnclaimedRestoredStates.Order(StringComparer.Ordinal));
        var error = Assert.Throws<StateMismatchException>(() => restored.GetValueState(new ValueStateDescriptor<string>("counts", StateSerializers.String)));
        Assert.Contains("State 'counts' was restored as Value BIGINT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Restored_state_of_another_usage_version_is_refused(string kind)
    {
        string dir = NewPath("snap");
        using (KeyedStateBackend backend = Create(kind, All))
        {
            Fill(backend, [1, 2, 3], []);
            backend.Snapshot(dir);
        }

        using KeyedStateBackend restored = Restore(kind, [dir], All);
        // Same name, same values, but the operator now uses the state differently (its timers, say).
        var error = Assert.Throws<StateMismatchException>(() => restored.GetValueState(new ValueStateDescriptor<long>("counts", StateSerializers.Int64, usageVersion: 1)));
        Assert.Contains("cannot be read with the new layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_RocksDb_snapshot_of_exactly_the_range_restores_as_a_database_of_its_own()
    {
        // Same parallelism: each subtask's snapshot becomes its restored database (files linked, not entries copied).
        KeyGroupRange range = KeyGroupAssignment.RangeOf(1, 128, 2);
        long[] ids = [.. Enumerable.Range(0, 3000).Select(i => (long)i).Where(id => range.Contains(GroupOf(id)))];
        var reference = new Dictionary<long, long>();
        string first = NewPath("snap");
        using (KeyedStateBackend backend = Create("rocksdb", range))
        {
            Fill(backend, ids[..(ids.Length / 2)], reference);
            backend.Snapshot(first);
        }

        string second = NewPath("snap");
        using (KeyedStateBackend restored = Restore("rocksdb", [first], range))
        {
            // The snapshot's SST files are the database's (a copy of entries would sit in the memtable, no SST yet); it
            // lives on without the snapshot it came from, and takes new state.
            Assert.NotEmpty(Directory.GetFiles(((RocksDbKeyedStateBackend)restored).WorkingDirectory, "*.sst"));
            Directory.Delete(first, recursive: true);
            Fill(restored, ids[(ids.Length / 2)..], reference);
            restored.Snapshot(second);
            Check(restored, range, reference);
        }

        using KeyedStateBackend again = Restore("rocksdb", [second], range);
        Check(again, range, reference);
    }

    private static void Fill(KeyedStateBackend backend, long[] ids, Dictionary<long, long> reference)
    {
        IValueState<long> counts = backend.GetValueState(Counts);
        IListState<string> names = backend.GetListState(Names);
        EncodedKeys keys = Keys(ids);
        long[] values = [.. ids.Select(id => id * 7)];
        counts.PutValues(keys, [3], values);
        names.AddValues(keys, [.. ids.Select(id => id % 4)], [.. ids.Select(id => "n" + id)]);
        backend.Timers.Register(TimeDomain.EventTime, keys, [0], [.. ids.Select(id => 10_000 + id)]);
        foreach (long id in ids)
        {
            reference[id] = id * 7;
        }
    }

    private static void Check(KeyedStateBackend backend, KeyGroupRange range, Dictionary<long, long> expected)
    {
        IValueState<long> counts = backend.GetValueState(Counts);
        IListState<string> names = backend.GetListState(Names);
        Assert.Equal(expected.Keys.ToHashSet(), counts.Keys(All).Select(k => BitConverter.ToInt64(k.Key)).ToHashSet());
        Assert.Equal(expected.Keys.ToHashSet(), names.Keys(All).Select(k => BitConverter.ToInt64(k.Key)).ToHashSet());
        long[] ids = [.. expected.Keys];
        long[] got = new long[ids.Length];
        bool[] found = new bool[ids.Length];
        counts.GetValues(Keys(ids), [3], got, found);
        Assert.All(found, Assert.True);
        Assert.Equal(ids.Select(id => expected[id]), got);
        var lists = new IReadOnlyList<string>[ids.Length];
        names.GetLists(Keys(ids), [.. ids.Select(id => id % 4)], lists);
        Assert.Equal(ids.Select(id => "n" + id), lists.Select(l => Assert.Single(l)));

        IReadOnlyList<FiredTimer> fired = backend.Timers.AdvanceWatermark(long.MaxValue);
        Assert.Equal(ids.Select(id => 10_000 + id).Order(), fired.Select(t => t.Time));
        Assert.All(fired, t => Assert.True(range.Contains(t.KeyGroup)));
    }
}
