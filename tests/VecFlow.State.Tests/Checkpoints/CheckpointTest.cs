using VecFlow.State.Backends;
using VecFlow.State.Checkpoints;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Timers;

namespace VecFlow.State.Tests.Checkpoints;

/// <summary>Base of checkpoint tests: value, list and timer state filled from ids, checked against a dictionary, restored through a checkpoint.</summary>
public abstract class CheckpointTest : StateTest
{
    protected static readonly KeyGroupRange All = new(0, 127);
    protected static readonly ValueStateDescriptor<long> Counts = new("counts", StateSerializers.Int64);
    protected static readonly ListStateDescriptor<string> Names = new("names", StateSerializers.String);
    protected static readonly StateBackendOptions Options = new();

    /// <summary>Value (id * factor), list ("n" + id) and an event-time timer (10_000 + id) per id.</summary>
    protected static void Fill(IKeyedStateBackend backend, long[] ids, Dictionary<long, long> reference, long factor = 7)
    {
        IValueState<long> counts = backend.GetValueState(Counts);
        IListState<string> names = backend.GetListState(Names);
        EncodedKeys keys = Keys(ids);
        counts.PutValues(keys, [3], [.. ids.Select(id => id * factor)]);
        names.Clear(keys, [.. ids.Select(id => id % 4)]);
        names.AddValues(keys, [.. ids.Select(id => id % 4)], [.. ids.Select(id => "n" + id)]);
        backend.Timers.Register(TimeDomain.EventTime, keys, [0], [.. ids.Select(id => 10_000 + id)]);
        foreach (long id in ids)
        {
            reference[id] = id * factor;
        }
    }

    /// <summary>Asserts exactly the expected keys, values, lists and timers (firing, so removing, the timers).</summary>
    protected static void Check(IKeyedStateBackend backend, KeyGroupRange range, Dictionary<long, long> expected)
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

    protected static long[] IdsOf(KeyGroupRange range, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (long)i).Where(id => range.Contains(GroupOf(id)))];

    protected IKeyedStateBackend RestoreFrom(CompletedCheckpoint checkpoint, string kind, string operatorId, KeyGroupRange range) =>
        Own(kind == "heap"
            ? checkpoint.RestoreHeap(operatorId, range, Options)
            : checkpoint.RestoreRocksDb(operatorId, NewPath("restored"), range, Options));
}
