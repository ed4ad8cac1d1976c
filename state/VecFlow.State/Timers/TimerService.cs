using System.Buffers.Binary;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Storage;

namespace VecFlow.State.Timers;

/// <summary>Event-time and processing-time timers per (key, namespace), kept in the backend so they survive snapshots.</summary>
/// <remarks>
/// Timers are entries of the backend's <c>__timers</c> table keyed <c>[domain: 1][time: 8 BE, sign flipped][key
/// group: 2 BE][key length: LEB128][key][namespace: 8]</c> with an empty value. The table orders by time, so it is the
/// priority queue: firing reads one contiguous range and deletes it; the same (domain, time, key, namespace)
/// registered twice is one entry, so timers are deduplicated for free. The key group sits at byte 9 (restore filters
/// on it).
/// <para>Firing remembers, per domain, the entry after the last fired one as the start of the next scan: RocksDB keeps
/// deleted timers as tombstones until compaction, and a scan from the table's start would step over every timer fired
/// so far on each watermark. A registration below that point moves it back. Firing with a limit returns the earliest
/// timers only, so an operator can fire millions of them (all windows at the end of bounded input) in bounded pieces.</para>
/// </remarks>
public sealed class TimerService
{
    /// <summary>Where the key group sits in a timer entry's key.</summary>
    internal const int KeyGroupOffset = 9;

    private readonly IStateTable _table;
    private readonly KeyGroupRange _range;

    // Per domain (index = domain byte): no pending timer sorts before this entry; null = scan from the domain's start.
    private readonly byte[]?[] _scanFrom = new byte[]?[3];

    // Per domain: no pending timer has an earlier time (long.MinValue = unknown). A firing below it has nothing to
    // fire and skips the scan, which on RocksDB would first flush the write-back cache on every watermark.
    private readonly long[] _dueFrom = [long.MinValue, long.MinValue, long.MinValue];

    internal TimerService(IStateTable table, KeyGroupRange range)
    {
        _table = table;
        _range = range;
    }

    /// <summary>Sets a timer for each key i at times[i] in namespace i (one namespace or time for all is allowed).</summary>
    public void Register(TimeDomain domain, EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<long> times)
    {
        byte[][] entries = Compose(domain, keys, namespaces, times);
        if (entries.Length > 0)
        {
            long earliest = long.MaxValue;
            foreach (long time in times)
            {
                earliest = Math.Min(earliest, time);
            }

            _dueFrom[(byte)domain] = Math.Min(_dueFrom[(byte)domain], earliest);
        }

        if (_scanFrom[(byte)domain] is { } from)
        {
            foreach (byte[] entry in entries)
            {
                if (ByteArrayComparer.Instance.Compare(entry, from) < 0)
                {
                    _scanFrom[(byte)domain] = null;
                    break;
                }
            }
        }

        byte[]?[] values = new byte[]?[entries.Length];
        Array.Fill(values, []);
        _table.Write(entries, values);
    }

    /// <summary>Removes the timers Register would have set with the same arguments (absent ones are ignored).</summary>
    public void Delete(TimeDomain domain, EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<long> times)
    {
        byte[][] entries = Compose(domain, keys, namespaces, times);
        _table.Write(entries, new byte[]?[entries.Length]);
    }

    /// <summary>Fires (returns and removes) every event-time timer with time &lt;= <paramref name="watermark"/>, in time order.</summary>
    public IReadOnlyList<FiredTimer> AdvanceWatermark(long watermark) => Fire(TimeDomain.EventTime, watermark, int.MaxValue);

    /// <summary>
    /// Fires (returns and removes) the earliest event-time timers with time &lt;= <paramref name="watermark"/>, at most
    /// <paramref name="limit"/>; call again until it returns fewer than the limit to fire them all in bounded pieces.
    /// </summary>
    public IReadOnlyList<FiredTimer> AdvanceWatermark(long watermark, int limit) => Fire(TimeDomain.EventTime, watermark, limit);

    /// <summary>Fires every processing-time timer with time &lt;= <paramref name="now"/>, in time order.</summary>
    public IReadOnlyList<FiredTimer> AdvanceProcessingTime(long now) => Fire(TimeDomain.ProcessingTime, now, int.MaxValue);

    /// <summary>Fires the earliest processing-time timers with time &lt;= <paramref name="now"/>, at most <paramref name="limit"/> (see <see cref="AdvanceWatermark(long, int)"/>).</summary>
    public IReadOnlyList<FiredTimer> AdvanceProcessingTime(long now, int limit) => Fire(TimeDomain.ProcessingTime, now, limit);

    /// <summary>Removes every timer of <paramref name="domain"/> (one range delete, no scan).</summary>
    public void Clear(TimeDomain domain)
    {
        _table.DeleteRanges([[(byte)domain]], [[(byte)(domain + 1)]]);
        _scanFrom[(byte)domain] = null;
        _dueFrom[(byte)domain] = long.MaxValue;
    }

    /// <summary>The earliest pending timer's time in <paramref name="domain"/>, or null.</summary>
    public long? NextTime(TimeDomain domain)
    {
        foreach (KeyValuePair<byte[], byte[]> entry in _table.Scan(_scanFrom[(byte)domain] ?? [(byte)domain], [(byte)(domain + 1)]))
        {
            return StateKeyLayout.ReadNamespace(entry.Key.AsSpan(1));
        }

        return null;
    }

    /// <summary>Pending timers in <paramref name="domain"/> (a scan; for tests and metrics).</summary>
    public int Count(TimeDomain domain) => _table.Scan([(byte)domain], [(byte)(domain + 1)]).Count();

    private List<FiredTimer> Fire(TimeDomain domain, long upTo, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (upTo < _dueFrom[(byte)domain])
        {
            return [];
        }

        // Scan to the domain's end and stop at the first timer after upTo: its time is the next one due, so the
        // watermarks before it fire nothing without a scan (a scan flushes the write-back cache first, which cost a
        // tenth of an interval join's CPU when every watermark scanned).
        byte[] from = _scanFrom[(byte)domain] ?? [(byte)domain];
        byte[] to = [(byte)(domain + 1)];
        var fired = new List<FiredTimer>();
        var keys = new List<byte[]>();
        long next = long.MaxValue;
        foreach (KeyValuePair<byte[], byte[]> entry in _table.Scan(from, to))
        {
            ReadOnlySpan<byte> key = entry.Key;
            long time = StateKeyLayout.ReadNamespace(key[1..]);
            if (time > upTo)
            {
                next = time;
                break;
            }

            StateKeyLayout.Parse(key[KeyGroupOffset..], out int keyGroup, out ReadOnlySpan<byte> stateKey, out long ns, out _);
            fired.Add(new FiredTimer(domain, time, keyGroup, stateKey.ToArray(), ns));
            keys.Add(entry.Key);
            if (fired.Count == limit)
            {
                break;
            }
        }

        if (keys.Count > 0)
        {
            // The smallest key after the last fired one: the last entry followed by a zero byte.
            byte[] last = keys[^1];
            byte[] after = new byte[last.Length + 1];
            last.CopyTo(after, 0);
            _scanFrom[(byte)domain] = after;
            _table.Write(keys.ToArray(), new byte[]?[keys.Count]);
        }

        // All timers up to upTo fired and the next pending one is at next, or (a full piece) none before the last
        // fired time is left. Register lowers it again for an earlier new timer.
        _dueFrom[(byte)domain] = fired.Count < limit ? next : fired[^1].Time;
        return fired;
    }

    private byte[][] Compose(TimeDomain domain, EncodedKeys keys, ReadOnlySpan<long> namespaces, ReadOnlySpan<long> times)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int n = keys.Count;
        if ((namespaces.Length != 1 && namespaces.Length != n) || (times.Length != 1 && times.Length != n))
        {
            throw new ArgumentException($"Give one namespace and time for all keys or one per key: got {namespaces.Length} namespaces and {times.Length} times for {n} keys.");
        }

        byte[][] entries = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            int group = keys.KeyGroups[i];
            if (!_range.Contains(group))
            {
                throw new ArgumentException($"Key {i} belongs to key group {group}, outside this backend's range {_range}; a timer can only be set for an owned key.", nameof(keys));
            }

            ReadOnlySpan<byte> key = keys.Key(i);
            byte[] entry = new byte[KeyGroupOffset + StateKeyLayout.Size(key.Length)];
            entry[0] = (byte)domain;
            StateKeyLayout.WriteNamespace(entry.AsSpan(1), times.Length == 1 ? times[0] : times[i]);
            StateKeyLayout.Write(entry.AsSpan(KeyGroupOffset), group, key, namespaces.Length == 1 ? namespaces[0] : namespaces[i]);
            entries[i] = entry;
        }

        return entries;
    }

    internal static int KeyGroupOfEntry(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt16BigEndian(entry[KeyGroupOffset..]);
}
