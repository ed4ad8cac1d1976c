
using VecFlow.State.Backends;
using VecFlow.State.Checkpoints;
using VecFlow.State.Descriptors;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Snapshots;

namespace VecFlow.State.Tests.Checkpoints;

/// <summary>Checkpoints and savepoints of both backends: round trips, rescaling, aborts, corruption and self-contained savepoints.</summary>
public sealed class CheckpointStorageTests : CheckpointTest
{
    [Theory]
    [InlineData("heap", "heap")]
    [InlineData("rocksdb", "rocksdb")]
    [InlineData("rocksdb", "heap")]
    [InlineData("heap", "rocksdb")]
    public void A_checkpoint_round_trips_keyed_state_timers_and_operator_state_across_parallelism(string from, string to)
    {
        var storage = new CheckpointStorage(NewPath("job"));
        var reference = new Dictionary<long, long>();
        var backends = new IKeyedStateBackend[2];
        for (int subtask = 0; subtask < 2; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, 2);
            backends[subtask] = Create(from, range);
            Fill(backends[subtask], IdsOf(range, 2000), reference);
        }

        CompletedCheckpoint first;
        using (PendingCheckpoint pending = storage.Begin(1))
        {
            // Subtasks add their state from their own threads.
            Parallel.For(0, 2, subtask =>
            {
                SnapshotStats stats = pending.AddKeyedState("agg", subtask, backends[subtask]);
                Assert.True(stats.StateBytes > 0 && stats.BytesWritten == stats.StateBytes && stats.FilesReused == 0);
                pending.AddOperatorState("source", subtask, "offsets", System.Text.Encoding.UTF8.GetBytes("offset-" + subtask));
                pending.AddOperatorState("source", subtask, "watermark", [(byte)subtask]);
            });
            pending.SetProperty("job", "q7");
            pending.SetProperty("parallelism", "2");
            first = pending.Complete();
        }

        Assert.Equal(1, first.Id);
        Assert.False(first.IsSavepoint);
        Assert.Equal(["agg"], first.KeyedOperators);
        Assert.Equal([0, 1], first.KeyedSubtasks("agg"));
        Assert.Empty(first.KeyedSubtasks("source"));
        Assert.Equal(["source"], first.OperatorStateOperators);
        Assert.Equal(["offset-0", "offset-1"], first.OperatorState("source", "offsets").Select(s => System.Text.Encoding.UTF8.GetString(s.Data)));
        Assert.Equal([0, 1], first.OperatorState("source", "watermark").Select(s => s.Subtask));
        Assert.Empty(first.OperatorState("source", "nothing"));
        Assert.Equal("q7", first.Properties["job"]);

        CompletedCheckpoint opened = CheckpointStorage.Open(storage.Directory);
        Assert.Equal(1, opened.Id);
        Assert.Equal(first.TotalBytes, opened.TotalBytes);
        Assert.Equal(first.Timestamp, opened.Timestamp);
        Assert.Equal(1, Assert.Single(storage.Completed()).Id);

        // 2 -> 1, then a checkpoint of the one subtask (before Check fires its timers).
        IKeyedStateBackend one = RestoreFrom(opened, to, "agg", All);
        using (PendingCheckpoint pending = storage.Begin(2))
        {
            pending.AddKeyedState("agg", 0, one);
            pending.Complete();
        }

        Check(one, All, reference);

        // 1 -> 3.
        CompletedCheckpoint second = CheckpointStorage.Open(Path.Combine(storage.Directory, "chk-2"));
        Assert.Equal(2, storage.Latest()!.Id);
        var seen = new HashSet<long>();
        for (int subtask = 0; subtask < 3; subtask++)
        {
            KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, 128, 3);
            IKeyedStateBackend part = RestoreFrom(second, to, "agg", range);
            var mine = reference.Where(r => range.Contains(GroupOf(r.Key))).ToDictionary();
            Check(part, range, mine);
            seen.UnionWith(mine.Keys);
        }

        Assert.Equal(reference.Keys.ToHashSet(), seen);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void Restored_state_is_matched_by_descriptor_and_an_operator_without_state_restores_empty(string kind)
    {
        var storage = new CheckpointStorage(NewPath("job"));
        IKeyedStateBackend backend = Create(kind, All);
        Fill(backend, [1, 2, 3], []);
        using (PendingCheckpoint pending = storage.Begin(4))
        {
            pending.AddKeyedState("agg", 0, backend);
            pending.Complete();
        }

        CompletedCheckpoint checkpoint = CheckpointStorage.Open(storage.Directory);
        var restored = (KeyedStateBackend)RestoreFrom(checkpoint, kind, "agg", All);
        Assert.Equal(["counts", "names"], restored.UnclaimedRestoredStates.Order(StringComparer.Ordinal));
        var error = Assert.Throws<StateMismatchException>(() => restored.GetValueState(new ValueStateDescriptor<string>("counts", StateSerializers.String)));
        Assert.Contains("State 'counts' was restored as Value BIGINT", error.Message, StringComparison.Ordinal);

        IKeyedStateBackend empty = RestoreFrom(checkpoint, kind, "join", All);
        Assert.Empty(empty.GetValueState(Counts).Keys(All));
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void An_aborted_checkpoint_leaves_nothing_and_unfinished_folders_are_skipped_and_cleaned(string kind)
    {
        var storage = new CheckpointStorage(NewPath("job"));
        IKeyedStateBackend backend = Create(kind, All);
        var reference = new Dictionary<long, long>();
        Fill(backend, IdsOf(All, 3000), reference);
        CompletedCheckpoint first;
        using (PendingCheckpoint pending = storage.Begin(1))
        {
            pending.AddKeyedState("agg", 0, backend);
            first = pending.Complete();
        }

        // Checkpoint 2 changes everything (new SST files for RocksDB), then is aborted.
        Fill(backend, IdsOf(All, 3000), [], factor: 11);
        (backend as RocksDbKeyedStateBackend)?.Compact();
        string aborted;
        using (PendingCheckpoint pending = storage.Begin(2))
        {
            pending.AddKeyedState("agg", 0, backend);
            pending.AddOperatorState("source", 0, "offsets", [1, 2, 3]);
            aborted = pending.Directory;
            Assert.True(Directory.Exists(aborted));
        }

        Assert.False(Directory.Exists(aborted));
        Assert.Throws<InvalidOperationException>(() => storage.Begin(1));

        // An older and a newer folder without metadata (crashed attempts).
        string older = Path.Combine(storage.Directory, "chk-0");
        string newer = Path.Combine(storage.Directory, "chk-9");
        foreach (string unfinished in new[] { older, newer })
        {
            Directory.CreateDirectory(Path.Combine(unfinished, "keyed"));
            File.WriteAllText(Path.Combine(unfinished, "keyed", "part"), "half");
        }

        Assert.Equal([1L], storage.Completed().Select(c => c.Id));
        Assert.Equal(1, storage.Latest()!.Id);
        Assert.Equal(1, CheckpointStorage.Open(storage.Directory).Id);

        storage.Retain(1);
        Assert.False(Directory.Exists(older));
        Assert.True(Directory.Exists(newer));
        Assert.Equal(
            SharedFilesOf(first).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Path.Combine(storage.Directory, CheckpointStorage.SharedFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Check(RestoreFrom(CheckpointStorage.Open(storage.Directory), kind, "agg", All), All, reference);
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void A_corrupt_or_truncated_file_is_named_and_Latest_falls_back_to_the_previous_checkpoint(string kind)
    {
        var storage = new CheckpointStorage(NewPath("job"));
        IKeyedStateBackend backend = Create(kind, All);
        var reference = new Dictionary<long, long>();
        Fill(backend, IdsOf(All, 2000), reference);
        for (long id = 1; id <= 2; id++)
        {
            using PendingCheckpoint pending = storage.Begin(id);
            pending.AddKeyedState("agg", 0, backend);
            pending.AddOperatorState("source", 0, "offsets", [(byte)id, 9, 9, 9]);
            pending.Complete();
        }

        // Flip a byte of the newest checkpoint's operator state: Open names the file, Latest skips to chk-1.
        string chk2 = Path.Combine(storage.Directory, "chk-2");
        string blob = Directory.EnumerateFiles(Path.Combine(chk2, "operator")).Single();
        byte[] bytes = File.ReadAllBytes(blob);
        bytes[1] ^= 0x40;
        File.WriteAllBytes(blob, bytes);
        var corrupt = Assert.Throws<SnapshotCorruptException>(() => CheckpointStorage.Open(chk2));
        Assert.Contains("Checkpoint file 'operator/", corrupt.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt: its checksum", corrupt.Message, StringComparison.Ordinal);
        Assert.Throws<SnapshotCorruptException>(() => storage.Completed()[1].OperatorState("source", "offsets"));
        Assert.Equal(1, storage.Latest()!.Id);
        CompletedCheckpoint fallback = CheckpointStorage.Open(storage.Directory);
        Assert.Equal(1, fallback.Id);
        Assert.Equal([1, 9, 9, 9], fallback.OperatorState("source", "offsets").Single().Data);

        // Truncate the biggest keyed file of chk-1 (a shared SST for RocksDB): nothing valid is left.
        CompletedCheckpoint chk1 = storage.Completed()[0];
        (string path, string named) = BiggestKeyedFile(chk1);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var truncated = Assert.Throws<SnapshotCorruptException>(chk1.Verify);
        Assert.Contains($"Checkpoint file '{named}'", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("bytes but the metadata says", truncated.Message, StringComparison.Ordinal);
        Assert.Throws<SnapshotCorruptException>(() => chk1.RestoreHeap("agg", All, Options));
        Assert.Null(storage.Latest());
        var none = Assert.Throws<SnapshotCorruptException>(() => CheckpointStorage.Open(storage.Directory));
        Assert.Contains("holds no complete and valid checkpoint", none.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', none.Message);
    }

    [Fact]
    public void Open_explains_a_missing_path_and_a_folder_that_is_no_checkpoint()
    {
        string missing = NewPath("nowhere");
        var error = Assert.Throws<FileNotFoundException>(() => CheckpointStorage.Open(missing));
        Assert.Contains($"Checkpoint path '{missing}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("savepoint directory", error.Message, StringComparison.Ordinal);

        string empty = NewPath("empty");
        Directory.CreateDirectory(empty);
        var notCheckpoint = Assert.Throws<SnapshotCorruptException>(() => CheckpointStorage.Open(empty));
        Assert.Contains("has no _metadata.json", notCheckpoint.Message, StringComparison.Ordinal);

        var storage = new CheckpointStorage(NewPath("job"));
        using (PendingCheckpoint pending = storage.Begin(3))
        {
            pending.AddOperatorState("source", 0, "offsets", [1]);
        }

        Directory.CreateDirectory(Path.Combine(storage.Directory, "chk-3"));
        var unfinished = Assert.Throws<SnapshotCorruptException>(() => CheckpointStorage.Open(storage.Directory));
        Assert.Contains("every chk-<id> folder is unfinished", unfinished.Message, StringComparison.Ordinal);
        Assert.Null(storage.Latest());
    }

    [Theory]
    [MemberData(nameof(BackendKinds))]
    public void A_savepoint_is_self_contained_and_restores_after_the_job_directory_is_gone(string kind)
    {
        var storage = new CheckpointStorage(NewPath("job"));
        IKeyedStateBackend backend = Create(kind, All);
        var reference = new Dictionary<long, long>();
        Fill(backend, IdsOf(All, 3000), reference);
        using (PendingCheckpoint pending = storage.Begin(1))
        {
            pending.AddKeyedState("agg", 0, backend);
            pending.Complete();
        }

        string savepointDirectory = NewPath("savepoint");
        CompletedCheckpoint savepoint;
        using (PendingCheckpoint pending = storage.BeginSavepoint(2, savepointDirectory))
        {
            Assert.True(pending.IsSavepoint);
            SnapshotStats stats = pending.AddKeyedState("agg", 0, backend);
            Assert.Equal(0, stats.FilesReused);
            Assert.Equal(stats.StateBytes, stats.BytesWritten);
            pending.AddOperatorState("source", 0, "offsets", [42]);
            pending.SetProperty("job", "savepointed");
            savepoint = pending.Complete();
        }

        Assert.Empty(SharedFilesOf(savepoint));
        Assert.Throws<IOException>(() => storage.BeginSavepoint(3, savepointDirectory));
        Assert.Equal([1L], storage.Completed().Select(c => c.Id));
        Directory.Delete(storage.Directory, recursive: true);

        CompletedCheckpoint opened = CheckpointStorage.Open(savepointDirectory);
        Assert.True(opened.IsSavepoint);
        Assert.Equal(2, opened.Id);
        Assert.Equal("savepointed", opened.Properties["job"]);
        Assert.Equal([42], opened.OperatorState("source", "offsets").Single().Data);
        string[] files = [.. Directory.EnumerateFiles(savepointDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        Check(RestoreFrom(opened, kind, "agg", All), All, reference);

        // Restoring wrote nothing into the savepoint, and its metadata file opens it too.
        Assert.Equal(files, Directory.EnumerateFiles(savepointDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        Assert.Equal(2, CheckpointStorage.Open(Path.Combine(savepointDirectory, "_metadata.json")).Id);
    }

    private static IEnumerable<string> SharedFilesOf(CompletedCheckpoint checkpoint) =>
        Directory.EnumerateFiles(checkpoint.Directory, "_manifest.json", SearchOption.AllDirectories)
            .SelectMany(manifest => SnapshotManifest.Read(Path.GetDirectoryName(manifest)!).Files)
            .Where(f => f.Shared)
            .Select(f => f.SharedName!);

    private static (string Path, string Named) BiggestKeyedFile(CompletedCheckpoint checkpoint)
    {
        string job = Path.GetDirectoryName(checkpoint.Directory)!;
        var candidates = Directory.EnumerateFiles(checkpoint.Directory, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".json", StringComparison.Ordinal) && p.Contains("keyed", StringComparison.Ordinal))
            .Select(p => (Path: p, Named: Path.GetRelativePath(checkpoint.Directory, p).Replace('\\', '/')))
            .Concat(SharedFilesOf(checkpoint).Select(name => (Path: Path.Combine(job, CheckpointStorage.SharedFolder, name), Named: CheckpointStorage.SharedFolder + "/" + name)));
        return candidates.OrderByDescending(c => new FileInfo(c.Path).Length).First();
    }
}
