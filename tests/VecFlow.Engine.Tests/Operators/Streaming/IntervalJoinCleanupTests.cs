using VecFlow.Engine.Operators.Streaming;
using VecFlow.State.Backends;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.State.Timers;

namespace VecFlow.Engine.Tests.Operators.Streaming;

public sealed class IntervalJoinCleanupTests : EngineTest
{
    private const int MaxParallelism = 128;

    public static TheoryData<string> Backends() => ["heap", "rocksdb"];

    [Theory]
    [InlineData(-10_000, 0, 625)]
    [InlineData(0, 15, 1)]
    [InlineData(-5, 5, 1)]
    [InlineData(long.MinValue, long.MaxValue, long.MaxValue / 16)]
    [InlineData(5, 3, 1)]
    public void The_bucket_is_a_sixteenth_of_the_interval_and_at_least_a_millisecond(long lower, long upper, long bucket) =>
        Assert.Equal(bucket, new IntervalJoinCleanup(new StreamJoinBounds(0, 0, lower, upper)).BucketMillis);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 625)]
    [InlineData(625, 625)]
    [InlineData(626, 1250)]
    [InlineData(-1, 0)]
    [InlineData(-625, -625)]
    [InlineData(-626, -625)]
    [InlineData(long.MaxValue - 10, long.MaxValue)]
    [InlineData(long.MinValue, long.MinValue + 183)]
    public void An_expiry_rounds_up_to_its_bucket(long expiry, long bucket) =>
        Assert.Equal(bucket, new IntervalJoinCleanup(new StreamJoinBounds(0, 0, -10_000, 0)).BucketOf(expiry));

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_fired_bucket_names_each_key_with_rows_expiring_in_it_once_and_later_buckets_stay(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        var cleanup = new IntervalJoinCleanup(new StreamJoinBounds(0, 0, -1600, 0));
        Assert.Equal(100, cleanup.BucketMillis);
        cleanup.Open(state);

        // Three batches; keys spread over many key groups; expiries 1..399 ms -> buckets 100, 200, 300, 400.
        var random = new Random(11);
        var expected = new Dictionary<long, HashSet<string>>();
        for (int batch = 0; batch < 3; batch++)
        {
            EncodedKeys distinct = Keys(Enumerable.Range(batch * 40, 60).Select(i => "key" + i));
            for (int row = 0; row < 200; row++)
            {
                int slot = random.Next(distinct.Count);
                long expiry = random.Next(1, 400);
                cleanup.Add(slot, distinct.KeyGroups[slot], expiry);
                long bucket = ((expiry + 99) / 100) * 100;
                (expected.TryGetValue(bucket, out HashSet<string>? keys) ? keys : expected[bucket] = []).Add(System.Text.Encoding.UTF8.GetString(distinct.Key(slot)));
            }

            cleanup.Flush(distinct);
        }

        // One timer per (key group, bucket), not per row.
        int groups = Enumerable.Range(0, 100).Select(i => KeyGroupAssignment.KeyGroupOf(Hash("key" + i), MaxParallelism)).Distinct().Count();
        Assert.InRange(state.Timers.Count(TimeDomain.EventTime), 4, 4 * groups);

        var cleaned = new EncodedKeys(MaxParallelism);
        cleanup.KeysOf(state.Timers.AdvanceWatermark(250), cleaned);
        Assert.Equal(
            expected[100].Union(expected[200]).Order(StringComparer.Ordinal),
            Names(cleaned).Order(StringComparer.Ordinal));

        // The fired buckets' lists are gone; the later ones fire with their own keys.
        cleanup.KeysOf(state.Timers.AdvanceWatermark(long.MaxValue - 1), cleaned);
        Assert.Equal(
            expected[300].Union(expected[400]).Order(StringComparer.Ordinal),
            Names(cleaned).Order(StringComparer.Ordinal));
        Assert.Equal(0, state.Timers.Count(TimeDomain.EventTime));
        if (state is HeapKeyedStateBackend)
        {
            // (RocksDB's entry counts are estimates that include deletions.)
            Assert.DoesNotContain(state.StateSizes(), s => s.Name == IntervalJoinCleanup.StateName && s.Entries > 0);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_per_row_timer_of_the_earlier_scheme_cleans_its_own_key(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        var cleanup = new IntervalJoinCleanup(new StreamJoinBounds(0, 0, -1600, 0));
        cleanup.Open(state);

        // Before the buckets, a join set a timer per row on the join key, its hash as namespace.
        EncodedKeys old = Keys(["legacy"]);
        state.Timers.Register(TimeDomain.EventTime, old, [(long)old.Hashes[0]], [42]);
        EncodedKeys distinct = Keys(["fresh"]);
        cleanup.Add(0, distinct.KeyGroups[0], 30);
        cleanup.Flush(distinct);

        var cleaned = new EncodedKeys(MaxParallelism);
        cleanup.KeysOf(state.Timers.AdvanceWatermark(200), cleaned);
        Assert.Equal(["fresh", "legacy"], Names(cleaned).Order(StringComparer.Ordinal));
        Assert.Equal(old.Hashes[0], cleaned.Hashes[Names(cleaned).IndexOf("legacy")]);
    }

    private IKeyedStateBackend Backend(string kind) => kind == "heap"
        ? new HeapKeyedStateBackend(KeyGroupAssignment.RangeOf(0, MaxParallelism, 1))
        : new RocksDbKeyedStateBackend(Path.Combine(Directory, "rocks"), KeyGroupAssignment.RangeOf(0, MaxParallelism, 1), new StateBackendOptions { WriteCacheBytes = 16 << 10 });

    private static EncodedKeys Keys(IEnumerable<string> names)
    {
        var keys = new EncodedKeys(MaxParallelism);
        foreach (string name in names)
        {
            keys.Add(System.Text.Encoding.UTF8.GetBytes(name), Hash(name));
        }

        return keys;
    }

    private static ulong Hash(string name) => System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(name));

    private static List<string> Names(EncodedKeys keys) =>
        [.. Enumerable.Range(0, keys.Count).Select(i => System.Text.Encoding.UTF8.GetString(keys.Key(i)))];
}
