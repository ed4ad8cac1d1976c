using RocksDbSharp;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Storage;

namespace VecFlow.State.Snapshots;

/// <summary>Reads one table's entries out of a snapshot of either backend, narrowed to a key-group range where the layout allows.</summary>
internal static class SnapshotEntries
{
    /// <summary>The folder of a RocksDB snapshot that holds the native checkpoint.</summary>
    public const string RocksDbFolder = "db";

    public static IEnumerable<KeyValuePair<byte[], byte[]>> Read(string directory, SnapshotManifest manifest, SnapshotTable table, KeyGroupRange range) =>
        manifest.Backend switch
        {
            "heap" => HeapTableFile.Read(Path.Combine(directory, table.File ?? throw new SnapshotCorruptException($"The manifest of '{directory}' names no file for state '{table.Name}'."))),
            "rocksdb" => ReadCheckpoint(Path.Combine(directory, RocksDbFolder), table, range),
            _ => throw new SnapshotCorruptException($"Snapshot '{directory}' is of backend '{manifest.Backend}'; known are 'heap' and 'rocksdb'."),
        };

    private static IEnumerable<KeyValuePair<byte[], byte[]>> ReadCheckpoint(string path, SnapshotTable table, KeyGroupRange range)
    {
        var options = new DbOptions();
        var families = new ColumnFamilies();
        foreach (string name in RocksDb.ListColumnFamilies(options, path))
        {
            if (name != "default")
            {
                families.Add(name, RocksDbFamilies.Options());
            }
        }

        using RocksDb db = OpenReadOnly(options, path, families);
        ColumnFamilyHandle family = db.TryGetColumnFamily(table.Name, out ColumnFamilyHandle handle)
            ? handle
            : throw new SnapshotCorruptException($"The RocksDB checkpoint '{path}' has no column family for state '{table.Name}' that its manifest lists.");
        var read = new ReadOptions();
        byte[] from = [];
        if (table.KeyGroupOffset == 0)
        {
            // State keys start with the key group: read just the owned range.
            from = StateKeyLayout.KeyGroupStart(range.Start);
            read.SetIterateUpperBound(StateKeyLayout.KeyGroupStart(range.End + 1));
        }

        using Iterator iterator = db.NewIterator(family, read);
        for (iterator.Seek(from); iterator.Valid(); iterator.Next())
        {
            yield return new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
        }

        // The families' options hold the merge operator's callbacks, which reads call until here.
        GC.KeepAlive(families);
    }

    private static RocksDb OpenReadOnly(DbOptions options, string path, ColumnFamilies families)
    {
        try
        {
            return RocksDb.OpenReadOnly(options, path, families, false);
        }
        catch (RocksDbException e)
        {
            throw new SnapshotCorruptException($"The RocksDB checkpoint '{path}' cannot be opened: {e.Message}", e);
        }
    }
}
