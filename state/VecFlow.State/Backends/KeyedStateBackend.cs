using System.Buffers.Binary;
using System.Globalization;
using VecFlow.State.Descriptors;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Snapshots;
using VecFlow.State.Storage;
using VecFlow.State.Timers;

namespace VecFlow.State.Backends;

/// <summary>What both backends share: the state registry, handle creation, descriptor checks and restore by key-group range.</summary>
public abstract class KeyedStateBackend : IKeyedStateBackend
{
    /// <summary>The reserved name of the timers table.</summary>
    internal const string TimersTable = "__timers";

    private const int RestoreChunk = 4096;

    private readonly Dictionary<string, Registered> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SnapshotTable> _restored = new(StringComparer.Ordinal);
    private TimerService? _timers;

    private protected KeyedStateBackend(KeyGroupRange range, StateBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KeyGroupAssignment.Validate(options.MaxParallelism, 1);
        if (!range.IsEmpty && (range.Start < 0 || range.End >= options.MaxParallelism))
        {
            throw new ArgumentOutOfRangeException(nameof(range), $"Key-group range {range} is outside the job's key groups [0..{options.MaxParallelism - 1}].");
        }

        KeyGroupRange = range;
        Options = options;
    }

    public KeyGroupRange KeyGroupRange { get; }

    public int MaxParallelism => Options.MaxParallelism;

    public TimerService Timers => _timers ??= new TimerService(Table(TimersTable, TimerService.KeyGroupOffset), KeyGroupRange);

    protected StateBackendOptions Options { get; }

    /// <summary>Names of restored states no handle has claimed yet (the savepoint matcher reports them).</summary>
    public IReadOnlyCollection<string> UnclaimedRestoredStates =>
        [.. _restored.Keys.Where(name => name != TimersTable && !_states.ContainsKey(name))];

    public IValueState<T> GetValueState<T>(ValueStateDescriptor<T> descriptor) =>
        Handle<IValueState<T>>(descriptor, table => new ValueState<T>(descriptor, table, KeyGroupRange, Options.Clock));

    public IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) =>
        Handle<IListState<T>>(descriptor, table => new ListState<T>(descriptor, table, KeyGroupRange, Options.Clock));

    public IMapState<TKey, TValue> GetMapState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) =>
        Handle<IMapState<TKey, TValue>>(descriptor, table => new MapState<TKey, TValue>(descriptor, table, KeyGroupRange, Options.Clock));

    public IReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) =>
        Handle<IReducingState<T>>(descriptor, table => new ReducingState<T>(descriptor, table, KeyGroupRange, Options.Clock));

    public IReadOnlyList<StateSize> StateSizes() => [.. Tables().Select(t => t.Size())];

    /// <summary>The exact number of entries state <paramref name="name"/> holds (a full scan, for tests and diagnostics); 0 when no such state exists.</summary>
    /// <remarks><see cref="StateSizes"/> estimates (RocksDB counts deleted keys until compaction); this counts live entries only.</remarks>
    public long CountEntries(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        IStateTable? table = Tables().FirstOrDefault(t => t.Name == name);
        return table is null ? 0 : table.Scan([0], null).LongCount();
    }

    public abstract SnapshotManifest Snapshot(string directory);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The table of <paramref name="name"/>, created when new.</summary>
    private protected abstract IStateTable Table(string name, int keyGroupOffset);

    /// <summary>Every table that exists (registered, restored, timers).</summary>
    private protected abstract IEnumerable<IStateTable> Tables();

    /// <summary>The manifest entry of a table: from its descriptor, or as restored, or the timers table.</summary>
    private protected SnapshotTable Describe(IStateTable table, string? file)
    {
        if (_states.TryGetValue(table.Name, out Registered? registered))
        {
            StateDescriptor d = registered.Descriptor;
            return new SnapshotTable(d.Name, d.Kind.ToString(), d.Layout, d.FormatVersion, Hex(d.Fingerprint), d.Ttl?.Milliseconds ?? 0, table.KeyGroupOffset, file);
        }

        if (_restored.TryGetValue(table.Name, out SnapshotTable? restored))
        {
            return restored with { File = file };
        }

        return new SnapshotTable(table.Name, null, "TIMERS", 1, "0", 0, table.KeyGroupOffset, file);
    }

    private protected SnapshotManifest NewManifest(string backend, IReadOnlyList<SnapshotTable> tables, IReadOnlyList<SnapshotFile> files) => new()
    {
        Backend = backend,
        MaxParallelism = MaxParallelism,
        KeyGroupStart = KeyGroupRange.IsEmpty ? 0 : KeyGroupRange.Start,
        KeyGroupEnd = KeyGroupRange.End,
        CreatedAtMillis = Options.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
        Tables = tables,
        Files = files,
    };

    /// <summary>Loads the entries of <paramref name="snapshots"/> whose key group this backend owns (any backend's snapshots).</summary>
    private protected void RestoreFrom(IReadOnlyList<string> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        foreach (string directory in snapshots)
        {
            SnapshotManifest manifest = SnapshotManifest.Read(directory);
            if (manifest.MaxParallelism != MaxParallelism)
            {
                throw new StateMismatchException($"Snapshot '{directory}' was taken with max parallelism {manifest.MaxParallelism}; this job has {MaxParallelism}. Key groups only restore into the same max parallelism.");
            }

            manifest.VerifyFiles(directory);
            if (manifest.KeyGroupRange.Intersect(KeyGroupRange).IsEmpty)
            {
                continue;
            }

            foreach (SnapshotTable table in manifest.Tables)
            {
                IStateTable target = Claim(table, directory);
                Copy(SnapshotEntries.Read(directory, manifest, table, KeyGroupRange), table, target);
            }
        }
    }

    /// <summary>Records the tables of a snapshot whose files this backend took over whole (nothing to copy), as <see cref="RestoreFrom"/> would.</summary>
    private protected void Adopt(string directory, SnapshotManifest manifest)
    {
        foreach (SnapshotTable table in manifest.Tables)
        {
            Claim(table, directory);
        }
    }

    private IStateTable Claim(SnapshotTable table, string directory)
    {
        if (_restored.TryGetValue(table.Name, out SnapshotTable? earlier) && (earlier.Fingerprint != table.Fingerprint || earlier.Kind != table.Kind))
        {
            throw new StateMismatchException($"State '{table.Name}' is {table.Kind} {table.Layout} (fingerprint {table.Fingerprint}) in snapshot '{directory}' but {earlier.Kind} {earlier.Layout} (fingerprint {earlier.Fingerprint}) in another snapshot of the same restore.");
        }

        _restored[table.Name] = table with { File = null };
        return Table(table.Name, table.KeyGroupOffset);
    }

    private void Copy(IEnumerable<KeyValuePair<byte[], byte[]>> entries, SnapshotTable table, IStateTable target)
    {
        long now = Options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var keys = new List<byte[]>(RestoreChunk);
        var values = new List<byte[]?>(RestoreChunk);
        foreach (KeyValuePair<byte[], byte[]> entry in entries)
        {
            int group = BinaryPrimitives.ReadUInt16BigEndian(entry.Key.AsSpan(table.KeyGroupOffset));
            if (!KeyGroupRange.Contains(group) || (table.TtlMillis > 0 && BinaryPrimitives.ReadInt64LittleEndian(entry.Value) <= now))
            {
                continue;
            }

            keys.Add(entry.Key);
            values.Add(entry.Value);
            if (keys.Count == RestoreChunk)
            {
                target.Write(keys.ToArray(), values.ToArray());
                keys.Clear();
                values.Clear();
            }
        }

        target.Write(keys.ToArray(), values.ToArray());
    }

    private TState Handle<TState>(StateDescriptor descriptor, Func<IStateTable, TState> create)
        where TState : class, IKeyedState
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (_states.TryGetValue(descriptor.Name, out Registered? existing))
        {
            if (existing.Descriptor.Fingerprint != descriptor.Fingerprint || existing.Handle is not TState same)
            {
                throw new StateMismatchException($"State '{descriptor.Name}' is already registered as {existing.Descriptor}; it cannot also be {descriptor}. Give each state its own name.");
            }

            return same;
        }

        if (_restored.TryGetValue(descriptor.Name, out SnapshotTable? restored)
            && (restored.Kind != descriptor.Kind.ToString() || restored.Fingerprint != Hex(descriptor.Fingerprint)))
        {
            throw new StateMismatchException($"State '{descriptor.Name}' was restored as {restored.Kind} {restored.Layout} (fingerprint {restored.Fingerprint}) but the operator declares {descriptor}; the restored state cannot be read with the new layout.");
        }

        if (restored is not null && restored.TtlMillis > 0 && (descriptor.Ttl?.Milliseconds ?? 0) <= 0)
        {
            throw new StateMismatchException($"State '{descriptor.Name}' was restored with a TTL of {restored.TtlMillis} ms but the operator declares none; TTL cannot be switched off on restore.");
        }

        if (restored is not null && restored.TtlMillis <= 0 && (descriptor.Ttl?.Milliseconds ?? 0) > 0)
        {
            throw new StateMismatchException($"State '{descriptor.Name}' was restored without TTL but the operator declares one; TTL cannot be switched on on restore.");
        }

        TState handle = create(Table(descriptor.Name, 0));
        _states[descriptor.Name] = new Registered(descriptor, handle);
        return handle;
    }

    private static string Hex(ulong fingerprint) => fingerprint.ToString("x16", CultureInfo.InvariantCulture);

    private sealed record Registered(StateDescriptor Descriptor, IKeyedState Handle);
}
