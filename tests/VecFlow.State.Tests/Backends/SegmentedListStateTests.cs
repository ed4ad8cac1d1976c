using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;

namespace VecFlow.State.Tests.Backends;

/// <summary>List state whose lists outgrow one segment: appends, rewrites, clears, TTL and restores against a dictionary.</summary>
public sealed class SegmentedListStateTests : StateTest
{
    private static readonly KeyGroupRange All = new(0, 127);

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Long_lists_match_a_dictionary_through_appends_rewrites_and_clears(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All, new StateBackendOptions { WriteCacheBytes = 16 * 1024 });
        IListState<string> state = backend.GetListState(new ListStateDescriptor<string>("l", StateSerializers.String));
        var reference = new Dictionary<(long, long), List<string>>();
        var random = new Random(11);
        for (int round = 0; round < 400; round++)
        {
            // Few keys, so lists grow to many segments; some batches alone exceed a segment.
            int n = random.Next(1, round % 7 == 0 ? 200 : 30);
            long[] ids = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(8))];
            long ns = random.Next(2);
            EncodedKeys keys = Keys(ids);
            switch (random.Next(10))
            {
                case < 6:
                    string[] values = [.. ids.Select(_ => Element(random))];
                    state.AddValues(keys, [ns], values);
                    for (int i = 0; i < n; i++)
                    {
                        reference.TryAdd((ids[i], ns), []);
                        reference[(ids[i], ns)].Add(values[i]);
                    }

                    break;
                case 6:
                    // Rewrite: keep a random part of each list (shrinking across segment boundaries), sometimes grow it.
                    long[] distinct = [.. ids.Distinct()];
                    var current = new IReadOnlyList<string>[distinct.Length];
                    state.GetLists(Keys(distinct), [ns], current);
                    var rewritten = new IReadOnlyList<string>[distinct.Length];
                    for (int i = 0; i < distinct.Length; i++)
                    {
                        List<string> kept = [.. current[i].Where(_ => random.Next(3) > 0)];
                        if (random.Next(4) == 0)
                        {
                            kept.AddRange(Enumerable.Range(0, random.Next(60)).Select(_ => Element(random)));
                        }

                        rewritten[i] = kept;
                        if (kept.Count == 0)
                        {
                            reference.Remove((distinct[i], ns));
                        }
                        else
                        {
                            reference[(distinct[i], ns)] = kept;
                        }
                    }

                    state.UpdateLists(Keys(distinct), [ns], rewritten);
                    break;
                case 7 when random.Next(4) == 0:
                    state.Clear(keys, [ns]);
                    for (int i = 0; i < n; i++)
                    {
                        reference.Remove((ids[i], ns));
                    }

                    break;
                default:
                    var lists = new IReadOnlyList<string>[n];
                    state.GetLists(keys, [ns], lists);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.Equal(reference.GetValueOrDefault((ids[i], ns)) ?? [], lists[i]);
                    }

                    break;
            }
        }

        Assert.Contains(reference.Values, list => list.Sum(e => e.Length) > 3 * ListState<string>.SegmentBytes);
        CheckAll(state, reference);
        Assert.Equal(reference.Keys.ToHashSet(), state.Keys(All).Select(k => (BitConverter.ToInt64(k.Key), k.Namespace)).ToHashSet());

        state.ClearNamespace(1);
        foreach ((long, long) gone in reference.Keys.Where(k => k.Item2 == 1).ToList())
        {
            reference.Remove(gone);
        }

        CheckAll(state, reference);
        Assert.Equal(reference.Keys.ToHashSet(), state.Keys(All).Select(k => (BitConverter.ToInt64(k.Key), k.Namespace)).ToHashSet());
    }

    [Fact]
    public void A_cleared_list_leaves_no_segment_behind()
    {
        using KeyedStateBackend backend = Create("rocksdb", All);
        IListState<string> state = backend.GetListState(new ListStateDescriptor<string>("l", StateSerializers.String));
        var random = new Random(5);
        for (int round = 0; round < 50; round++)
        {
            state.AddValues(Keys([1, 2]), [0], [Element(random), Element(random)]);
        }

        state.Clear(Keys([1]), [0]);
        state.UpdateLists(Keys([2]), [0], [Array.Empty<string>()]);
        var lists = new IReadOnlyList<string>[2];
        state.GetLists(Keys([1, 2]), [0], lists);
        Assert.All(lists, Assert.Empty);
        Assert.Empty(state.Keys(All));

        // A new list under the same key starts empty, not with the old list's segments.
        state.AddValues(Keys([1]), [0], ["x"]);
        state.GetLists(Keys([1]), [0], lists.AsSpan(0, 1));
        Assert.Equal(["x"], lists[0]);
    }

    [Theory]
    [InlineData("heap", "rocksdb")]
    [InlineData("rocksdb", "heap")]
    [InlineData("rocksdb", "rocksdb")]
    public void Segmented_lists_survive_a_snapshot_restored_at_another_parallelism(string from, string to)
    {
        var reference = new Dictionary<long, List<string>>();
        var random = new Random(3);
        var descriptor = new ListStateDescriptor<string>("l", StateSerializers.String);
        var snapshots = new List<string>();
        for (int subtask = 0; subtask < 2; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, 2);
            using KeyedStateBackend backend = Create(from, range, new StateBackendOptions { WriteCacheBytes = 8 * 1024 });
            IListState<string> state = backend.GetListState(descriptor);
            long[] ids = [.. Enumerable.Range(0, 40).Select(i => (long)i).Where(id => range.Contains(GroupOf(id)))];
            for (int round = 0; round < 60; round++)
            {
                long[] some = [.. ids.Where(_ => random.Next(2) == 0)];
                string[] values = [.. some.Select(_ => Element(random))];
                state.AddValues(Keys(some), [0], values);
                for (int i = 0; i < some.Length; i++)
                {
                    reference.TryAdd(some[i], []);
                    reference[some[i]].Add(values[i]);
                }
            }

            string dir = NewPath("snap");
            backend.Snapshot(dir);
            snapshots.Add(dir);
        }

        for (int subtask = 0; subtask < 3; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, 3);
            using KeyedStateBackend part = Restore(to, snapshots, range);
            IListState<string> state = part.GetListState(descriptor);
            long[] mine = [.. reference.Keys.Where(id => range.Contains(GroupOf(id)))];
            var lists = new IReadOnlyList<string>[mine.Length];
            state.GetLists(Keys(mine), [0], lists);
            for (int i = 0; i < mine.Length; i++)
            {
                Assert.Equal(reference[mine[i]], lists[i]);
            }

            Assert.Equal(mine.ToHashSet(), state.Keys(range).Select(k => BitConverter.ToInt64(k.Key)).ToHashSet());
        }
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void With_a_ttl_elements_expire_by_the_time_their_segment_was_written(string kind)
    {
        var clock = new ManualClock(1_000_000);
        using KeyedStateBackend backend = Create(kind, All, new StateBackendOptions { Clock = clock });
        IListState<string> state = backend.GetListState(new ListStateDescriptor<string>("l", StateSerializers.String, new StateTtl(TimeSpan.FromSeconds(10))));
        string big = new('a', ListState<string>.SegmentBytes);

        // Sealed at t0, then appended to (the head renewed) at t0 + 6 s.
        state.AddValues(Keys([1, 1]), [0], ["old", big]);
        clock.Advance(6_000);
        state.AddValues(Keys([1]), [0], ["new"]);
        var lists = new IReadOnlyList<string>[1];
        state.GetLists(Keys([1]), [0], lists);
        Assert.Equal(["old", big, "new"], lists[0]);

        // At t0 + 10 s the sealed segment expired, the head lives.
        clock.Advance(4_000);
        state.GetLists(Keys([1]), [0], lists);
        Assert.Equal(["new"], lists[0]);

        // The read deleted the expired segment: the head is the list's only entry left.
        Assert.Equal(1, backend.CountEntries("l"));
        Assert.Equal(0, state.PurgeExpired());

        clock.Advance(6_000);
        state.GetLists(Keys([1]), [0], lists);
        Assert.Empty(lists[0]);
        Assert.Empty(state.Keys(All));
    }

    /// <summary>Elements of 0 to 400 bytes: a few hundred of them fill a segment.</summary>
    private static string Element(Random random) => new((char)('a' + random.Next(26)), random.Next(0, 400));

    private static void CheckAll(IListState<string> state, Dictionary<(long, long), List<string>> reference)
    {
        foreach (long ns in new long[] { 0, 1 })
        {
            long[] ids = [.. Enumerable.Range(0, 8).Select(i => (long)i)];
            var lists = new IReadOnlyList<string>[ids.Length];
            state.GetLists(Keys(ids), [ns], lists);
            for (int i = 0; i < ids.Length; i++)
            {
                Assert.Equal(reference.GetValueOrDefault((ids[i], ns)) ?? [], lists[i]);
            }
        }
    }
}
