-- Nexmark q1, currency conversion: bid prices from dollars to euros.

CREATE TABLE q1_sink (
    auction BIGINT,
    bidder BIGINT,
    price DECIMAL(23, 3),
    dateTime TIMESTAMP(3),
    extra VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q1_sink
SELECT auction, bidder, 0.908 * price AS price, dateTime, extra
FROM bid;
