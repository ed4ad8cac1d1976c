-- SESSION windows in batch mode: legacy GROUP BY SESSION(ts, gap) and the SESSION window table function. A key's
-- session goes on while consecutive times are at most the gap apart (Flink merges touching windows), starts at its
-- first time and ends at its last time plus the gap. DuckDB has none: it numbers sessions with LAG and a running SUM.

-- query: session_gw_rowtime_and_aggregates
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id) + INTERVAL 10 MINUTE THEN 0 ELSE 1 END AS starts FROM events), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_user, MIN(e_ts), MAX(e_ts) + INTERVAL 10 MINUTE - INTERVAL 1 MILLISECOND, COUNT(*), SUM(e_amount), MAX(e_value) FROM g GROUP BY e_user, sid
-- tolerance: 1e-9
SELECT e_user, SESSION_START(e_ts, INTERVAL '10' MINUTE), SESSION_ROWTIME(e_ts, INTERVAL '10' MINUTE), COUNT(*), SUM(e_amount), MAX(e_value) FROM events GROUP BY e_user, SESSION(e_ts, INTERVAL '10' MINUTE)

-- query: session_gw_unkeyed
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (ORDER BY e_ts, e_id) + INTERVAL 2 MINUTE THEN 0 ELSE 1 END AS starts FROM events), g AS (SELECT *, SUM(starts) OVER (ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT MIN(e_ts), MAX(e_ts) + INTERVAL 2 MINUTE, COUNT(*) FROM g GROUP BY sid
SELECT SESSION_START(e_ts, INTERVAL '2' MINUTE), SESSION_END(e_ts, INTERVAL '2' MINUTE), COUNT(*) FROM events GROUP BY SESSION(e_ts, INTERVAL '2' MINUTE)

-- query: session_gw_two_keys_having
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_user, e_type ORDER BY e_ts, e_id) + INTERVAL 1 HOUR THEN 0 ELSE 1 END AS starts FROM events), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_user, e_type ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_type, e_user, MAX(e_ts) + INTERVAL 1 HOUR, COUNT(DISTINCT e_url) FROM g GROUP BY e_user, e_type, sid HAVING COUNT(*) > 1
SELECT e_type, e_user, SESSION_END(e_ts, INTERVAL '1' HOUR), COUNT(DISTINCT e_url) FROM events GROUP BY e_type, SESSION(e_ts, INTERVAL '1' HOUR), e_user HAVING COUNT(*) > 1

-- query: session_tvf_partitioned
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id) + INTERVAL 10 MINUTE THEN 0 ELSE 1 END AS starts FROM events), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_user, MIN(e_ts), MAX(e_ts) + INTERVAL 10 MINUTE, COUNT(*), SUM(e_amount) FROM g GROUP BY e_user, sid
SELECT e_user, window_start, window_end, COUNT(*), SUM(e_amount) FROM TABLE(SESSION(TABLE events PARTITION BY e_user, DESCRIPTOR(e_ts), INTERVAL '10' MINUTE)) GROUP BY e_user, window_start, window_end

-- query: session_tvf_two_keys_named
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_user, e_type ORDER BY e_ts, e_id) + INTERVAL 30 MINUTE THEN 0 ELSE 1 END AS starts FROM events), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_user, e_type ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_type, e_user, MIN(e_ts), MAX(e_ts) + INTERVAL 30 MINUTE - INTERVAL 1 MILLISECOND, COUNT(*) FROM g GROUP BY e_user, e_type, sid
SELECT e_type, e_user, window_start, window_time, COUNT(*) FROM TABLE(SESSION(DATA => TABLE events PARTITION BY (e_user, e_type), TIMECOL => DESCRIPTOR(e_ts), GAP => INTERVAL '30' MINUTE)) GROUP BY e_type, e_user, window_start, window_end, window_time

-- query: session_tvf_unpartitioned_null_times_dropped
-- duckdb: WITH o AS (SELECT * FROM orders WHERE o_ts IS NOT NULL), s AS (SELECT *, CASE WHEN o_ts <= LAG(o_ts) OVER (ORDER BY o_ts, o_id) + INTERVAL 5 MINUTE THEN 0 ELSE 1 END AS starts FROM o), g AS (SELECT *, SUM(starts) OVER (ORDER BY o_ts, o_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT MIN(o_ts), MAX(o_ts) + INTERVAL 5 MINUTE, COUNT(*), SUM(o_total) FROM g GROUP BY sid
SELECT window_start, window_end, COUNT(*), SUM(o_total) FROM TABLE(SESSION(TABLE orders, DESCRIPTOR(o_ts), INTERVAL '5' MINUTE)) GROUP BY window_start, window_end

-- query: session_tvf_rows_keep_their_columns
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id) + INTERVAL 10 MINUTE THEN 0 ELSE 1 END AS starts FROM events WHERE e_user < 30), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_id, e_type, MIN(e_ts) OVER (PARTITION BY e_user, sid), MAX(e_ts) OVER (PARTITION BY e_user, sid) + INTERVAL 10 MINUTE FROM g
SELECT e_id, e_type, window_start, window_end FROM TABLE(SESSION(TABLE events PARTITION BY e_user, DESCRIPTOR(e_ts), INTERVAL '10' MINUTE)) WHERE e_user < 30

-- query: session_spilling
-- setting: table.exec.resource.memory-per-operator=64kb
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_type ORDER BY e_ts, e_id) + INTERVAL 3 MINUTE THEN 0 ELSE 1 END AS starts FROM events), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_type ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_type, MIN(e_ts), MAX(e_ts) + INTERVAL 3 MINUTE, COUNT(*), MIN(e_url) FROM g GROUP BY e_type, sid
SELECT e_type, SESSION_START(e_ts, INTERVAL '3' MINUTE), SESSION_END(e_ts, INTERVAL '3' MINUTE), COUNT(*), MIN(e_url) FROM events GROUP BY e_type, SESSION(e_ts, INTERVAL '3' MINUTE)

-- query: session_empty_input
-- duckdb: SELECT ts, COUNT(*) FROM empty_t GROUP BY ts
SELECT SESSION_START(ts, INTERVAL '1' MINUTE), COUNT(*) FROM empty_t GROUP BY SESSION(ts, INTERVAL '1' MINUTE)
