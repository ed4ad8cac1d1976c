-- Nexmark q0, pass-through: reads every bid and discards it, which measures the cost of the source and the sink.

CREATE TABLE q0_sink (
    auction BIGINT,
    bidder BIGINT,
    price BIGINT,
    dateTime TIMESTAMP(3),
    extra VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q0_sink
SELECT auction, bidder, price, dateTime, extra
FROM bid;
