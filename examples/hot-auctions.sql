-- Hot auctions: per 10-second tumbling window, the bids and the top price of each auction, from a seeded Nexmark
-- stream of 2 million events, written to CSV part files under out/hot-auctions; then the five busiest windows.
-- Run it with:  dotnet run -c Release --project engine/VecFlow.Cli -- run examples/hot-auctions.sql

SET 'execution.runtime-mode' = 'batch';

CREATE TABLE nexmark (
    event_type INT,
    bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR>,
    bid_time AS bid.dateTime,
    WATERMARK FOR bid_time AS bid_time - INTERVAL '4' SECOND
) WITH (
    'connector' = 'nexmark',
    'events.num' = '2000000',
    'first-event.rate' = '10000',
    'seed' = '42'
);

CREATE VIEW bids AS
SELECT bid.auction AS auction, bid.price AS price, bid.channel AS channel, bid_time
FROM nexmark
WHERE event_type = 2;

CREATE TABLE hot_auctions (
    window_start TIMESTAMP(3),
    auction BIGINT,
    bids BIGINT,
    top_price BIGINT,
    google_bids BIGINT
) WITH (
    'connector' = 'filesystem',
    'path' = 'out/hot-auctions',
    'format' = 'csv'
);

INSERT INTO hot_auctions
SELECT window_start, auction, COUNT(*), MAX(price), COUNT(*) FILTER (WHERE channel = 'Google')
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bid_time), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, auction;

SELECT window_start, COUNT(*) AS auctions, SUM(bids) AS bids, MAX(top_price) AS top_price
FROM hot_auctions
GROUP BY window_start
ORDER BY bids DESC, window_start
LIMIT 5;
