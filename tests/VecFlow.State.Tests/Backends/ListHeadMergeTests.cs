using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;

namespace VecFlow.State.Tests.Backends;

/// <summary>List appends RocksDB takes as merge operands (heads the cache does not hold) read back exactly, whatever happens to them on the way.</summary>
public sealed class ListHeadMergeTests : StateTest
{
    private static readonly KeyGroupRange All = new(0, 127);

    [Fact]
    public void Lists_appended_without_reads_match_a_dictionary_through_evictions_compactions_snapshots_and_restores()
    {
        var options = new StateBackendOptions { WriteCacheBytes = 8 * 1024 };
        KeyedStateBackend backend = Own(Create("rocksdb", All, options));
        var descriptor = new ListStateDescriptor<long>("l", StateSerializers.Int64);
        IListState<long> state = backend.GetListState(descriptor);
        var reference = new Dictionary<long, List<long>>();
        var random = new Random(5);
        long next = 0;
        for (int round = 0; round < 3000; round++)
        {
            int n = random.Next(1, 60);
            long[] ids = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(400))];
            int action = random.Next(100);
            if (action < 70)
            {
                long[] values = [.. ids.Select(_ => next++)];
                state.AddValues(Keys(ids), [0], values);
                for (int i = 0; i < n; i++)
                {
                    (reference.TryGetValue(ids[i], out List<long>? list) ? list : reference[ids[i]] = []).Add(values[i]);
                }
            }
            else if (action < 80)
            {
                long[] d = [.. ids.Distinct()];
                var current = new IReadOnlyList<long>[d.Length];
                state.GetLists(Keys(d), [0], current);
                var updated = new IReadOnlyList<long>[d.Length];
                for (int i = 0; i < d.Length; i++)
                {
                    List<long> kept = [.. current[i].Where(_ => random.Next(2) == 0)];
                    updated[i] = kept;
                    if (kept.Count == 0)
                    {
                        reference.Remove(d[i]);
                    }
                    else
                    {
                        reference[d[i]] = kept;
                    }
                }

                state.UpdateLists(Keys(d), [0], updated);
            }
            else if (action < 83)
            {
                state.Clear(Keys(ids), [0]);
                foreach (long id in ids)
                {
                    reference.Remove(id);
                }
            }
            else if (action < 85)
            {
                ((RocksDbKeyedStateBackend)backend).Compact();
            }
            else if (action < 86)
            {
                state.ClearAll();
                reference.Clear();
            }
            else if (action < 88)
            {
                string snap = NewPath("snap");
                backend.Snapshot(snap);
                // Either adopted whole (same range: the merge operands stay in its SST files) or copied: split in two halves, each snapshotted, then merged back.
                if (random.Next(2) == 0)
                {
                    backend = Own(Restore("rocksdb", [snap], All, options));
                }
                else
                {
                    using KeyedStateBackend lo = Restore("rocksdb", [snap], new KeyGroupRange(0, 63), options);
                    using KeyedStateBackend hi = Restore("rocksdb", [snap], new KeyGroupRange(64, 127), options);
                    string s1 = NewPath("snap"), s2 = NewPath("snap");
                    lo.Snapshot(s1);
                    hi.Snapshot(s2);
                    backend = Own(Restore("rocksdb", [s1, s2], All, options));
                }

                state = backend.GetListState(descriptor);
            }
            else
            {
                long[] d = [.. ids.Distinct()];
                var current = new IReadOnlyList<long>[d.Length];
                state.GetLists(Keys(d), [0], current);
                for (int i = 0; i < d.Length; i++)
                {
                    Assert.Equal(reference.GetValueOrDefault(d[i]) ?? [], current[i]);
                }
            }
        }

        long[] all = [.. Enumerable.Range(0, 400).Select(i => (long)i)];
        var final = new IReadOnlyList<long>[all.Length];
        state.GetLists(Keys(all), [0], final);
        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(reference.GetValueOrDefault(all[i]) ?? [], final[i]);
        }
    }
}
