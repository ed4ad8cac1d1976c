namespace VecFlow.MacroBench;

/// <summary>The benchmark's queries over the bid and auction tables.</summary>
/// <remarks>
/// AVG is taken over DOUBLE in both dialects because Flink's AVG(BIGINT) is a BIGINT and DuckDB's a DOUBLE; the
/// amounts stay DECIMAL so the exact-decimal paths are measured.
/// </remarks>
public static class MacroQueries
{
    private const string Q15Aggregates = """
            COUNT(*) AS total_bids,
            COUNT(*) FILTER (WHERE price < 10000) AS rank1_bids,
            COUNT(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
            COUNT(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
            COUNT(DISTINCT bidder) AS total_bidders,
            COUNT(DISTINCT bidder) FILTER (WHERE price < 10000) AS rank1_bidders,
            COUNT(DISTINCT bidder) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bidders,
            COUNT(DISTINCT bidder) FILTER (WHERE price >= 1000000) AS rank3_bidders,
            COUNT(DISTINCT auction) AS total_auctions,
            COUNT(DISTINCT auction) FILTER (WHERE price < 10000) AS rank1_auctions,
            COUNT(DISTINCT auction) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_auctions,
            COUNT(DISTINCT auction) FILTER (WHERE price >= 1000000) AS rank3_auctions
        """;

    public static IReadOnlyList<MacroQuery> All { get; } =
    [
        Same(
            "scan",
            "baseline: reads every column of the bid table once and folds it into one row (the cost of the Parquet scan)",
            """
            SELECT
                COUNT(*) AS bids,
                SUM(auction) AS sum_auction,
                SUM(bidder) AS sum_bidder,
                SUM(price) AS sum_price,
                SUM(amount) AS sum_amount,
                MAX(channel) AS max_channel,
                MAX(date_time) AS last_bid
            FROM bids
            """),
        Same(
            "q1_multi_agg",
            "TPC-H Q1 shape: many aggregates of DECIMAL and expressions over a low-cardinality key",
            """
            SELECT
                channel,
                COUNT(*) AS bids,
                SUM(price) AS sum_price,
                SUM(amount) AS sum_amount,
                SUM(amount * 0.95) AS sum_discounted,
                SUM(amount * 0.95 * 1.08) AS sum_charge,
                AVG(CAST(price AS DOUBLE)) AS avg_price,
                AVG(CAST(amount AS DOUBLE)) AS avg_amount,
                MAX(amount) AS max_amount
            FROM bids
            WHERE date_time < TIMESTAMP '2026-01-28 00:00:00'
            GROUP BY channel
            ORDER BY channel
            """,
            ordered: true),
        Same(
            "q6_filter_sum",
            "TPC-H Q6 shape: a selective filter on a date range and price band, then one SUM",
            """
            SELECT SUM(amount * 0.05) AS revenue, COUNT(*) AS bids
            FROM bids
            WHERE date_time >= TIMESTAMP '2026-01-05 00:00:00'
              AND date_time < TIMESTAMP '2026-01-12 00:00:00'
              AND price BETWEEN 100000 AND 600000
              AND channel <> 'Apple'
            """),
        Same(
            "join_agg",
            "hash join of bids with the auction table, then GROUP BY category",
            """
            SELECT a.category, COUNT(*) AS bids, SUM(b.amount) AS volume, MAX(b.price) AS top_price
            FROM bids AS b
            JOIN auctions AS a ON b.auction = a.id
            GROUP BY a.category
            ORDER BY a.category
            """,
            ordered: true),
        Same(
            "high_card_group",
            "GROUP BY bidder (rows / 10 groups), every group returned",
            """
            SELECT bidder, COUNT(*) AS bids, SUM(price) AS total_price, MAX(amount) AS max_amount
            FROM bids
            GROUP BY bidder
            """),
        Same(
            "topn",
            "ORDER BY price DESC LIMIT 100",
            """
            SELECT auction, bidder, price, channel, date_time
            FROM bids
            ORDER BY price DESC, bidder, auction, date_time
            LIMIT 100
            """,
            ordered: true),
        new MacroQuery(
            "nexmark_q15",
            "Nexmark q15 shape: per day, COUNT(DISTINCT) of bidders and auctions with FILTER by price range",
            $"""
            SELECT
                DATE_FORMAT(date_time, 'yyyy-MM-dd') AS `day`,
            {Q15Aggregates}
            FROM bids
            GROUP BY DATE_FORMAT(date_time, 'yyyy-MM-dd')
            """,
            $"""
            SELECT
                strftime(date_time, '%Y-%m-%d') AS "day",
            {Q15Aggregates}
            FROM bids
            GROUP BY strftime(date_time, '%Y-%m-%d')
            """),
        new MacroQuery(
            "nexmark_q16",
            "Nexmark q16 shape: per channel and day, the q15 distinct counts and the last minute",
            $"""
            SELECT
                channel,
                DATE_FORMAT(date_time, 'yyyy-MM-dd') AS `day`,
                MAX(DATE_FORMAT(date_time, 'HH:mm')) AS `minute`,
            {Q15Aggregates}
            FROM bids
            GROUP BY channel, DATE_FORMAT(date_time, 'yyyy-MM-dd')
            """,
            $"""
            SELECT
                channel,
                strftime(date_time, '%Y-%m-%d') AS "day",
                MAX(strftime(date_time, '%H:%M')) AS "minute",
            {Q15Aggregates}
            FROM bids
            GROUP BY channel, strftime(date_time, '%Y-%m-%d')
            """),
    ];

    private static MacroQuery Same(string name, string description, string sql, bool ordered = false) =>
        new(name, description, sql, sql, ordered);
}
