using RocksDbSharp;
using VecFlow.State.KeyGroups;
using VecFlow.State.Snapshots;
using VecFlow.State.Storage;

namespace VecFlow.State.Backends;

/// <summary>Keyed state in RocksDB: one column family per state, a write-back cache in front, native checkpoints as snapshots.</summary>
/// <remarks>
/// The database lives in a working directory of its own (it must be new or empty). The write-ahead log is off: state
/// is made durable by snapshots (a checkpoint flushes the memtables first), exactly as a job restores from its last
/// checkpoint, never from a crashed working directory.
/// </remarks>
public sealed class RocksDbKeyedStateBackend : KeyedStateBackend
{
    private readonly RocksDb _db;
    private readonly WriteOptions _writeOptions;
    private readonly WriteBackCache _cache;
    private readonly Dictionary<string, RocksDbStateTable> _tables = new(StringComparer.Ordinal);

    // The options of every open column family: they hold the merge operator's callbacks, which RocksDB calls for as
    // long as the database is open (a collected callback crashes the process).
    private readonly List<ColumnFamilyOptions> _familyOptions = [];
    private bool _disposed;

    public RocksDbKeyedStateBackend(string workingDirectory, KeyGroupRange range, StateBackendOptions? options = null)
        : base(range, options ?? new StateBackendOptions())
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workingDirectory);
        if (Directory.Exists(workingDirectory) && Directory.EnumerateFileSystemEntries(workingDirectory).Any())
        {
            throw new IOException($"RocksDB working directory '{workingDirectory}' is not empty; each backend needs a new or empty directory.");
        }

        Directory.CreateDirectory(workingDirectory);
        WorkingDirectory = workingDirectory;
        var dbOptions = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        _db = RocksDb.Open(dbOptions, workingDirectory, new ColumnFamilies());
        _writeOptions = new WriteOptions().DisableWal(1);
        _cache = new WriteBackCache(_db, _writeOptions, Options.WriteCacheBytes);
    }

    public string WorkingDirectory { get; }

    /// <summary>Names this backend instance in shared checkpoint files (an SST file number is unique only within one database).</summary>
    internal string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Entries the write-back cache holds now (tests and metrics).</summary>
    public int CachedEntries => _cache.Count;

    /// <summary>Bytes the write-back cache holds now.</summary>
    public long CachedBytes => _cache.Bytes;

    /// <summary>How many WriteBatches the cache has flushed.</summary>
    public long CacheFlushes => _cache.Flushes;

    /// <summary>A backend in <paramref name="workingDirectory"/> for <paramref name="range"/> holding the entries of <paramref name="snapshots"/> in that range.</summary>
    /// <remarks>
    /// When a single RocksDB snapshot covers exactly <paramref name="range"/> (a restart at the same parallelism), its
    /// database becomes the backend's as is: SST files are hard-linked into the working directory (copied where links
    /// are impossible) and opened, in time independent of the state's size. Otherwise the entries of the key groups in
    /// range are copied over one by one.
    /// </remarks>
    public static RocksDbKeyedStateBackend Restore(IReadOnlyList<string> snapshots, string workingDirectory, KeyGroupRange range, StateBackendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        options ??= new StateBackendOptions();
        if (WholeDatabase(snapshots, range, options) is var (snapshot, manifest))
        {
            return Adopt(snapshot, manifest, workingDirectory, range, options);
        }

        var backend = new RocksDbKeyedStateBackend(workingDirectory, range, options);
        try
        {
            backend.RestoreFrom(snapshots);
            backend._cache.Flush();
            backend._cache.Clear();
            return backend;
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>The one RocksDB snapshot among <paramref name="snapshots"/> with key groups in <paramref name="range"/>, if it covers exactly that range and has no state with a TTL (whose expired entries a copy drops).</summary>
    private static (string Directory, SnapshotManifest Manifest)? WholeDatabase(IReadOnlyList<string> snapshots, KeyGroupRange range, StateBackendOptions options)
    {
        var overlapping = new List<(string, SnapshotManifest)>();
        foreach (string directory in snapshots)
        {
            SnapshotManifest manifest = SnapshotManifest.Read(directory);
            if (!manifest.KeyGroupRange.Intersect(range).IsEmpty)
            {
                overlapping.Add((directory, manifest));
            }
        }

        return overlapping is [var (only, m)]
            && m.Backend == "rocksdb"
            && m.MaxParallelism == options.MaxParallelism
            && m.KeyGroupRange == range
            && m.Tables.All(t => t.TtlMillis == 0)
            && Directory.Exists(Path.Combine(only, SnapshotEntries.RocksDbFolder))
            ? (only, m)
            : null;
    }

    /// <summary>A backend whose database is the snapshot's: its files linked into <paramref name="workingDirectory"/> and opened.</summary>
    private static RocksDbKeyedStateBackend Adopt(string snapshot, SnapshotManifest manifest, string workingDirectory, KeyGroupRange range, StateBackendOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workingDirectory);
        manifest.VerifyFiles(snapshot);
        if (Directory.Exists(workingDirectory) && Directory.EnumerateFileSystemEntries(workingDirectory).Any())
        {
            throw new IOException($"RocksDB working directory '{workingDirectory}' is not empty; each backend needs a new or empty directory.");
        }

        Directory.CreateDirectory(workingDirectory);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(snapshot, SnapshotEntries.RocksDbFolder)))
        {
            string target = Path.Combine(workingDirectory, Path.GetFileName(file));
            if (file.EndsWith(".sst", StringComparison.Ordinal))
            {
                // SST files are immutable: the database and the checkpoint can share them.
                FileLinks.LinkOrCopy(file, target);
            }
            else
            {
                // CURRENT, MANIFEST, OPTIONS: RocksDB rewrites these, so the database gets copies of its own.
                File.Copy(new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file, target);
            }
        }

        var backend = new RocksDbKeyedStateBackend(workingDirectory, range, options, manifest.Tables);
        try
        {
            backend.Adopt(snapshot, manifest);
            return backend;
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>Opens the database already in <paramref name="workingDirectory"/> with a column family per table of <paramref name="tables"/>.</summary>
    private RocksDbKeyedStateBackend(string workingDirectory, KeyGroupRange range, StateBackendOptions options, IReadOnlyList<SnapshotTable> tables)
        : base(range, options)
    {
        WorkingDirectory = workingDirectory;
        var dbOptions = new DbOptions().SetCreateIfMissing(false).SetCreateMissingColumnFamilies(true);
        var families = new ColumnFamilies();
        foreach (string name in RocksDb.ListColumnFamilies(dbOptions, workingDirectory).Where(n => n != "default").Union(tables.Select(t => t.Name)))
        {
            ColumnFamilyOptions familyOptions = RocksDbFamilies.Options();
            _familyOptions.Add(familyOptions);
            families.Add(name, familyOptions);
        }

        _db = RocksDb.Open(dbOptions, workingDirectory, families);
        _writeOptions = new WriteOptions().DisableWal(1);
        _cache = new WriteBackCache(_db, _writeOptions, Options.WriteCacheBytes);
        // An adopted database holds keys the cache never flushed: every read must ask RocksDB.
        _cache.Stored.Disable();
        foreach (SnapshotTable table in tables)
        {
            _tables[table.Name] = new RocksDbStateTable(_db, _db.GetColumnFamily(table.Name), _tables.Count, table.Name, table.KeyGroupOffset, _cache, _writeOptions);
        }
    }

    public override SnapshotManifest Snapshot(string directory) => Snapshot(directory, null);

    /// <summary>
    /// A snapshot whose SST files <paramref name="share"/> may take out of the snapshot (into a checkpoint's shared
    /// folder): it gets each SST file's full path and its path relative to <paramref name="directory"/> and returns the
    /// file's manifest entry. SST files are immutable, so one unchanged between two checkpoints is the same file.
    /// </summary>
    internal SnapshotManifest Snapshot(string directory, Func<string, string, SnapshotFile>? share)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Directory.Exists(directory) || File.Exists(directory))
        {
            throw new IOException($"Snapshot directory '{directory}' already exists; a snapshot needs a new directory.");
        }

        _cache.Flush();
        Directory.CreateDirectory(directory);
        string checkpoint = Path.Combine(directory, SnapshotEntries.RocksDbFolder);
        using (Checkpoint native = _db.Checkpoint())
        {
            native.Save(checkpoint, 0);
        }

        var files = Directory.EnumerateFiles(checkpoint, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(directory, path))
            .Order(StringComparer.Ordinal)
            .Select(relative => share is not null && relative.EndsWith(".sst", StringComparison.Ordinal)
                ? share(Path.Combine(directory, relative), relative)
                : SnapshotManifest.Describe(directory, relative))
            .ToList();
        var tables = _tables.Values.Select(t => Describe(t, null)).ToList();
        SnapshotManifest manifest = NewManifest("rocksdb", tables, files);
        manifest.Write(directory);
        return manifest;
    }

    /// <summary>Writes every cached change to RocksDB (one WriteBatch).</summary>
    public void Flush() => _cache.Flush();

    /// <summary>Compacts every state fully (tests: rewrites every SST file, so an incremental checkpoint shares nothing old).</summary>
    internal void Compact()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _cache.Flush();
        foreach (RocksDbStateTable table in _tables.Values)
        {
            _db.CompactRange((byte[]?)null, null, table.Family);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _db.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override IStateTable Table(string name, int keyGroupOffset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_tables.TryGetValue(name, out RocksDbStateTable? table))
        {
            ColumnFamilyOptions familyOptions = RocksDbFamilies.Options();
            _familyOptions.Add(familyOptions);
            ColumnFamilyHandle family = _db.CreateColumnFamily(familyOptions, name);
            table = new RocksDbStateTable(_db, family, _tables.Count, name, keyGroupOffset, _cache, _writeOptions);
            _tables[name] = table;
        }

        return table;
    }

    private protected override IEnumerable<IStateTable> Tables() => _tables.Values;
}
