using System.Text.RegularExpressions;
using VecFlow.Engine.Connectors.Nexmark;

namespace VecFlow.Engine.Tests.Connectors.Nexmark;

public sealed partial class NexmarkEventModelTests : NexmarkTest
{
    private static readonly string[] Cities = ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];
    private static readonly string[] States = ["AZ", "CA", "ID", "OR", "WA", "WY"];
    private static readonly string[] HotChannels = ["Google", "Facebook", "Baidu", "Apple"];

    private static readonly int[] IdColumns = [.. new[] { "event_type", "person.id", "auction.id", "auction.seller", "bid.auction", "bid.bidder" }.Select(Column)];

    private static readonly int[] TimeColumns = [Column("person.dateTime"), Column("auction.dateTime"), Column("bid.dateTime")];

    private static readonly string[] PersonTextFields = ["name", "emailAddress", "creditCard", "city", "state", "extra"];

    private static readonly string[] PersonColumns = [.. NexmarkSchema.Fields.Names.Where(n => n.StartsWith("person.", StringComparison.Ordinal))];
    private static readonly string[] AuctionColumns = [.. NexmarkSchema.Fields.Names.Where(n => n.StartsWith("auction.", StringComparison.Ordinal))];
    private static readonly string[] BidColumns = [.. NexmarkSchema.Fields.Names.Where(n => n.StartsWith("bid.", StringComparison.Ordinal))];

    [Fact]
    public void Default_proportions_are_exactly_one_person_three_auctions_and_46_bids_per_50_events_in_that_order()
    {
        List<object?[]> rows = ReadAll(Source(("seed", "1"), ("events.num", "5000")), 3, 777, [Column("event_type")]);
        int[] kinds = [.. rows.Select(r => (int)r[0]!)];
        for (int epoch = 0; epoch < 100; epoch++)
        {
            int[] block = kinds[(epoch * 50)..((epoch + 1) * 50)];
            Assert.Equal([0, 1, 1, 1, .. Enumerable.Repeat(2, 46)], block);
        }
    }

    [Fact]
    public void Custom_proportions_are_exact_per_epoch()
    {
        List<object?[]> rows = ReadAll(Source(("seed", "1"), ("events.num", "600"), ("person.proportion", "2"), ("auction.proportion", "1"), ("bid.proportion", "3")), 4, 50, [Column("event_type")]);
        int[] kinds = [.. rows.Select(r => (int)r[0]!)];
        int[] epoch = [0, 0, 1, 2, 2, 2];
        Assert.Equal(Enumerable.Range(0, 100).SelectMany(_ => epoch), kinds);
    }

    [Fact]
    public void Person_and_auction_ids_start_at_1000_and_are_dense_and_references_point_to_existing_ids()
    {
        List<object?[]> rows = ReadAll(Source(("seed", "13"), ("events.num", "20000")), 5, 1000, IdColumns);
        long persons = 0;
        long auctions = 0;
        foreach (object?[] row in rows)
        {
            switch ((int)row[0]!)
            {
                case 0:
                    Assert.Equal(1000 + persons, row[1]);
                    persons++;
                    break;
                case 1:
                    Assert.Equal(1000 + auctions, row[2]);
                    auctions++;
                    Assert.InRange((long)row[3]!, 1000, 1000 + persons - 1);
                    break;
                default:
                    Assert.InRange((long)row[4]!, 1000, 1000 + auctions - 1);
                    Assert.InRange((long)row[5]!, 1000, 1000 + persons - 1);
                    break;
            }
        }

        Assert.Equal(400, persons);
        Assert.Equal(1200, auctions);
    }

    [Fact]
    public void Hot_sellers_bidders_and_auctions_dominate()
    {
        int[] columns = [Column("event_type"), Column("auction.seller"), Column("bid.auction"), Column("bid.bidder")];
        List<object?[]> rows = ReadAll(Source(("seed", "21"), ("events.num", "50000")), 2, 8192, columns);
        List<object?[]> auctions = [.. rows.Where(r => (int)r[0]! == 1)];
        List<object?[]> bids = [.. rows.Where(r => (int)r[0]! == 2)];

        // 3 in 4 sellers are a hot seller (an id ending in 00 after the base 1000), 1 in 2 bid auctions a hot auction.
        double hotSellers = auctions.Count(r => ((long)r[1]! - 1000) % 100 == 0) / (double)auctions.Count;
        Assert.InRange(hotSellers, 0.72, 0.80);
        double hotAuctions = bids.Count(r => ((long)r[2]! - 1000) % 100 == 0) / (double)bids.Count;
        Assert.InRange(hotAuctions, 0.47, 0.55);
        double hotBidders = bids.Count(r => ((long)r[3]! - 1000) % 100 == 1) / (double)bids.Count;
        Assert.InRange(hotBidders, 0.70, 0.80);
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(3, 5)]
    [InlineData(7_000_000, 17)]
    public void Event_times_advance_by_a_millionth_of_the_rate_in_microseconds_from_the_base_time(long rate, long seed)
    {
        string baseTime = "2024-02-29 23:59:58";
        long baseMillis = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.Zero).ToUnixTimeMilliseconds();
        List<object?[]> rows = ReadAll(Source(("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("events.num", "3000"), ("first-event.rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("base-time", baseTime)), 3, 500, TimeColumns);
        for (int n = 0; n < rows.Count; n++)
        {
            long expected = baseMillis + (long)((Int128)n * 1_000_000 / rate / 1000);
            Assert.Equal(expected, rows[n][0] ?? rows[n][1] ?? rows[n][2]);
        }
    }

    [Fact]
    public void The_rate_alternates_between_first_and_next_every_300_seconds_of_event_time()
    {
        // 10 events/s for 300 s (3000 events), then 20 events/s for 300 s (6000 events), then again.
        List<object?[]> rows = ReadAll(Source(("seed", "1"), ("events.num", "12000"), ("first-event.rate", "10"), ("next-event.rate", "20"), ("base-time", "0")), 4, 2048, TimeColumns);
        long[] times = [.. rows.Select(r => (long)(r[0] ?? r[1] ?? r[2])!)];
        Assert.Equal(0, times[0]);
        Assert.Equal(299_900, times[2999]);
        Assert.Equal(300_000, times[3000]);
        Assert.Equal(300_050, times[3001]);
        Assert.Equal(600_000, times[9000]);
        Assert.Equal(600_100, times[9001]);
        Assert.True(times.Zip(times.Skip(1)).All(p => p.First <= p.Second), "event times are monotonic");
    }

    [Fact]
    public void Prices_are_log_uniform_between_100_and_100_million()
    {
        List<object?[]> rows = ReadAll(Source(("seed", "99"), ("events.num", "50000")), 2, 8192, [Column("bid.price"), Column("auction.initialBid"), Column("auction.reserve")]);
        long[] prices = [.. rows.Where(r => r[0] is not null).Select(r => (long)r[0]!)];
        Assert.Equal(46_000, prices.Length);
        Assert.All(prices, p => Assert.InRange(p, 100, 100_000_000));

        // log10(price) - 2 is uniform on [0, 6): each of the six decades holds about a sixth.
        int[] decades = new int[6];
        foreach (long price in prices)
        {
            decades[Math.Min(5, (int)Math.Floor(Math.Log10(price)) - 2)]++;
        }

        Assert.All(decades, d => Assert.InRange(d / (double)prices.Length, 0.155, 0.178));
        Assert.All(rows.Where(r => r[1] is not null), r => Assert.True((long)r[2]! > (long)r[1]!, "reserve exceeds the initial bid"));
    }

    [Fact]
    public void Categories_are_10_to_14_and_auctions_expire_after_they_start()
    {
        List<object?[]> rows = ReadColumns(Source(("seed", "8"), ("events.num", "20000"), ("first-event.rate", "1000")), "event_type", "auction.category", "auction.expires", "auction.dateTime");
        List<object?[]> auctions = [.. rows.Where(r => (int)r[0]! == 1)];
        Assert.Equal([10L, 11L, 12L, 13L, 14L], auctions.Select(r => (long)r[Column("auction.category")]!).Distinct().Order());
        Assert.All(auctions, r => Assert.True((long)r[Column("auction.expires")]! > (long)r[Column("auction.dateTime")]!));

        // 100 auctions in flight at 1000 events/s with 3 auctions per 50 events: about 1.7 s; an auction lasts up to twice that.
        double meanLength = auctions.Average(r => (long)r[Column("auction.expires")]! - (long)r[Column("auction.dateTime")]!);
        Assert.InRange(meanLength, 1400, 1950);
    }

    [Fact]
    public void Fields_of_the_other_kinds_are_null()
    {
        List<object?[]> rows = ReadAll(Source(("seed", "3"), ("events.num", "2000")), 2, 300);
        foreach (object?[] row in rows)
        {
            int kind = (int)row[0]!;
            Assert.All(PersonColumns, c => Assert.Equal(kind == 0, row[Column(c)] is not null));
            Assert.All(AuctionColumns, c => Assert.Equal(kind == 1, row[Column(c)] is not null));
            Assert.All(BidColumns, c => Assert.Equal(kind == 2, row[Column(c)] is not null));
        }
    }

    [Fact]
    public void Person_text_follows_the_model()
    {
        List<object?[]> persons = [.. ReadColumns(Source(("seed", "6"), ("events.num", "25000")), ["event_type", .. PersonColumns]).Where(r => (int)r[0]! == 0)];
        Assert.Equal(500, persons.Count);
        Assert.All(persons, r => Assert.Matches(CreditCard(), (string)r[Column("person.creditCard")]!));
        Assert.All(persons, r => Assert.Matches(Email(), (string)r[Column("person.emailAddress")]!));
        Assert.All(persons, r => Assert.Matches(PersonName(), (string)r[Column("person.name")]!));
        Assert.Equal(Cities.Order(StringComparer.Ordinal), persons.Select(r => (string)r[Column("person.city")]!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(States.Order(StringComparer.Ordinal), persons.Select(r => (string)r[Column("person.state")]!).Distinct().Order(StringComparer.Ordinal));

        double meanBytes = persons.Average(r => 8 + 8 + PersonTextFields.Sum(f => ((string)r[Column("person." + f)]!).Length));
        Assert.InRange(meanBytes, 190, 210);
    }

    [Fact]
    public void Auction_text_pads_records_to_about_500_bytes()
    {
        List<object?[]> auctions = [.. ReadColumns(Source(("seed", "6"), ("events.num", "20000")), ["event_type", .. AuctionColumns]).Where(r => (int)r[0]! == 1)];
        Assert.All(auctions, r => Assert.InRange(((string)r[Column("auction.itemName")]!).Length, 3, 19));
        Assert.All(auctions, r => Assert.InRange(((string)r[Column("auction.description")]!).Length, 3, 99));
        Assert.All(auctions, r => Assert.Matches(Words(), (string)r[Column("auction.description")]!));
        double meanBytes = auctions.Average(r => (8 * 7) + ((string)r[Column("auction.itemName")]!).Length + ((string)r[Column("auction.description")]!).Length + ((string)r[Column("auction.extra")]!).Length);
        Assert.InRange(meanBytes, 480, 520);
    }

    [Fact]
    public void Bid_channels_are_half_hot_with_fixed_urls_per_channel()
    {
        List<object?[]> bids = [.. ReadColumns(Source(("seed", "17"), ("events.num", "20000")), "event_type", "bid.channel", "bid.url", "bid.extra").Where(r => (int)r[0]! == 2)];
        var channels = bids.Select(r => ((string)r[Column("bid.channel")]!, (string)r[Column("bid.url")]!)).ToList();
        double hot = channels.Count(c => HotChannels.Contains(c.Item1)) / (double)channels.Count;
        Assert.InRange(hot, 0.47, 0.53);
        Assert.Equal(HotChannels.Order(StringComparer.Ordinal), channels.Select(c => c.Item1).Where(HotChannels.Contains).Distinct().Order(StringComparer.Ordinal));
        Assert.All(channels.Where(c => !HotChannels.Contains(c.Item1)), c => Assert.Matches(OtherChannel(), c.Item1));
        Assert.All(channels.Where(c => !HotChannels.Contains(c.Item1)), c => Assert.EndsWith("&channel_id=" + c.Item1["channel-".Length..], c.Item2));
        Assert.All(channels.Where(c => HotChannels.Contains(c.Item1)), c => Assert.Contains(c.Item1.ToLowerInvariant(), c.Item2));

        // Each channel always comes with the same URL.
        Assert.All(channels.GroupBy(c => c.Item1), g => Assert.Single(g.Select(c => c.Item2).Distinct()));
        Assert.All(channels, c => Assert.StartsWith("https://www.nexmark.com/", c.Item2));
        double extraBytes = bids.Average(r => ((string)r[Column("bid.extra")]!).Length);
        Assert.InRange(extraBytes, 64, 72);
    }

    [GeneratedRegex(@"^\d{4} \d{4} \d{4} \d{4}$")]
    private static partial Regex CreditCard();

    [GeneratedRegex(@"^[a-z]{7}@[a-z]{5}\.com$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^[A-Z][a-z]+ [A-Z][a-z]+$")]
    private static partial Regex PersonName();

    [GeneratedRegex(@"^[a-z ]+$")]
    private static partial Regex Words();

    [GeneratedRegex(@"^channel-\d{1,4}$")]
    private static partial Regex OtherChannel();
}
