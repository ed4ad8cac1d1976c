-- Nexmark q4, average closing price per category: the winning bid of each auction, averaged by category.

CREATE TABLE q4_sink (id BIGINT, final BIGINT) WITH ('connector' = 'blackhole');

INSERT INTO q4_sink
SELECT closed.category, AVG(closed.final_price)
FROM (
    SELECT a.id, a.category, MAX(b.price) AS final_price
    FROM auction a, bid b
    WHERE a.id = b.auction
      AND b.dateTime BETWEEN a.dateTime AND a.expires
    GROUP BY a.id, a.category
) closed
GROUP BY closed.category;
