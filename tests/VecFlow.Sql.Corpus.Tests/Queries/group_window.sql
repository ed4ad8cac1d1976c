-- Legacy group windows: GROUP BY TUMBLE / HOP / SESSION (ts, ...) with their _START / _END functions.

-- query: gw_tumble_start_end
-- duckdb: SELECT ws, ws + INTERVAL 1 HOUR, COUNT(*), SUM(e_value) FROM (SELECT time_bucket(INTERVAL 1 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events) GROUP BY ws
SELECT TUMBLE_START(e_ts, INTERVAL '1' HOUR), TUMBLE_END(e_ts, INTERVAL '1' HOUR), COUNT(*), SUM(e_value) FROM events GROUP BY TUMBLE(e_ts, INTERVAL '1' HOUR)

-- query: gw_tumble_with_key
-- duckdb: SELECT e_type, ws, COUNT(*), MAX(e_amount) FROM (SELECT time_bucket(INTERVAL 20 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events) GROUP BY e_type, ws
SELECT e_type, TUMBLE_START(e_ts, INTERVAL '20' MINUTE), COUNT(*), MAX(e_amount) FROM events GROUP BY e_type, TUMBLE(e_ts, INTERVAL '20' MINUTE)

-- query: gw_tumble_end_only
-- duckdb: SELECT ws + INTERVAL 1 DAY, COUNT(DISTINCT e_user) FROM (SELECT time_bucket(INTERVAL 1 DAY, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events) GROUP BY ws
SELECT TUMBLE_END(e_ts, INTERVAL '1' DAY), COUNT(DISTINCT e_user) FROM events GROUP BY TUMBLE(e_ts, INTERVAL '1' DAY)

-- query: gw_tumble_with_where
-- duckdb: SELECT ws, SUM(e_amount) FROM (SELECT time_bucket(INTERVAL 3 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events WHERE e_value > 50) GROUP BY ws
SELECT TUMBLE_START(e_ts, INTERVAL '3' HOUR), SUM(e_amount) FROM events WHERE e_value > 50 GROUP BY TUMBLE(e_ts, INTERVAL '3' HOUR)

-- query: gw_tumble_having
-- duckdb: SELECT ws, COUNT(*) FROM (SELECT time_bucket(INTERVAL 5 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws FROM events) GROUP BY ws HAVING COUNT(*) > 16
SELECT TUMBLE_START(e_ts, INTERVAL '5' MINUTE), COUNT(*) FROM events GROUP BY TUMBLE(e_ts, INTERVAL '5' MINUTE) HAVING COUNT(*) > 16

-- query: gw_hop_start_end
-- duckdb: SELECT ws, ws + INTERVAL 1 HOUR, COUNT(*) FROM (SELECT unnest(generate_series(time_bucket(INTERVAL 15 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') - INTERVAL 45 MINUTE, time_bucket(INTERVAL 15 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00'), INTERVAL 15 MINUTE)) AS ws FROM events) GROUP BY ws
SELECT HOP_START(e_ts, INTERVAL '15' MINUTE, INTERVAL '1' HOUR), HOP_END(e_ts, INTERVAL '15' MINUTE, INTERVAL '1' HOUR), COUNT(*) FROM events GROUP BY HOP(e_ts, INTERVAL '15' MINUTE, INTERVAL '1' HOUR)

-- query: gw_hop_with_key
-- duckdb: SELECT e_type, ws, SUM(e_value), COUNT(*) FROM (SELECT unnest(generate_series(time_bucket(INTERVAL 1 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') - INTERVAL 2 HOUR, time_bucket(INTERVAL 1 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00'), INTERVAL 1 HOUR)) AS ws, * FROM events) GROUP BY e_type, ws
SELECT e_type, HOP_START(e_ts, INTERVAL '1' HOUR, INTERVAL '3' HOUR), SUM(e_value), COUNT(*) FROM events GROUP BY e_type, HOP(e_ts, INTERVAL '1' HOUR, INTERVAL '3' HOUR)

-- query: gw_session_per_user
-- duckdb: WITH s AS (SELECT *, CASE WHEN e_ts <= LAG(e_ts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id) + INTERVAL 30 MINUTE THEN 0 ELSE 1 END AS starts FROM events WHERE e_user <= 40), g AS (SELECT *, SUM(starts) OVER (PARTITION BY e_user ORDER BY e_ts, e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sid FROM s) SELECT e_user, MIN(e_ts), MAX(e_ts) + INTERVAL 30 MINUTE, COUNT(*) FROM g GROUP BY e_user, sid
SELECT e_user, SESSION_START(e_ts, INTERVAL '30' MINUTE), SESSION_END(e_ts, INTERVAL '30' MINUTE), COUNT(*) FROM events WHERE e_user <= 40 GROUP BY e_user, SESSION(e_ts, INTERVAL '30' MINUTE)

-- query: gw_tumble_orders_by_status
-- duckdb: SELECT o_status, ws, COUNT(*), SUM(o_total) FROM (SELECT time_bucket(INTERVAL 7 DAY, o_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM orders WHERE o_ts IS NOT NULL) GROUP BY o_status, ws
SELECT o_status, TUMBLE_START(o_ts, INTERVAL '7' DAY), COUNT(*), SUM(o_total) FROM orders WHERE o_ts IS NOT NULL GROUP BY o_status, TUMBLE(o_ts, INTERVAL '7' DAY)
