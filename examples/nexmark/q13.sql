-- Nexmark q13, bounded side input join: enrich each bid from a small file, looked up as of processing time.

CREATE TABLE side_input (
    key BIGINT,
    `value` VARCHAR
) WITH (
    'connector' = 'filesystem',
    'path' = 'file://${NEXMARK_DIR}/data/side_input.txt',
    'format' = 'csv'
);

CREATE TABLE q13_sink (
    auction BIGINT,
    bidder BIGINT,
    price BIGINT,
    dateTime TIMESTAMP(3),
    `value` VARCHAR
) WITH ('connector' = 'blackhole');

-- The generator table again, plus a processing-time attribute for the lookup.
CREATE TEMPORARY TABLE nexmark_with_proctime (
    proctime AS PROCTIME()
) LIKE nexmark (INCLUDING ALL);

INSERT INTO q13_sink
SELECT b.auction, b.bidder, b.price, b.dateTime, s.`value`
FROM (
    SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS price, dateTime, proctime
    FROM nexmark_with_proctime
    WHERE event_type = 2
) AS b
JOIN side_input FOR SYSTEM_TIME AS OF b.proctime AS s
ON MOD(b.auction, 10000) = s.key;
