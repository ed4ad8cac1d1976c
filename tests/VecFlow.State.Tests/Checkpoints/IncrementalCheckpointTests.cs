using VecFlow.State.Backends;
using VecFlow.State.Checkpoints;
using VecFlow.State.Descriptors;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using Xunit.Abstractions;

namespace VecFlow.State.Tests.Checkpoints;

/// <summary>Incremental RocksDB checkpoints: unchanged SST files are referenced, not written again; retention collects unreferenced ones.</summary>
public sealed class IncrementalCheckpointTests(ITestOutputHelper output) : CheckpointTest
{
    private const int KeysPerRound = 60_000;
    private const int ValueChars = 200;
    private static readonly ValueStateDescriptor<string> Payload = new("payload", StateSerializers.String);

    [Fact]
    public void A_checkpoint_after_a_few_changes_writes_a_small_fraction_and_retention_keeps_exactly_the_used_files()
    {
        var storage = new CheckpointStorage(NewPath("job"));
        var backend = (RocksDbKeyedStateBackend)Create("rocksdb", All);
        IValueState<string> payload = backend.GetValueState(Payload);
        var reference = new Dictionary<long, string>();
        var random = new Random(42);

        // Two rounds of ~15 MB, a checkpoint after each: two SST files, the second checkpoint reuses the first's.
        Put(payload, random, reference, 0, KeysPerRound);
        SnapshotStats first = Checkpoint(storage, 1, backend);
        Assert.True(first.StateBytes > 10 << 20, $"only {first.StateBytes} bytes of state");
        Assert.Equal(first.StateBytes, first.BytesWritten);
        Put(payload, random, reference, KeysPerRound, KeysPerRound);
        SnapshotStats second = Checkpoint(storage, 2, backend);
        Assert.True(second.FilesReused >= 1);
        Assert.True(second.BytesWritten < second.StateBytes * 0.7, $"{second.BytesWritten} of {second.StateBytes} bytes written");

        // A few changed keys: the third checkpoint writes a small fraction of the state.
        long[] changed = [.. Enumerable.Range(0, 200).Select(_ => (long)random.Next(2 * KeysPerRound))];
        Put(payload, random, reference, changed);
        SnapshotStats third = Checkpoint(storage, 3, backend);
        Assert.True(third.StateBytes > 20 << 20, $"only {third.StateBytes} bytes of state");
        Assert.True(third.BytesWritten < third.StateBytes / 10, $"{third.BytesWritten} of {third.StateBytes} bytes written");
        Assert.True(third.FilesReused >= 2, $"{third.FilesReused} files reused");
        output.WriteLine($"chk-1 {first}\nchk-2 {second}\nchk-3 {third}");
        IReadOnlyList<CompletedCheckpoint> completed = storage.Completed();
        Assert.Equal(third.StateBytes, completed[2].TotalBytes);
        string[] usedByFirst = SharedNames(completed[0]);

        // Keeping two: chk-1 goes, but every SST file it stored is still used by chk-2 and chk-3.
        storage.Retain(2);
        Assert.Equal([2L, 3L], storage.Completed().Select(c => c.Id));
        Assert.All(usedByFirst, name => Assert.Contains(name, SharedFiles(storage)));
        Assert.Equal(SharedNames(completed[1]).Union(SharedNames(completed[2])).Order(StringComparer.Ordinal), SharedFiles(storage));

        // A full compaction rewrites every SST file: the next checkpoint shares nothing old, and keeping one deletes the rest.
        backend.Compact();
        SnapshotStats fourth = Checkpoint(storage, 4, backend);
        Assert.Equal(0, fourth.FilesReused);
        storage.Retain(1);
        CompletedCheckpoint latest = Assert.Single(storage.Completed());
        Assert.Equal(SharedNames(latest).Order(StringComparer.Ordinal), SharedFiles(storage));
        Assert.DoesNotContain(usedByFirst[0], SharedFiles(storage));

        IKeyedStateBackend restored = RestoreFrom(CheckpointStorage.Open(storage.Directory), "rocksdb", "payload-op", All);
        IValueState<string> back = restored.GetValueState(Payload);
        // Every changed key and a sample of the rest (reading back all 150k keys would double the test's time).
        long[] ids = [.. changed.Concat(reference.Keys.Where(id => id % 29 == 0)).Distinct()];
        string[] values = new string[ids.Length];
        bool[] found = new bool[ids.Length];
        back.GetValues(Keys(ids), [0], values, found);
        Assert.All(found, Assert.True);
        Assert.Equal(ids.Select(id => reference[id]), values);
        Assert.Equal(reference.Count, back.Keys(All).Count());
    }

    [Fact]
    public void Retention_while_a_checkpoint_is_pending_keeps_its_new_shared_files_and_its_folder()
    {
        var storage = new CheckpointStorage(NewPath("job"));
        var backends = new RocksDbKeyedStateBackend[4];
        var reference = new Dictionary<long, long>();
        for (int subtask = 0; subtask < backends.Length; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, backends.Length);
            backends[subtask] = (RocksDbKeyedStateBackend)Create("rocksdb", range);
            Fill(backends[subtask], IdsOf(range, 2000), reference);
        }

        using (PendingCheckpoint pending = storage.Begin(1))
        {
            Parallel.For(0, backends.Length, subtask => pending.AddKeyedState("agg", subtask, backends[subtask]));
            pending.Complete();
        }

        // Every key changed and compacted: new SST files for every backend, shared by a checkpoint that is still
        // pending when retention runs.
        for (int subtask = 0; subtask < backends.Length; subtask++)
        {
            Fill(backends[subtask], IdsOf(KeyGroupAssignment.RangeOf(subtask, 128, backends.Length), 2000), reference, factor: 11);
        }

        Parallel.For(0, backends.Length, subtask => backends[subtask].Compact());
        PendingCheckpoint second = storage.Begin(2);
        SnapshotStats[] stats = new SnapshotStats[backends.Length];
        Parallel.For(0, backends.Length, subtask => stats[subtask] = second.AddKeyedState("agg", subtask, backends[subtask]));
        Assert.All(stats, s => Assert.Equal(0, s.FilesReused));
        storage.Retain(1);
        Assert.True(Directory.Exists(second.Directory));
        CompletedCheckpoint completed = second.Complete();
        second.Dispose();
        Assert.True(Directory.Exists(completed.Directory));
        storage.Retain(1);

        CompletedCheckpoint latest = CheckpointStorage.Open(storage.Directory);
        Assert.Equal(2, latest.Id);
        Assert.Equal(SharedNames(latest), SharedFiles(storage));
        Assert.Equal([0, 1, 2, 3], latest.KeyedSubtasks("agg"));
        Check(RestoreFrom(latest, "rocksdb", "agg", All), All, reference);
    }

    private static SnapshotStats Checkpoint(CheckpointStorage storage, long id, IKeyedStateBackend backend)
    {
        using PendingCheckpoint pending = storage.Begin(id);
        SnapshotStats stats = pending.AddKeyedState("payload-op", 0, backend);
        pending.Complete();
        return stats;
    }

    private static void Put(IValueState<string> payload, Random random, Dictionary<long, string> reference, int start, int count)
    {
        for (int at = start; at < start + count; at += 5000)
        {
            Put(payload, random, reference, [.. Enumerable.Range(at, Math.Min(5000, start + count - at)).Select(i => (long)i)]);
        }
    }

    private static void Put(IValueState<string> payload, Random random, Dictionary<long, string> reference, long[] ids)
    {
        // Base64 of random bytes: barely compressible, so the state's size on disk is about what was written.
        byte[] noise = new byte[ValueChars * 3 / 4];
        string[] values = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            random.NextBytes(noise);
            values[i] = Convert.ToBase64String(noise);
            reference[ids[i]] = values[i];
        }

        payload.PutValues(Keys(ids), [0], values);
    }

    private static string[] SharedNames(CompletedCheckpoint checkpoint) =>
        [.. Directory.EnumerateFiles(checkpoint.Directory, Snapshots.SnapshotManifest.FileName, SearchOption.AllDirectories)
            .SelectMany(manifest => Snapshots.SnapshotManifest.Read(Path.GetDirectoryName(manifest)!).Files)
            .Where(f => f.Shared)
            .Select(f => f.SharedName!)
            .Order(StringComparer.Ordinal)];

    private static string[] SharedFiles(CheckpointStorage storage) =>
        [.. Directory.EnumerateFiles(Path.Combine(storage.Directory, CheckpointStorage.SharedFolder)).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)];

}
