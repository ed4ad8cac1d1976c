-- Nexmark q19, auction top 10: the ten highest bids of each auction (Top-N with ROW_NUMBER).

CREATE TABLE q19_sink (
    auction BIGINT,
    bidder BIGINT,
    price BIGINT,
    channel VARCHAR,
    url VARCHAR,
    dateTime TIMESTAMP(3),
    extra VARCHAR,
    row_num BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO q19_sink
SELECT *
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS row_num
    FROM bid
)
WHERE row_num <= 10;
