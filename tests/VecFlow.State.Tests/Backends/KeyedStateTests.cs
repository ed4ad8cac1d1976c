using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;

namespace VecFlow.State.Tests.Backends;

/// <summary>Every handle kind on both backends against a dictionary reference, over random batched operations.</summary>
public sealed class KeyedStateTests : StateTest
{
    private static readonly KeyGroupRange All = new(0, 127);

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Value_state_matches_a_dictionary(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All, new StateBackendOptions { WriteCacheBytes = 8 * 1024 });
        IValueState<string> state = backend.GetValueState(new ValueStateDescriptor<string>("v", StateSerializers.String));
        var reference = new Dictionary<(long, long), string>();
        var random = new Random(1);
        for (int round = 0; round < 200; round++)
        {
            int n = random.Next(0, 64);
            long[] ids = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(300))];
            long[] namespaces = [.. ids.Select(_ => (long)random.Next(-2, 3))];
            EncodedKeys keys = Keys(ids);
            switch (random.Next(3))
            {
                case 0:
                    string[] values = [.. ids.Select(id => $"v{id}-{round}-{random.Next(1000)}")];
                    state.PutValues(keys, namespaces, values);
                    for (int i = 0; i < n; i++)
                    {
                        reference[(ids[i], namespaces[i])] = values[i];
                    }

                    break;
                case 1:
                    state.Clear(keys, namespaces);
                    for (int i = 0; i < n; i++)
                    {
                        reference.Remove((ids[i], namespaces[i]));
                    }

                    break;
                default:
                    string[] got = new string[n];
                    bool[] found = new bool[n];
                    state.GetValues(keys, namespaces, got, found);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.Equal(reference.TryGetValue((ids[i], namespaces[i]), out string? expected), found[i]);
                        Assert.Equal(expected, found[i] ? got[i] : null);
                    }

                    break;
            }
        }

        var listed = state.Keys(All).Select(k => (BitConverter.ToInt64(k.Key), k.Namespace)).ToHashSet();
        Assert.Equal(reference.Keys.ToHashSet(), listed);
        Assert.All(state.Keys(All), k => Assert.Equal(GroupOf(BitConverter.ToInt64(k.Key)), k.KeyGroup));

        state.ClearNamespace(1);
        Assert.Equal(reference.Keys.Where(k => k.Item2 != 1).ToHashSet(), state.Keys(All).Select(k => (BitConverter.ToInt64(k.Key), k.Namespace)).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void List_state_matches_a_dictionary(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All, new StateBackendOptions { WriteCacheBytes = 4 * 1024 });
        IListState<long> state = backend.GetListState(new ListStateDescriptor<long>("l", StateSerializers.Int64));
        var reference = new Dictionary<(long, long), List<long>>();
        var random = new Random(2);
        for (int round = 0; round < 200; round++)
        {
            int n = random.Next(1, 40);
            long[] ids = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(50))];
            long ns = random.Next(2);
            EncodedKeys keys = Keys(ids);
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    long[] values = [.. ids.Select(_ => random.NextInt64())];
                    state.AddValues(keys, [ns], values);
                    for (int i = 0; i < n; i++)
                    {
                        reference.TryAdd((ids[i], ns), []);
                        reference[(ids[i], ns)].Add(values[i]);
                    }

                    break;
                case 2:
                    state.Clear(keys, [ns]);
                    for (int i = 0; i < n; i++)
                    {
                        reference.Remove((ids[i], ns));
                    }

                    break;
                default:
                    var lists = new IReadOnlyList<long>[n];
                    state.GetLists(keys, [ns], lists);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.Equal(reference.GetValueOrDefault((ids[i], ns)) ?? [], lists[i]);
                    }

                    break;
            }
        }

        EncodedKeys one = Keys([7]);
        state.UpdateLists(one, [5], [new long[] { 1, 2, 3 }]);
        var read = new IReadOnlyList<long>[1];
        state.GetLists(one, [5], read);
        Assert.Equal([1L, 2, 3], read[0]);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Map_state_matches_a_dictionary(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All, new StateBackendOptions { WriteCacheBytes = 4 * 1024 });
        IMapState<string, long> state = backend.GetMapState(new MapStateDescriptor<string, long>("m", StateSerializers.String, StateSerializers.Int64));
        var reference = new Dictionary<(long, long), SortedDictionary<string, long>>();
        var random = new Random(3);
        for (int round = 0; round < 300; round++)
        {
            int n = random.Next(1, 30);
            long[] ids = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(40))];
            long[] namespaces = [.. ids.Select(_ => (long)random.Next(2))];
            string[] userKeys = [.. ids.Select(_ => "u" + random.Next(8))];
            EncodedKeys keys = Keys(ids);
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    long[] values = [.. ids.Select(_ => random.NextInt64())];
                    state.PutValues(keys, namespaces, userKeys, values);
                    for (int i = 0; i < n; i++)
                    {
                        reference.TryAdd((ids[i], namespaces[i]), new(StringComparer.Ordinal));
                        reference[(ids[i], namespaces[i])][userKeys[i]] = values[i];
                    }

                    break;
                case 2:
                    state.RemoveKeys(keys, namespaces, userKeys);
                    for (int i = 0; i < n; i++)
                    {
                        reference.GetValueOrDefault((ids[i], namespaces[i]))?.Remove(userKeys[i]);
                    }

                    break;
                case 3:
                    if (random.Next(4) == 0)
                    {
                        state.Clear(keys, namespaces);
                        for (int i = 0; i < n; i++)
                        {
                            reference.Remove((ids[i], namespaces[i]));
                        }
                    }

                    break;
                default:
                    long[] got = new long[n];
                    bool[] found = new bool[n];
                    state.GetValues(keys, namespaces, userKeys, got, found);
                    for (int i = 0; i < n; i++)
                    {
                        long expected = 0;
                        bool present = reference.TryGetValue((ids[i], namespaces[i]), out var map) && map.TryGetValue(userKeys[i], out expected);
                        Assert.Equal(present, found[i]);
                        Assert.Equal(expected, got[i]);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        var expectedEntries = reference.GetValueOrDefault((ids[i], namespaces[i]))?.ToList() ?? [];
                        var entries = state.Entries(keys, i, namespaces[i]);
                        Assert.Equal(expectedEntries.OrderBy(e => e.Key, StringComparer.Ordinal), entries.OrderBy(e => e.Key, StringComparer.Ordinal));
                    }

                    break;
            }
        }

        var live = reference.Where(r => r.Value.Count > 0).Select(r => r.Key).ToHashSet();
        Assert.Equal(live, state.Keys(All).Select(k => (BitConverter.ToInt64(k.Key), k.Namespace)).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Reducing_state_folds_repeated_keys_within_one_batch(string kind)
    {
        using KeyedStateBackend backend = Create(kind, All);
        IReducingState<Int128> state = backend.GetReducingState(new ReducingStateDescriptor<Int128>("sum", StateSerializers.Decimal, (a, b) => a + b));
        var reference = new Dictionary<(long, long), Int128>();
        var random = new Random(4);
        for (int round = 0; round < 100; round++)
        {
            int n = random.Next(1, 200);
            long[] ids = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(20))];
            long[] namespaces = [.. ids.Select(_ => (long)random.Next(3))];
            Int128[] values = [.. ids.Select(_ => (Int128)random.NextInt64() * 1000)];
            state.AddValues(Keys(ids), namespaces, values);
            for (int i = 0; i < n; i++)
            {
                reference[(ids[i], namespaces[i])] = reference.GetValueOrDefault((ids[i], namespaces[i])) + values[i];
            }
        }

        var all = reference.Keys.ToList();
        Int128[] got = new Int128[all.Count];
        bool[] found = new bool[all.Count];
        state.GetValues(Keys(all.Select(k => k.Item1)), [.. all.Select(k => k.Item2)], got, found);
        Assert.All(found, Assert.True);
        Assert.Equal(all.Select(k => reference[k]), got);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Keys_outside_the_range_and_conflicting_descriptors_are_refused(string kind)
    {
        using KeyedStateBackend backend = Create(kind, new KeyGroupRange(0, 63));
        IValueState<long> state = backend.GetValueState(new ValueStateDescriptor<long>("v", StateSerializers.Int64));
        long outside = Enumerable.Range(0, 1000).First(id => GroupOf(id) > 63);
        var error = Assert.Throws<ArgumentException>(() => state.PutValues(Keys([outside]), [0], [1L]));
        Assert.Contains("outside this backend's range [0..63]", error.Message, StringComparison.Ordinal);

        var mismatch = Assert.Throws<Snapshots.StateMismatchException>(() => backend.GetValueState(new ValueStateDescriptor<string>("v", StateSerializers.String)));
        Assert.Contains("'v'", mismatch.Message, StringComparison.Ordinal);
        Assert.Same(state, backend.GetValueState(new ValueStateDescriptor<long>("v", StateSerializers.Int64)));
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Ttl_hides_and_purges_expired_entries(string kind)
    {
        var clock = new ManualClock(1_000_000);
        using KeyedStateBackend backend = Create(kind, All, new StateBackendOptions { Clock = clock });
        var ttl = new StateTtl(TimeSpan.FromSeconds(10));
        IValueState<long> value = backend.GetValueState(new ValueStateDescriptor<long>("v", StateSerializers.Int64, ttl));
        IMapState<long, long> map = backend.GetMapState(new MapStateDescriptor<long, long>("m", StateSerializers.Int64, StateSerializers.Int64, ttl));
        value.PutValues(Keys([1, 2, 3]), [0], [10L, 20, 30]);
        map.PutValues(Keys([1, 1]), [0], [100L, 200], [1L, 2]);
        clock.Advance(6_000);
        value.PutValues(Keys([2]), [0], [21L]);
        map.PutValues(Keys([1]), [0], [200L], [3L]);
        clock.Advance(4_000);

        long[] got = new long[3];
        bool[] found = new bool[3];
        value.GetValues(Keys([1, 2, 3]), [0], got, found);
        Assert.Equal([false, true, false], found);
        Assert.Equal(21, got[1]);
        Assert.Equal([new KeyValuePair<long, long>(200, 3)], map.Entries(Keys([1]), 0, 0));
        Assert.Equal([2L], value.Keys(All).Select(k => BitConverter.ToInt64(k.Key)));

        clock.Advance(10_000);
        Assert.Empty(value.Keys(All));
        Assert.Equal(2, map.PurgeExpired());
        Assert.Empty(map.Keys(All));
    }
}
