-- Nexmark q6, average selling price by seller: the mean of each seller's last ten closing prices.

CREATE TABLE q6_sink (seller BIGINT, avg_price BIGINT) WITH ('connector' = 'blackhole');

INSERT INTO q6_sink
SELECT
    closed.seller,
    AVG(closed.final_price) OVER (
        PARTITION BY closed.seller
        ORDER BY closed.closed_at
        ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
FROM (
    SELECT a.id, a.seller, MAX(b.price) AS final_price, MAX(b.dateTime) AS closed_at
    FROM auction AS a, bid AS b
    WHERE a.id = b.auction AND b.dateTime BETWEEN a.dateTime AND a.expires
    GROUP BY a.id, a.seller
) AS closed;
