-- Nexmark q12, processing-time windows: bids per bidder per ten seconds of wall-clock time
-- (TUMBLE window TVF with named arguments over a processing-time attribute).

CREATE TABLE q12_sink (
    bidder BIGINT,
    bid_count BIGINT,
    starttime TIMESTAMP(3),
    endtime TIMESTAMP(3)
) WITH ('connector' = 'blackhole');

CREATE TEMPORARY VIEW bid_with_proctime AS
SELECT auction, bidder, price, dateTime, extra, PROCTIME() AS p_time
FROM bid;

INSERT INTO q12_sink
SELECT bidder, COUNT(*) AS bid_count, window_start AS starttime, window_end AS endtime
FROM TABLE(
    TUMBLE(
        DATA => TABLE bid_with_proctime,
        TIMECOL => DESCRIPTOR(p_time),
        SIZE => INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;
