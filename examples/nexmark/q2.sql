-- Nexmark q2, selection: the bids on a sample of auctions.

CREATE TABLE q2_sink (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');

INSERT INTO q2_sink
SELECT auction, price
FROM bid
WHERE MOD(auction, 123) = 0;
