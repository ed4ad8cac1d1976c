using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Keyed;
using VecFlow.State.KeyGroups;
using VecFlow.State.Serialization;
using VecFlow.State.Timers;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>When an interval join's kept rows leave state: one timer per key group and expiry bucket, and a list of the join keys whose rows expire in it.</summary>
/// <remarks>
/// <para>A row's expiry (<see cref="StreamJoinBounds.ExpiryOf"/>) is rounded up to a bucket, a sixteenth of the
/// interval's width (so rows stay in state at most that much longer than they could match). Per (key group, bucket)
/// the join keeps ONE event-time timer, set at the bucket's time on the empty key placed in that key group, and a list
/// in the state "cleanup-keys" (same key, the bucket as namespace) whose elements each name the distinct join keys of
/// one batch with rows expiring in the bucket. When the timer fires, those keys' rows are cleaned up and the list is
/// cleared. So an input batch costs one list append per key group it touches instead of one timer per row: timers per
/// row were a fifth of Nexmark q7's CPU and a quarter of the bytes it wrote to RocksDB. The bookkeeping lives in the
/// key groups of the keys it names, so snapshots split and restore by key group like all other state.</para>
/// <para>A timer set before this scheme (on a join key, its hash as namespace) has no list: its own key is cleaned up.</para>
/// </remarks>
internal sealed class IntervalJoinCleanup
{
    /// <summary>The list state naming the keys per bucket (stable for savepoints).</summary>
    public const string StateName = "cleanup-keys";

    private const int BucketsPerInterval = 16;

    private readonly HashSet<(int KeyGroup, long Time)> _registered = [];
    private readonly StateWriter _element = new();
    private Pending[] _pending = new Pending[256];
    private int _count;
    private IListState<byte[]>? _lists;
    private IKeyedStateBackend? _backend;

    public IntervalJoinCleanup(StreamJoinBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        long width = bounds.Upper >= bounds.Lower ? SaturatingWidth(bounds.Lower, bounds.Upper) : 0;
        BucketMillis = Math.Max(1, width / BucketsPerInterval);
    }

    /// <summary>The width of an expiry bucket in milliseconds.</summary>
    public long BucketMillis { get; }

    public void Open(IKeyedStateBackend backend)
    {
        _backend = backend;
        _lists = backend.GetListState(new ListStateDescriptor<byte[]>(StateName, StateSerializers.Bytes));
        _registered.Clear();
        _count = 0;
    }

    /// <summary>The time of the bucket <paramref name="expiry"/> falls in: the smallest multiple of the bucket width at or after it.</summary>
    public long BucketOf(long expiry)
    {
        if (expiry > long.MaxValue - BucketMillis)
        {
            return long.MaxValue;
        }

        // Division truncates toward zero: a positive remainder rounds up, a negative one is already rounded up.
        long quotient = Math.DivRem(expiry, BucketMillis, out long remainder);
        return (remainder > 0 ? quotient + 1 : quotient) * BucketMillis;
    }

    /// <summary>Notes that the key in slot <paramref name="slot"/> of the batch's distinct keys (of key group <paramref name="keyGroup"/>) keeps a row until <paramref name="expiry"/>.</summary>
    public void Add(int slot, int keyGroup, long expiry)
    {
        if (_count == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }

        _pending[_count++] = new Pending(keyGroup, BucketOf(expiry), slot);
    }

    /// <summary>Writes what <see cref="Add"/> noted for the batch whose distinct keys are <paramref name="distinct"/>: per (key group, bucket) one list element and, once, a timer.</summary>
    public void Flush(EncodedKeys distinct)
    {
        if (_count == 0)
        {
            return;
        }

        IKeyedStateBackend backend = _backend ?? throw new InvalidOperationException("The interval join's cleanup was used before Open.");
        Span<Pending> pending = _pending.AsSpan(0, _count);
        pending.Sort();

        var listKeys = new EncodedKeys(backend.MaxParallelism);
        var namespaces = new List<long>();
        var elements = new List<byte[]>();
        var timerKeys = new EncodedKeys(backend.MaxParallelism);
        var timerTimes = new List<long>();
        for (int start = 0; start < pending.Length;)
        {
            int group = pending[start].KeyGroup;
            long bucket = pending[start].Bucket;
            int end = start;
            _element.Clear();
            for (; end < pending.Length && pending[end].KeyGroup == group && pending[end].Bucket == bucket; end++)
            {
                int slot = pending[end].Slot;
                if (end == start || pending[end - 1].Slot != slot)
                {
                    _element.WriteInt64((long)distinct.Hashes[slot]);
                    _element.WriteBytes(distinct.Key(slot));
                }
            }

            ulong hash = KeyGroupAssignment.HashInKeyGroup(group, backend.MaxParallelism);
            listKeys.Add([], hash);
            namespaces.Add(bucket);
            elements.Add(_element.ToArray());
            if (_registered.Add((group, bucket)))
            {
                timerKeys.Add([], hash);
                timerTimes.Add(bucket);
            }

            start = end;
        }

        _count = 0;
        _lists!.AddValues(listKeys, namespaces.ToArray(), elements.ToArray());
        if (timerKeys.Count > 0)
        {
            long[] times = [.. timerTimes];
            backend.Timers.Register(TimeDomain.EventTime, timerKeys, times, times);
        }
    }

    /// <summary>The distinct join keys whose rows the <paramref name="fired"/> timers clean up, into <paramref name="into"/> (cleared first); their lists are removed.</summary>
    public void KeysOf(IReadOnlyList<FiredTimer> fired, EncodedKeys into)
    {
        into.Clear();
        IKeyedStateBackend backend = _backend ?? throw new InvalidOperationException("The interval join's cleanup was used before Open.");
        var lists = new EncodedKeys(backend.MaxParallelism);
        long[] namespaces = new long[fired.Count];
        for (int i = 0; i < fired.Count; i++)
        {
            lists.Add(fired[i].Key, KeyGroupAssignment.HashInKeyGroup(fired[i].KeyGroup, backend.MaxParallelism));
            namespaces[i] = fired[i].Namespace;
            _registered.Remove((fired[i].KeyGroup, fired[i].Namespace));
        }

        var seen = new DistinctKeys(into);
        bool[] listed = new bool[fired.Count];
        _lists!.ReadSerialized(lists, namespaces, (timer, element) =>
        {
            listed[timer] = true;

            // The element as the bytes serializer wrote it: a length, then the keys.
            var outer = new StateReader(element);
            var reader = new StateReader(outer.ReadBytes());
            while (reader.Remaining > 0)
            {
                ulong hash = (ulong)reader.ReadInt64();
                seen.Add(reader.ReadBytes(), hash);
            }
        });

        for (int i = 0; i < fired.Count; i++)
        {
            // A per-row timer of the earlier scheme: its key is the join key, its namespace the key's hash. (A bucket's
            // timer - the empty key, namespace = time - without a list has nothing left to clean.)
            if (!listed[i] && !(fired[i].Key.Length == 0 && fired[i].Namespace == fired[i].Time))
            {
                seen.Add(fired[i].Key, (ulong)fired[i].Namespace);
            }
        }

        _lists.Clear(lists, namespaces);
    }

    /// <summary>Forgets every bucket (the end of input removes all rows and timers at once).</summary>
    public void ClearAll()
    {
        _lists?.ClearAll();
        _registered.Clear();
        _count = 0;
    }

    private static long SaturatingWidth(long lower, long upper)
    {
        long width = unchecked(upper - lower);
        return width < 0 ? long.MaxValue : width;
    }

    /// <summary>A kept row's key (group and slot) and bucket; ordered by group, bucket, slot so each (group, bucket) is one run.</summary>
    private readonly record struct Pending(int KeyGroup, long Bucket, int Slot) : IComparable<Pending>
    {
        public int CompareTo(Pending other)
        {
            int byGroup = KeyGroup.CompareTo(other.KeyGroup);
            if (byGroup != 0)
            {
                return byGroup;
            }

            int byTime = Bucket.CompareTo(other.Bucket);
            return byTime != 0 ? byTime : Slot.CompareTo(other.Slot);
        }
    }

    /// <summary>Adds keys to an <see cref="EncodedKeys"/> once each.</summary>
    private sealed class DistinctKeys(EncodedKeys into)
    {
        private readonly Dictionary<ulong, int> _first = [];
        private readonly List<int> _next = [];

        public void Add(ReadOnlySpan<byte> key, ulong hash)
        {
            bool known = _first.TryGetValue(hash, out int first);
            for (int k = known ? first : -1; k >= 0; k = _next[k])
            {
                if (into.Key(k).SequenceEqual(key))
                {
                    return;
                }
            }

            _next.Add(known ? first : -1);
            _first[hash] = into.Count;
            into.Add(key, hash);
        }
    }
}
