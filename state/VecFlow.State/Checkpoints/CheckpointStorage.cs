using System.Globalization;
using VecFlow.State.Snapshots;

namespace VecFlow.State.Checkpoints;

/// <summary>The checkpoint directory of one job: <c>chk-&lt;id&gt;</c> per checkpoint and <c>shared</c> for RocksDB files several checkpoints use.</summary>
/// <remarks>
/// Periodic checkpoints are incremental: a RocksDB SST file stored by one checkpoint is referenced by the next ones
/// rather than written again, and <see cref="Retain"/> deletes a shared file once no retained checkpoint lists it.
/// Savepoints are self-contained and live in a directory of their own. A checkpoint is complete when its metadata
/// exists (written last, atomically); anything else in a <c>chk-&lt;id&gt;</c> folder is an unfinished attempt.
/// </remarks>
public sealed class CheckpointStorage
{
    /// <summary>The folder (in the job's checkpoint directory) of files shared between checkpoints.</summary>
    public const string SharedFolder = "shared";

    private const string CheckpointPrefix = "chk-";

    private readonly SharedStateRegistry _shared;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    public CheckpointStorage(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        _shared = new SharedStateRegistry(Path.Combine(Directory, SharedFolder));
        System.IO.Directory.CreateDirectory(_shared.Directory);
    }

    /// <summary>The job's checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>Starts periodic checkpoint <paramref name="id"/> in <c>chk-&lt;id&gt;</c> (an unfinished earlier attempt there is replaced).</summary>
    public PendingCheckpoint Begin(long id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        string directory = CheckpointDirectory(Directory, id);
        lock (_lock)
        {
            if (_pending.Contains(directory))
            {
                throw new InvalidOperationException($"Checkpoint {id} is already being taken in '{directory}'.");
            }

            if (File.Exists(Path.Combine(directory, CheckpointMetadata.FileName)))
            {
                throw new InvalidOperationException($"Checkpoint {id} already exists in '{directory}'; every checkpoint needs a new id (the latest is {Latest()?.Id.ToString(CultureInfo.InvariantCulture) ?? "none"}).");
            }

            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }

            _pending.Add(directory);
        }

        return new PendingCheckpoint(id, false, directory, _shared, Finished);
    }

    /// <summary>Starts savepoint <paramref name="id"/> in <paramref name="savepointDirectory"/> (new or empty): every file is its own, nothing refers to this job's directory.</summary>
    public PendingCheckpoint BeginSavepoint(long id, string savepointDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(savepointDirectory);
        string directory = Path.GetFullPath(savepointDirectory);
        if (File.Exists(directory) || (System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any()))
        {
            throw new IOException($"Savepoint directory '{savepointDirectory}' already exists and is not empty; a savepoint needs a new or empty directory.");
        }

        lock (_lock)
        {
            if (!_pending.Add(directory))
            {
                throw new InvalidOperationException($"A savepoint is already being taken in '{directory}'.");
            }
        }

        return new PendingCheckpoint(id, true, directory, null, Finished);
    }

    /// <summary>The checkpoints whose metadata exists, oldest first (files are not verified).</summary>
    public IReadOnlyList<CompletedCheckpoint> Completed() => CompletedIn(Directory, out _);

    /// <summary>The newest checkpoint whose files all verify, or null; corrupt or unfinished ones are skipped.</summary>
    public CompletedCheckpoint? Latest() => LatestIn(Directory, out _);

    /// <summary>
    /// Keeps the newest <paramref name="count"/> completed checkpoints and deletes older ones, unfinished attempts older
    /// than the newest completed one, and shared files no retained or pending checkpoint references.
    /// </summary>
    public void Retain(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _shared.Exclusive(() =>
        {
            IReadOnlyList<CompletedCheckpoint> completed = Completed();
            var kept = completed.Skip(Math.Max(0, completed.Count - count)).ToList();
            long newest = kept.Count > 0 ? kept[^1].Id : long.MinValue;
            var keptDirectories = kept.Select(c => c.Directory).ToHashSet(StringComparer.Ordinal);
            foreach ((long id, string directory) in CheckpointDirectories(Directory))
            {
                bool pending;
                lock (_lock)
                {
                    pending = _pending.Contains(directory);
                }

                if (!pending && !keptDirectories.Contains(directory) && id < newest)
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
            }

            _shared.Collect(kept.SelectMany(c => c.SharedNames).ToHashSet(StringComparer.Ordinal));
        });
    }

    /// <summary>
    /// Opens a checkpoint for restore and verifies every file: <paramref name="path"/> is a <c>chk-&lt;id&gt;</c>
    /// directory, a savepoint directory, or a job's checkpoint directory (then its latest valid checkpoint).
    /// </summary>
    public static CompletedCheckpoint Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && Path.GetFileName(full) == CheckpointMetadata.FileName)
        {
            full = Path.GetDirectoryName(full)!;
        }

        if (!System.IO.Directory.Exists(full))
        {
            throw new FileNotFoundException($"Checkpoint path '{path}' does not exist; give a checkpoint directory (chk-<id>), a savepoint directory, or a job's checkpoint directory holding chk-<id> folders.", path);
        }

        if (File.Exists(Path.Combine(full, CheckpointMetadata.FileName)))
        {
            CompletedCheckpoint checkpoint = CompletedCheckpoint.Load(full);
            checkpoint.Verify();
            return checkpoint;
        }

        if (CheckpointDirectories(full).Count == 0)
        {
            throw new SnapshotCorruptException($"'{path}' is not a complete checkpoint or savepoint: it has no {CheckpointMetadata.FileName} (the checkpoint was not finished or the path is wrong) and holds no chk-<id> folders.");
        }

        return LatestIn(full, out string? reason)
            ?? throw new SnapshotCorruptException($"'{path}' holds no complete and valid checkpoint{(reason is null ? " (every chk-<id> folder is unfinished)" : ": " + reason)}.");
    }

    private void Finished(PendingCheckpoint checkpoint)
    {
        lock (_lock)
        {
            _pending.Remove(checkpoint.Directory);
        }
    }

    private static CompletedCheckpoint? LatestIn(string directory, out string? reason)
    {
        reason = null;
        IReadOnlyList<CompletedCheckpoint> completed = CompletedIn(directory, out string? unreadable);
        for (int i = completed.Count - 1; i >= 0; i--)
        {
            try
            {
                completed[i].Verify();
                return completed[i];
            }
            catch (SnapshotCorruptException e)
            {
                reason ??= e.Message;
            }
        }

        reason ??= unreadable;
        return null;
    }

    private static List<CompletedCheckpoint> CompletedIn(string directory, out string? unreadable)
    {
        unreadable = null;
        var completed = new List<CompletedCheckpoint>();
        foreach ((long _, string path) in CheckpointDirectories(directory))
        {
            if (!File.Exists(Path.Combine(path, CheckpointMetadata.FileName)))
            {
                continue;
            }

            try
            {
                completed.Add(CompletedCheckpoint.Load(path));
            }
            catch (SnapshotCorruptException e)
            {
                // Unreadable metadata is an unfinished checkpoint to the listing; Open reports it when nothing else is valid.
                unreadable ??= e.Message;
            }
        }

        return completed;
    }

    /// <summary>The <c>chk-&lt;id&gt;</c> folders of <paramref name="directory"/>, by id.</summary>
    private static List<(long Id, string Path)> CheckpointDirectories(string directory)
    {
        var found = new List<(long Id, string Path)>();
        foreach (string path in System.IO.Directory.EnumerateDirectories(directory, CheckpointPrefix + "*"))
        {
            if (long.TryParse(Path.GetFileName(path).AsSpan(CheckpointPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                found.Add((id, path));
            }
        }

        found.Sort((a, b) => a.Id.CompareTo(b.Id));
        return found;
    }

    private static string CheckpointDirectory(string root, long id) =>
        Path.Combine(root, CheckpointPrefix + id.ToString(CultureInfo.InvariantCulture));
}
