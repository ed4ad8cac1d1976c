using VecFlow.State.KeyGroups;
using VecFlow.State.Snapshots;
using VecFlow.State.Storage;

namespace VecFlow.State.Backends;

/// <summary>Keyed state in managed memory (small jobs, tests): one ordered table per state, snapshotted to one file per state.</summary>
public sealed class HeapKeyedStateBackend : KeyedStateBackend
{
    private readonly Dictionary<string, HeapStateTable> _tables = new(StringComparer.Ordinal);

    public HeapKeyedStateBackend(KeyGroupRange range, StateBackendOptions? options = null)
        : base(range, options ?? new StateBackendOptions())
    {
    }

    /// <summary>A backend for <paramref name="range"/> holding the entries of <paramref name="snapshots"/> (of either backend) in that range.</summary>
    public static HeapKeyedStateBackend Restore(IReadOnlyList<string> snapshots, KeyGroupRange range, StateBackendOptions? options = null)
    {
        var backend = new HeapKeyedStateBackend(range, options);
        try
        {
            backend.RestoreFrom(snapshots);
            return backend;
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    public override SnapshotManifest Snapshot(string directory)
    {
        if (Directory.Exists(directory) || File.Exists(directory))
        {
            throw new IOException($"Snapshot directory '{directory}' already exists; a snapshot needs a new directory.");
        }

        Directory.CreateDirectory(directory);
        var tables = new List<SnapshotTable>();
        var files = new List<SnapshotFile>();
        int index = 0;
        foreach (HeapStateTable table in _tables.Values)
        {
            string file = $"table-{index++}.bin";
            SnapshotTable description = Describe(table, file);
            long now = Options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            IEnumerable<KeyValuePair<byte[], byte[]>> entries = table.Scan([], null);
            if (description.TtlMillis > 0)
            {
                entries = entries.Where(e => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(e.Value) > now);
            }

            HeapTableFile.Write(Path.Combine(directory, file), entries);
            tables.Add(description);
            files.Add(SnapshotManifest.Describe(directory, file));
        }

        SnapshotManifest manifest = NewManifest("heap", tables, files);
        manifest.Write(directory);
        return manifest;
    }

    private protected override IStateTable Table(string name, int keyGroupOffset)
    {
        if (!_tables.TryGetValue(name, out HeapStateTable? table))
        {
            table = new HeapStateTable(name, keyGroupOffset);
            _tables[name] = table;
        }

        return table;
    }

    private protected override IEnumerable<IStateTable> Tables() => _tables.Values;
}
