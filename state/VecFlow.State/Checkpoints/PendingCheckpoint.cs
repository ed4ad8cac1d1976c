using System.IO.Hashing;
using VecFlow.State.Backends;
using VecFlow.State.Snapshots;

namespace VecFlow.State.Checkpoints;

/// <summary>A checkpoint or savepoint being taken: subtasks add their state concurrently, then <see cref="Complete"/> writes its metadata.</summary>
/// <remarks>
/// Thread-safe: each subtask adds its own keyed and operator state from its own thread. Nothing is a checkpoint until
/// <see cref="Complete"/> has written the metadata (last, atomically); disposing without completing deletes this
/// checkpoint's own directory and releases the shared files it referenced (a later retention collects any it alone
/// had stored).
/// </remarks>
public sealed class PendingCheckpoint : IDisposable
{
    private const string KeyedFolder = "keyed";
    private const string OperatorFolder = "operator";

    private readonly Lock _lock = new();
    private readonly SharedStateRegistry? _shared;
    private readonly Action<PendingCheckpoint> _finished;
    private readonly List<KeyedSnapshotEntry> _keyed = [];
    private readonly List<OperatorStateEntry> _operatorState = [];
    private readonly List<SnapshotFile> _files = [];
    private readonly List<string> _sharedReferences = [];
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private int _inFlight;
    private long _bytesWritten;
    private string? _failure;
    private bool _completed;
    private bool _disposed;

    internal PendingCheckpoint(long id, bool isSavepoint, string directory, SharedStateRegistry? shared, Action<PendingCheckpoint> finished)
    {
        Id = id;
        IsSavepoint = isSavepoint;
        Directory = directory;
        _shared = shared;
        _finished = finished;
        System.IO.Directory.CreateDirectory(directory);
    }

    public long Id { get; }

    public bool IsSavepoint { get; }

    /// <summary>The checkpoint's own directory (a savepoint's whole directory).</summary>
    public string Directory { get; }

    /// <summary>Bytes this checkpoint added to checkpoint storage so far (new files; shared files an earlier checkpoint stored are not counted).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>
    /// Snapshots <paramref name="backend"/> (synchronously, on the caller's thread) as the keyed state of
    /// <paramref name="operatorId"/>'s subtask <paramref name="subtask"/>. A RocksDB backend in a periodic checkpoint
    /// is incremental: SST files an earlier checkpoint stored are referenced, new ones go to the shared folder.
    /// </summary>
    public SnapshotStats AddKeyedState(string operatorId, int subtask, IKeyedStateBackend backend)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentNullException.ThrowIfNull(backend);
        string relative = KeyedFolder + "/" + FolderName(operatorId) + "-" + subtask.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Enter(() =>
        {
            if (_keyed.Exists(k => k.OperatorId == operatorId && k.Subtask == subtask))
            {
                throw new InvalidOperationException($"Checkpoint {Id} already holds the keyed state of operator '{operatorId}' subtask {subtask}; each subtask adds its keyed state once.");
            }

            _keyed.Add(new KeyedSnapshotEntry(operatorId, subtask, relative));
        });

        try
        {
            string snapshotDirectory = Path.Combine(Directory, relative);
            var reused = new HashSet<string>(StringComparer.Ordinal);
            SnapshotManifest manifest = backend is RocksDbKeyedStateBackend rocksDb && _shared is not null
                ? rocksDb.Snapshot(snapshotDirectory, (file, path) =>
                {
                    string name = rocksDb.InstanceId + "-" + Path.GetFileName(file);
                    lock (_lock)
                    {
                        // Recorded before sharing, so an abort releases the reference even if sharing fails halfway.
                        _sharedReferences.Add(name);
                    }

                    SnapshotFile entry = _shared.Share(file, path, name, out bool wasStored);
                    if (wasStored)
                    {
                        reused.Add(entry.SharedName!);
                    }

                    return entry;
                })
                : backend.Snapshot(snapshotDirectory);

            var files = manifest.Files.Select(f => f with { Path = relative + "/" + f.Path }).ToList();
            files.Add(SnapshotManifest.Describe(Directory, relative + "/" + SnapshotManifest.FileName));
            lock (_lock)
            {
                _files.AddRange(files);
            }

            long stateBytes = files.Sum(f => f.Size);
            long reusedBytes = files.Where(f => f.Shared && reused.Contains(f.SharedName!)).Sum(f => f.Size);
            Interlocked.Add(ref _bytesWritten, stateBytes - reusedBytes);
            return new SnapshotStats(stateBytes - reusedBytes, stateBytes, files.Count - reused.Count, reused.Count);
        }
        catch (Exception e)
        {
            Fail($"the keyed state of operator '{operatorId}' subtask {subtask} could not be snapshotted: {e.Message}");
            throw;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Stores a small non-keyed blob (source positions, sink committables, a watermark) of one operator subtask.</summary>
    public void AddOperatorState(string operatorId, int subtask, string name, ReadOnlySpan<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentException.ThrowIfNullOrEmpty(name);
        string file;
        lock (_lock)
        {
            ThrowIfClosed();
            if (_operatorState.Exists(s => s.OperatorId == operatorId && s.Subtask == subtask && s.Name == name))
            {
                throw new InvalidOperationException($"Checkpoint {Id} already holds operator state '{name}' of operator '{operatorId}' subtask {subtask}.");
            }

            file = OperatorFolder + "/" + _operatorState.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".bin";
            _operatorState.Add(new OperatorStateEntry(operatorId, subtask, name, file));
            _inFlight++;
        }

        try
        {
            string path = Path.Combine(Directory, file);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(data);
            }

            var entry = new SnapshotFile(file, data.Length, Convert.ToHexStringLower(XxHash3.Hash(data)));
            Interlocked.Add(ref _bytesWritten, data.Length);
            lock (_lock)
            {
                _files.Add(entry);
            }
        }
        catch (Exception e)
        {
            Fail($"operator state '{name}' of operator '{operatorId}' subtask {subtask} could not be written: {e.Message}");
            throw;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Records a job-level fact (the job's name, its parallelism ...) in the checkpoint; the last value of a key wins.</summary>
    public void SetProperty(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Enter(() => _properties[key] = value);
        Leave();
    }

    /// <summary>Writes the metadata (last, atomically): only now is the checkpoint complete and restorable.</summary>
    public CompletedCheckpoint Complete()
    {
        CheckpointMetadata metadata;
        lock (_lock)
        {
            ThrowIfClosed();
            if (_inFlight > 0)
            {
                throw new InvalidOperationException($"Checkpoint {Id} cannot complete while {_inFlight} subtask(s) are still adding state.");
            }

            if (_failure is not null)
            {
                throw new InvalidOperationException($"Checkpoint {Id} cannot complete: {_failure}; abort it (Dispose) and take the next one.");
            }

            _completed = true;
            metadata = new CheckpointMetadata
            {
                Id = Id,
                IsSavepoint = IsSavepoint,
                TimestampMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Properties = new SortedDictionary<string, string>(_properties, StringComparer.Ordinal),
                Keyed = [.. _keyed.OrderBy(k => k.OperatorId, StringComparer.Ordinal).ThenBy(k => k.Subtask)],
                OperatorState = [.. _operatorState],
                Files = [.. _files.OrderBy(f => f.Path, StringComparer.Ordinal)],
            };
        }

        try
        {
            if (_shared is null)
            {
                metadata.Write(Directory);
            }
            else
            {
                // Metadata and release under the shared lock: retention sees the files either as pending or as listed.
                _shared.Exclusive(() =>
                {
                    metadata.Write(Directory);
                    _shared.Release(_sharedReferences);
                });
            }
        }
        catch
        {
            Abort();
            throw;
        }
        finally
        {
            _finished(this);
        }

        return new CompletedCheckpoint(Directory, metadata);
    }

    /// <summary>Aborts the checkpoint unless it completed: deletes its own directory (never shared files).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_completed)
            {
                return;
            }
        }

        Abort();
        _finished(this);
    }

    private void Abort()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        finally
        {
            _shared?.Release(_sharedReferences);
        }
    }

    private void Fail(string reason)
    {
        lock (_lock)
        {
            _failure ??= reason;
        }
    }

    private void Enter(Action action)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            action();
            _inFlight++;
        }
    }

    private void Leave()
    {
        lock (_lock)
        {
            _inFlight--;
        }
    }

    private void ThrowIfClosed()
    {
        if (_completed || _disposed)
        {
            throw new InvalidOperationException($"Checkpoint {Id} is already {(_completed ? "complete" : "aborted")}; no state can be added.");
        }
    }

    /// <summary>A folder name for an operator id: safe characters kept, plus a hash when anything was replaced.</summary>
    private static string FolderName(string operatorId)
    {
        Span<char> safe = operatorId.Length <= 48 ? stackalloc char[operatorId.Length] : new char[48];
        bool changed = operatorId.Length > safe.Length;
        for (int i = 0; i < safe.Length; i++)
        {
            char c = operatorId[i];
            bool keep = char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
            safe[i] = keep ? c : '_';
            changed |= !keep;
        }

        string name = new(safe);
        return changed
            ? name + "-" + XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(operatorId)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
            : name;
    }
}
