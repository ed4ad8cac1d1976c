-- Nexmark q7, highest bid: the top bid of each ten-second tumbling window (legacy TUMBLE group window).

CREATE TABLE q7_sink (
    auction BIGINT,
    bidder BIGINT,
    price BIGINT,
    dateTime TIMESTAMP(3),
    extra VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q7_sink
SELECT b.auction, b.bidder, b.price, b.dateTime, b.extra
FROM bid b
JOIN (
    SELECT MAX(inner_bid.price) AS max_price, TUMBLE_ROWTIME(inner_bid.dateTime, INTERVAL '10' SECOND) AS window_time
    FROM bid inner_bid
    GROUP BY TUMBLE(inner_bid.dateTime, INTERVAL '10' SECOND)
) top ON b.price = top.max_price
WHERE b.dateTime BETWEEN top.window_time - INTERVAL '10' SECOND AND top.window_time;
