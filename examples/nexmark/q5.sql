-- Nexmark q5, hot items: the auctions with the most bids in each sliding window (legacy HOP group window).

CREATE TABLE q5_sink (auction BIGINT, num BIGINT) WITH ('connector' = 'blackhole');

INSERT INTO q5_sink
SELECT counts.auction, counts.num
FROM (
    SELECT
        b.auction,
        COUNT(*) AS num,
        HOP_START(b.dateTime, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS window_start_time,
        HOP_END(b.dateTime, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS window_end_time
    FROM bid b
    GROUP BY b.auction, HOP(b.dateTime, INTERVAL '2' SECOND, INTERVAL '10' SECOND)
) AS counts
JOIN (
    SELECT MAX(per_auction.num) AS max_num, per_auction.window_start_time, per_auction.window_end_time
    FROM (
        SELECT
            COUNT(*) AS num,
            HOP_START(b2.dateTime, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS window_start_time,
            HOP_END(b2.dateTime, INTERVAL '2' SECOND, INTERVAL '10' SECOND) AS window_end_time
        FROM bid b2
        GROUP BY b2.auction, HOP(b2.dateTime, INTERVAL '2' SECOND, INTERVAL '10' SECOND)
    ) AS per_auction
    GROUP BY per_auction.window_start_time, per_auction.window_end_time
) AS maxima
ON counts.window_start_time = maxima.window_start_time
   AND counts.window_end_time = maxima.window_end_time
   AND counts.num >= maxima.max_num;
