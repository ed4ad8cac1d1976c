using System.Globalization;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The checked WITH options of a nexmark table (Flink's Nexmark source names plus <c>seed</c> and <c>base-time</c>).</summary>
/// <param name="FirstEventRate">Events per second of event time in the first rate step.</param>
/// <param name="NextEventRate">Events per second of event time in the second rate step (defaults to the first).</param>
/// <param name="EventCount">Events to generate; 0 means unbounded.</param>
/// <param name="PersonProportion">Persons per <see cref="TotalProportion"/> events.</param>
/// <param name="AuctionProportion">Auctions per <see cref="TotalProportion"/> events.</param>
/// <param name="BidProportion">Bids per <see cref="TotalProportion"/> events.</param>
/// <param name="RateLimited">Emit each event no earlier than its event time's offset from event 0, by the wall clock.</param>
/// <param name="MaxEmitSpeed">Emit as fast as possible even when <paramref name="RateLimited"/> is set.</param>
/// <param name="Seed">The seed every generated value derives from.</param>
/// <param name="SeedGiven">True when the table set <c>seed</c> (the output is then reproducible).</param>
/// <param name="BaseTimeMillis">Event time of event 0, epoch milliseconds.</param>
public sealed record NexmarkOptions(
    long FirstEventRate,
    long NextEventRate,
    long EventCount,
    int PersonProportion,
    int AuctionProportion,
    int BidProportion,
    bool RateLimited,
    bool MaxEmitSpeed,
    long Seed,
    bool SeedGiven,
    long BaseTimeMillis)
{
    public const string FirstEventRateKey = "first-event.rate";
    public const string NextEventRateKey = "next-event.rate";
    public const string EventCountKey = "events.num";
    public const string PersonProportionKey = "person.proportion";
    public const string AuctionProportionKey = "auction.proportion";
    public const string BidProportionKey = "bid.proportion";
    public const string RateLimitedKey = "rate.limited";
    public const string MaxEmitSpeedKey = "max-emit-speed";
    public const string SeedKey = "seed";
    public const string BaseTimeKey = "base-time";

    /// <summary>Flink's default event rate: ten million events per second.</summary>
    public const long DefaultEventRate = 10_000_000;

    /// <summary>Highest accepted rate; keeps the microsecond arithmetic of event times far from overflow.</summary>
    public const long MaxEventRate = 1_000_000_000;

    /// <summary>Highest accepted proportion.</summary>
    public const int MaxProportion = 1_000_000;

    /// <summary>Event time of event 0 when a seed is given and <c>base-time</c> is not: 2026-01-01 00:00:00.</summary>
    public static readonly long DefaultSeededBaseTimeMillis = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The option keys a nexmark table accepts.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "connector", FirstEventRateKey, NextEventRateKey, EventCountKey, PersonProportionKey, AuctionProportionKey,
        BidProportionKey, RateLimitedKey, MaxEmitSpeedKey, SeedKey, BaseTimeKey,
    ];

    private static readonly string[] BaseTimeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    public int TotalProportion => PersonProportion + AuctionProportion + BidProportion;

    public bool IsBounded => EventCount > 0;

    /// <summary>Reads and checks the options; without a seed one is drawn at random, and <paramref name="clock"/> gives the default base time.</summary>
    public static NexmarkOptions Parse(ConnectorOptions options, TimeProvider clock)
    {
        options.Validate("nexmark", Keys);
        long firstRate = Rate(options, FirstEventRateKey, DefaultEventRate);
        long nextRate = Rate(options, NextEventRateKey, firstRate);
        long count = options.GetLong(EventCountKey, 0);
        if (count < 0)
        {
            throw new ConnectorException($"Option '{EventCountKey}' of table '{options.Table}' must be 0 (unbounded) or a positive number of events, not {count}.");
        }

        int person = Proportion(options, PersonProportionKey, 1);
        int auction = Proportion(options, AuctionProportionKey, 3);
        int bid = Proportion(options, BidProportionKey, 46);
        if (person + auction + bid == 0)
        {
            throw new ConnectorException(
                $"Table '{options.Table}' has all of '{PersonProportionKey}', '{AuctionProportionKey}' and '{BidProportionKey}' at 0; at least one must be positive (Flink's defaults are 1, 3 and 46).");
        }

        bool seedGiven = options.Contains(SeedKey);
        long seed = seedGiven ? options.GetLong(SeedKey, 0) : Random.Shared.NextInt64();
        long baseTime = options.Get(BaseTimeKey) is { } text
            ? ParseBaseTime(options.Table, text)
            : seedGiven ? DefaultSeededBaseTimeMillis : clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new NexmarkOptions(
            firstRate,
            nextRate,
            count,
            person,
            auction,
            bid,
            options.GetBool(RateLimitedKey, false),
            options.GetBool(MaxEmitSpeedKey, false),
            seed,
            seedGiven,
            baseTime);
    }

    private static long Rate(ConnectorOptions options, string key, long fallback)
    {
        long rate = options.GetLong(key, fallback);
        return rate is >= 1 and <= MaxEventRate
            ? rate
            : throw new ConnectorException($"Option '{key}' of table '{options.Table}' must be a number of events per second from 1 to {MaxEventRate}, not {rate}.");
    }

    private static int Proportion(ConnectorOptions options, string key, int fallback)
    {
        long value = options.GetLong(key, fallback);
        return value is >= 0 and <= MaxProportion
            ? (int)value
            : throw new ConnectorException($"Option '{key}' of table '{options.Table}' must be a whole number from 0 to {MaxProportion}, not {value}.");
    }

    private static long ParseBaseTime(string table, string text)
    {
        string trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long millis))
        {
            return millis;
        }

        if (DateTime.TryParseExact(trimmed, BaseTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime time))
        {
            return new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        throw new ConnectorException(
            $"Option '{BaseTimeKey}' of table '{table}' must be a timestamp 'yyyy-MM-dd HH:mm:ss[.SSS]' or epoch milliseconds, not '{text}'.");
    }
}
