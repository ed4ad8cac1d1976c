using VecFlow.State.Snapshots;

namespace VecFlow.State.Checkpoints;

/// <summary>The shared folder of a job's checkpoints: SST files stored once and referenced by every checkpoint that holds them.</summary>
/// <remarks>
/// A file's name is unique to the backend instance and its SST file (SST files never change once written), so a name
/// already stored is the same bytes and is referenced, not written again. Deletion is by reference: a file no
/// retained checkpoint lists and no pending checkpoint holds is garbage. One lock orders sharing, completing a
/// checkpoint (writing its metadata) and collecting, so a file is never deleted between being referenced by a
/// pending checkpoint and that checkpoint's metadata naming it.
/// </remarks>
internal sealed class SharedStateRegistry(string directory)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SnapshotFile> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pendingReferences = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>
    /// Puts the SST file at <paramref name="file"/> (path <paramref name="relativePath"/> in its snapshot) into the
    /// shared folder as <paramref name="sharedName"/>, or drops it when that name is stored already; the caller's
    /// pending checkpoint holds a reference until <see cref="Release"/>.
    /// </summary>
    public SnapshotFile Share(string file, string relativePath, string sharedName, out bool reused)
    {
        string target = Path.Combine(Directory, sharedName);
        string path = relativePath.Replace('\\', '/');
        lock (_lock)
        {
            _pendingReferences[sharedName] = _pendingReferences.GetValueOrDefault(sharedName) + 1;
            if (_stored.TryGetValue(sharedName, out SnapshotFile? stored) && File.Exists(target))
            {
                File.Delete(file);
                reused = true;
                return stored with { Path = path };
            }
        }

        // Hashing and moving run outside the lock (other subtasks share their own files meanwhile); the pending
        // reference taken above keeps a collection from deleting the file before it is registered.
        var entry = new SnapshotFile(path, new FileInfo(file).Length, SnapshotManifest.Checksum(file), true, sharedName);
        File.Move(file, target, overwrite: true);
        lock (_lock)
        {
            _stored[sharedName] = entry;
        }

        reused = false;
        return entry;
    }

    /// <summary>Drops the references a pending checkpoint held (it completed or was aborted).</summary>
    public void Release(IEnumerable<string> sharedNames)
    {
        lock (_lock)
        {
            foreach (string name in sharedNames)
            {
                if (_pendingReferences.TryGetValue(name, out int count))
                {
                    if (count <= 1)
                    {
                        _pendingReferences.Remove(name);
                    }
                    else
                    {
                        _pendingReferences[name] = count - 1;
                    }
                }
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> with sharing and collecting held off.</summary>
    public void Exclusive(Action action)
    {
        lock (_lock)
        {
            action();
        }
    }

    /// <summary>Deletes every shared file that neither <paramref name="referenced"/> nor a pending checkpoint names; call inside <see cref="Exclusive"/>.</summary>
    public int Collect(IReadOnlySet<string> referenced)
    {
        int deleted = 0;
        lock (_lock)
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return 0;
            }

            foreach (string path in System.IO.Directory.EnumerateFiles(Directory).ToList())
            {
                string name = Path.GetFileName(path);
                if (!referenced.Contains(name) && !_pendingReferences.ContainsKey(name))
                {
                    File.Delete(path);
                    _stored.Remove(name);
                    deleted++;
                }
            }
        }

        return deleted;
    }
}
