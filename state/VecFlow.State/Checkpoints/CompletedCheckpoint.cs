using System.IO.Hashing;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.State.Snapshots;

namespace VecFlow.State.Checkpoints;

/// <summary>A finished checkpoint or savepoint: what it holds, its verification, and restoring an operator's keyed state from it.</summary>
public sealed class CompletedCheckpoint
{
    private readonly CheckpointMetadata _metadata;

    internal CompletedCheckpoint(string directory, CheckpointMetadata metadata)
    {
        Directory = directory;
        _metadata = metadata;
        Properties = metadata.Properties;
        KeyedOperators = [.. metadata.Keyed.Select(k => k.OperatorId).Distinct().Order(StringComparer.Ordinal)];
        OperatorStateOperators = [.. metadata.OperatorState.Select(s => s.OperatorId).Distinct().Order(StringComparer.Ordinal)];
        TotalBytes = metadata.Files.Sum(f => f.Size);
    }

    public long Id => _metadata.Id;

    public bool IsSavepoint => _metadata.IsSavepoint;

    /// <summary>The checkpoint's directory (<c>chk-&lt;id&gt;</c>, or the savepoint directory).</summary>
    public string Directory { get; }

    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(_metadata.TimestampMillis);

    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Operators with keyed state in this checkpoint.</summary>
    public IReadOnlyList<string> KeyedOperators { get; }

    /// <summary>Operators with non-keyed operator state in this checkpoint.</summary>
    public IReadOnlyList<string> OperatorStateOperators { get; }

    /// <summary>Bytes of every file the checkpoint needs, shared files included.</summary>
    public long TotalBytes { get; }

    /// <summary>The shared folder this checkpoint's shared files live in (the job directory's <c>shared</c>).</summary>
    internal string SharedDirectory => Path.Combine(Path.GetDirectoryName(Directory)!, CheckpointStorage.SharedFolder);

    /// <summary>Names of the shared files this checkpoint references.</summary>
    internal IEnumerable<string> SharedNames => _metadata.Files.Where(f => f.Shared).Select(f => f.SharedName!);

    /// <summary>Reads the checkpoint in <paramref name="directory"/> (its metadata must exist; files are not verified).</summary>
    internal static CompletedCheckpoint Load(string directory) => new(directory, CheckpointMetadata.Read(directory));

    /// <summary>The subtasks whose keyed state of <paramref name="operatorId"/> this checkpoint holds, ascending.</summary>
    public IReadOnlyList<int> KeyedSubtasks(string operatorId) =>
        [.. _metadata.Keyed.Where(k => k.OperatorId == operatorId).Select(k => k.Subtask).Order()];

    /// <summary>The blobs named <paramref name="name"/> of <paramref name="operatorId"/>, by subtask (empty when none); each is checked against its checksum.</summary>
    public IReadOnlyList<(int Subtask, byte[] Data)> OperatorState(string operatorId, string name)
    {
        var result = new List<(int Subtask, byte[] Data)>();
        foreach (OperatorStateEntry entry in _metadata.OperatorState.Where(s => s.OperatorId == operatorId && s.Name == name).OrderBy(s => s.Subtask))
        {
            SnapshotFile file = FileEntry(entry.File);
            string path = Path.Combine(Directory, entry.File);
            byte[] data = File.Exists(path) ? File.ReadAllBytes(path) : throw Missing(file);
            if (data.Length != file.Size || Convert.ToHexStringLower(XxHash3.Hash(data)) != file.Checksum)
            {
                throw new SnapshotCorruptException($"Checkpoint file '{file.Path}' of '{Directory}' (operator state '{name}' of '{operatorId}' subtask {entry.Subtask}) is corrupt: its size or checksum does not match the metadata.");
            }

            result.Add((entry.Subtask, data));
        }

        return result;
    }

    /// <summary>Checks every file's size and checksum; the first mismatch is a <see cref="SnapshotCorruptException"/> naming the file.</summary>
    public void Verify() => Verify(_metadata.Files);

    /// <summary>
    /// A heap backend for <paramref name="range"/> with the keyed state of every subtask of <paramref name="operatorId"/>
    /// whose key group is in <paramref name="range"/> (so any parallelism restores); empty when the operator has none.
    /// </summary>
    public IKeyedStateBackend RestoreHeap(string operatorId, KeyGroupRange range, StateBackendOptions options)
    {
        string scratch = Path.Combine(Path.GetTempPath(), "vecflow-restore-" + Guid.NewGuid().ToString("N"));
        try
        {
            return HeapKeyedStateBackend.Restore(SnapshotDirectories(operatorId, scratch), range, options);
        }
        finally
        {
            DeleteScratch(scratch);
        }
    }

    /// <summary>A RocksDB backend in <paramref name="workDirectory"/> (new or empty) for <paramref name="range"/>, restored as <see cref="RestoreHeap"/>.</summary>
    public IKeyedStateBackend RestoreRocksDb(string operatorId, string workDirectory, KeyGroupRange range, StateBackendOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workDirectory);
        string full = Path.GetFullPath(workDirectory);
        string scratch = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileName(full) + ".restore-" + Guid.NewGuid().ToString("N"));
        try
        {
            return RocksDbKeyedStateBackend.Restore(SnapshotDirectories(operatorId, scratch), workDirectory, range, options);
        }
        finally
        {
            DeleteScratch(scratch);
        }
    }

    public override string ToString() => $"{(IsSavepoint ? "savepoint" : "checkpoint")} {Id} at '{Directory}'";

    /// <summary>
    /// The snapshot directories of the operator's subtasks, ready to restore: a snapshot with shared files is assembled
    /// in <paramref name="scratch"/> (links to its own and its shared files, at the paths its manifest names).
    /// </summary>
    private List<string> SnapshotDirectories(string operatorId, string scratch)
    {
        var entries = _metadata.Keyed.Where(k => k.OperatorId == operatorId).OrderBy(k => k.Subtask).ToList();
        Verify(_metadata.Files.Where(f => entries.Exists(k => f.Path.StartsWith(k.Directory + "/", StringComparison.Ordinal))));
        var directories = new List<string>();
        foreach (KeyedSnapshotEntry entry in entries)
        {
            string snapshot = Path.Combine(Directory, entry.Directory);
            SnapshotManifest manifest = SnapshotManifest.Read(snapshot);
            if (!manifest.Files.Any(f => f.Shared))
            {
                directories.Add(snapshot);
                continue;
            }

            string assembled = Path.Combine(scratch, entry.Subtask.ToString(System.Globalization.CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(assembled);
            File.Copy(Path.Combine(snapshot, SnapshotManifest.FileName), Path.Combine(assembled, SnapshotManifest.FileName));
            foreach (SnapshotFile file in manifest.Files)
            {
                string source = file.Shared ? Path.Combine(SharedDirectory, file.SharedName!) : Path.Combine(snapshot, file.Path);
                string target = Path.Combine(assembled, file.Path);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Link(source, target);
            }

            directories.Add(assembled);
        }

        return directories;
    }

    private void Verify(IEnumerable<SnapshotFile> files)
    {
        foreach (SnapshotFile file in files)
        {
            string path = file.Shared ? Path.Combine(SharedDirectory, file.SharedName!) : Path.Combine(Directory, file.Path);
            if (!File.Exists(path))
            {
                throw Missing(file);
            }

            long size = new FileInfo(path).Length;
            if (size != file.Size)
            {
                throw new SnapshotCorruptException($"Checkpoint file '{Describe(file)}' of '{Directory}' is corrupt: it has {size} bytes but the metadata says {file.Size}.");
            }

            string checksum = SnapshotManifest.Checksum(path);
            if (!string.Equals(checksum, file.Checksum, StringComparison.Ordinal))
            {
                throw new SnapshotCorruptException($"Checkpoint file '{Describe(file)}' of '{Directory}' is corrupt: its checksum is {checksum} but the metadata says {file.Checksum}.");
            }
        }
    }

    private SnapshotFile FileEntry(string path) =>
        _metadata.Files.FirstOrDefault(f => f.Path == path)
        ?? throw new SnapshotCorruptException($"The metadata of '{Directory}' does not list its file '{path}'.");

    private SnapshotCorruptException Missing(SnapshotFile file) =>
        new($"Checkpoint file '{Describe(file)}' of '{Directory}' is missing.");

    private static string Describe(SnapshotFile file) =>
        file.Shared ? $"{CheckpointStorage.SharedFolder}/{file.SharedName}' (as '{file.Path}" : file.Path;

    /// <summary>A symbolic link to <paramref name="source"/> (the restore only reads it), or a copy where links are not allowed.</summary>
    private static void Link(string source, string target)
    {
        try
        {
            File.CreateSymbolicLink(target, Path.GetFullPath(source));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(source, target, overwrite: true);
        }
    }

    private static void DeleteScratch(string scratch)
    {
        try
        {
            if (System.IO.Directory.Exists(scratch))
            {
                System.IO.Directory.Delete(scratch, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover scratch folder (links and copies of checkpoint files) must not fail a restore that succeeded.
        }
    }
}
