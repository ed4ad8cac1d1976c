namespace VecFlow.Sql.Corpus.Tests.Data;

/// <summary>
/// Generates the corpus tables from a seed: customers, orders, lineitem, events (timestamps), skewed (one key holds
/// 90% of the rows) and empty_t (no rows). About 10% of every nullable column is NULL. Strings include non-ASCII text
/// (Basic Multilingual Plane only, so UTF-16, code point and UTF-8 byte order agree), commas, quotes and empty strings.
/// </summary>
public static class CorpusDataGenerator
{
    public const int CustomerCount = 2_000;
    public const int OrderCount = 10_000;
    public const int LineItemCount = 20_000;
    public const int EventCount = 8_000;
    public const int SkewedCount = 10_000;

    /// <summary>The key that holds 90% of the rows of <c>skewed</c>.</summary>
    public const int HotKey = 7;

    private static readonly string[] NameStems =
    [
        "Alice", "Bob", "Zoë", "Müller", "José", "Łukasz", "東京", "Ωmega", "Ægir", "O'Brien", "Smith, Jr.",
        "say \"hi\"", "  padded ", "naïve", "Çelik", "Ñandú", "über", "Ärger",
    ];

    private static readonly string[] Segments = ["AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD", ""];

    private static readonly string[] Statuses = ["F", "O", "P"];

    private static readonly string[] CommentWords = ["quick", "slow", "fox", "déjà", "vu", "north", "süd", "42", "x", "日本"];

    private static readonly string[] ShipModes = ["AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB", "REG AIR"];

    private static readonly string[] EventTypes = ["click", "view", "buy", "ümlaut", "Click"];

    private static readonly DateOnly Epoch2015 = new(2015, 1, 1);
    private static readonly DateOnly Epoch2023 = new(2023, 1, 1);
    private static readonly DateTime OrdersStart = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateTime EventsStart = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static IReadOnlyList<CorpusTable> Generate(int seed) =>
    [
        Customers(new Random(seed)),
        Orders(new Random(seed + 1)),
        LineItems(new Random(seed + 2)),
        Events(new Random(seed + 3)),
        Skewed(new Random(seed + 4)),
        Empty(),
    ];

    private static CorpusTable Customers(Random random)
    {
        CorpusColumn[] columns =
        [
            new("c_id", CorpusType.Int, Nullable: false),
            new("c_name", CorpusType.Varchar),
            new("c_segment", CorpusType.Varchar),
            new("c_nation", CorpusType.Int),
            new("c_balance", CorpusType.Decimal(12, 2)),
            new("c_active", CorpusType.Boolean),
            new("c_since", CorpusType.Date),
        ];
        var rows = new List<object?[]>(CustomerCount);
        for (int id = 1; id <= CustomerCount; id++)
        {
            // Every 97th customer has an empty name: empty strings must survive the CSV round trip as non-NULL.
            string name = id % 97 == 0 ? "" : NameStems[random.Next(NameStems.Length)] + (id % 50).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(
            [
                id,
                Nullable(random, name),
                Nullable(random, Segments[random.Next(Segments.Length)]),
                Nullable(random, (object)random.Next(25)),
                Nullable(random, (object)Money(random, -99_999, 999_999)),
                Nullable(random, (object)(random.Next(3) != 0)),
                Nullable(random, (object)Epoch2015.AddDays(random.Next(3_000))),
            ]);
        }

        return new CorpusTable("customers", columns, rows);
    }

    private static CorpusTable Orders(Random random)
    {
        CorpusColumn[] columns =
        [
            new("o_id", CorpusType.BigInt, Nullable: false),
            new("o_cust", CorpusType.Int),
            new("o_status", CorpusType.Varchar),
            new("o_total", CorpusType.Decimal(12, 2)),
            new("o_discount", CorpusType.Double),
            new("o_priority", CorpusType.Int),
            new("o_date", CorpusType.Date),
            new("o_ts", CorpusType.Timestamp3),
            new("o_comment", CorpusType.Varchar),
            new("o_precise", CorpusType.Decimal(38, 10)),
        ];
        var rows = new List<object?[]>(OrderCount);
        for (int i = 0; i < OrderCount; i++)
        {
            // Comments are never empty: Flink's SPLIT_INDEX of '' is NULL while DuckDB's split gives [''].
            int words = 1 + random.Next(4);
            string comment = string.Join(random.Next(4) == 0 ? "," : "-", Enumerable.Range(0, words).Select(_ => CommentWords[random.Next(CommentWords.Length)]));
            // 38-digit decimals stay within System.Decimal (28 digits) so that both engines return them exactly.
            decimal precise = (random.NextInt64(-1_000_000_000_000, 1_000_000_000_000) + random.NextInt64(0, 10_000_000_000) / 10_000_000_000m);
            rows.Add(
            [
                100_000L + i,
                // Customers 2001..2100 do not exist: joins see dangling keys.
                Nullable(random, (object)(1 + random.Next(CustomerCount + 100))),
                Nullable(random, Statuses[random.Next(Statuses.Length)]),
                Nullable(random, (object)Money(random, 0, 10_000_000)),
                Nullable(random, (object)Math.Round(random.NextDouble() * 0.5, 4)),
                Nullable(random, (object)(1 + random.Next(5))),
                Nullable(random, (object)Epoch2023.AddDays(random.Next(731))),
                Nullable(random, (object)OrdersStart.AddMilliseconds(random.NextInt64(30L * 24 * 3_600_000))),
                Nullable(random, comment),
                Nullable(random, (object)precise),
            ]);
        }

        return new CorpusTable("orders", columns, rows);
    }

    private static CorpusTable LineItems(Random random)
    {
        CorpusColumn[] columns =
        [
            new("l_order", CorpusType.BigInt, Nullable: false),
            new("l_line", CorpusType.Int, Nullable: false),
            new("l_qty", CorpusType.Int),
            new("l_price", CorpusType.Decimal(12, 2)),
            new("l_tax", CorpusType.Double),
            new("l_returned", CorpusType.Boolean),
            new("l_ship", CorpusType.Date),
            new("l_mode", CorpusType.Varchar),
        ];
        var rows = new List<object?[]>(LineItemCount);
        var lineOfOrder = new Dictionary<long, int>();
        for (int i = 0; i < LineItemCount; i++)
        {
            // Orders 110000..110199 do not exist: some line items have no order.
            long order = 100_000L + random.Next(OrderCount + 200);
            int line = lineOfOrder.TryGetValue(order, out int previous) ? previous + 1 : 1;
            lineOfOrder[order] = line;
            rows.Add(
            [
                order,
                line,
                Nullable(random, (object)(1 + random.Next(50))),
                Nullable(random, (object)Money(random, 100, 1_000_000)),
                Nullable(random, (object)Math.Round(random.NextDouble() * 0.1, 3)),
                Nullable(random, (object)(random.Next(5) == 0)),
                Nullable(random, (object)Epoch2023.AddDays(random.Next(760))),
                Nullable(random, ShipModes[random.Next(ShipModes.Length)]),
            ]);
        }

        return new CorpusTable("lineitem", columns, rows);
    }

    private static CorpusTable Events(Random random)
    {
        CorpusColumn[] columns =
        [
            new("e_id", CorpusType.BigInt, Nullable: false),
            new("e_user", CorpusType.Int),
            new("e_type", CorpusType.Varchar),
            // Window queries need a time on every row.
            new("e_ts", CorpusType.Timestamp3, Nullable: false),
            new("e_value", CorpusType.Double),
            new("e_amount", CorpusType.Decimal(12, 2)),
            new("e_url", CorpusType.Varchar),
        ];
        var rows = new List<object?[]>(EventCount);
        for (int i = 0; i < EventCount; i++)
        {
            int host = random.Next(6);
            string url = $"https://h{host}.example.com/p/{random.Next(40)}?id={random.Next(1_000)}";
            rows.Add(
            [
                (long)(i + 1),
                Nullable(random, (object)(1 + random.Next(200))),
                Nullable(random, EventTypes[random.Next(EventTypes.Length)]),
                EventsStart.AddMilliseconds(random.NextInt64(2L * 24 * 3_600_000)),
                Nullable(random, (object)Math.Round((random.NextDouble() * 200) - 50, 3)),
                Nullable(random, (object)Money(random, 0, 100_000)),
                Nullable(random, url),
            ]);
        }

        return new CorpusTable("events", columns, rows);
    }

    private static CorpusTable Skewed(Random random)
    {
        CorpusColumn[] columns =
        [
            new("k", CorpusType.Int),
            new("v", CorpusType.BigInt, Nullable: false),
            new("s", CorpusType.Varchar),
            new("d", CorpusType.Decimal(12, 2)),
            new("x", CorpusType.Double),
            // v repeats; id makes order keys unique.
            new("id", CorpusType.BigInt, Nullable: false),
        ];
        var rows = new List<object?[]>(SkewedCount);
        for (int i = 0; i < SkewedCount; i++)
        {
            object? key = random.Next(20) switch
            {
                < 18 => HotKey,
                18 => null,
                _ => random.Next(1_000),
            };
            rows.Add(
            [
                key,
                (long)random.Next(1_000_000),
                Nullable(random, "s" + random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Nullable(random, (object)Money(random, -100_000, 100_000)),
                Nullable(random, (object)Math.Round(random.NextDouble() * 10, 4)),
                (long)i,
            ]);
        }

        return new CorpusTable("skewed", columns, rows);
    }

    private static CorpusTable Empty()
    {
        CorpusColumn[] columns =
        [
            new("k", CorpusType.Int),
            new("v", CorpusType.BigInt),
            new("x", CorpusType.Double),
            new("d", CorpusType.Decimal(12, 2)),
            new("s", CorpusType.Varchar),
            new("b", CorpusType.Boolean),
            new("dt", CorpusType.Date),
            new("ts", CorpusType.Timestamp3),
        ];
        return new CorpusTable("empty_t", columns, []);
    }

    /// <summary>Cents in [minCents, maxCents) as a DECIMAL with scale 2.</summary>
    private static decimal Money(Random random, long minCents, long maxCents) => random.NextInt64(minCents, maxCents) / 100m;

    private static object? Nullable(Random random, object value) => random.Next(10) == 0 ? null : value;
}
