-- Nexmark q18, last bid: each bidder's latest bid on each auction (deduplication with ROW_NUMBER).

CREATE TABLE q18_sink (
    auction BIGINT,
    bidder BIGINT,
    price BIGINT,
    channel VARCHAR,
    url VARCHAR,
    dateTime TIMESTAMP(3),
    extra VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q18_sink
SELECT auction, bidder, price, channel, url, dateTime, extra
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) AS row_num
    FROM bid
)
WHERE row_num <= 1;
