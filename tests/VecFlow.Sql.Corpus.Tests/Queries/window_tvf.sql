-- Window table-valued functions TUMBLE / HOP / CUMULATE with GROUP BY window_start, window_end. DuckDB computes the
-- same windows from time_bucket aligned to the epoch (as Flink aligns them) and generate_series for overlapping ones.

-- query: tvf_tumble_count
-- duckdb: SELECT ws, ws + INTERVAL 10 MINUTE, COUNT(*) FROM (SELECT time_bucket(INTERVAL 10 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws FROM events) GROUP BY ws
SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end

-- query: tvf_tumble_hour_aggregates
-- duckdb: SELECT ws, ws + INTERVAL 1 HOUR, SUM(e_value), MIN(e_amount), MAX(e_amount), COUNT(DISTINCT e_user) FROM (SELECT time_bucket(INTERVAL 1 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events) GROUP BY ws
SELECT window_start, window_end, SUM(e_value), MIN(e_amount), MAX(e_amount), COUNT(DISTINCT e_user) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end

-- query: tvf_tumble_with_key
-- duckdb: SELECT ws, ws + INTERVAL 30 MINUTE, e_type, COUNT(*), SUM(e_amount) FROM (SELECT time_bucket(INTERVAL 30 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events) GROUP BY ws, e_type
SELECT window_start, window_end, e_type, COUNT(*), SUM(e_amount) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '30' MINUTES)) GROUP BY window_start, window_end, e_type

-- query: tvf_tumble_with_filter
-- duckdb: SELECT ws, ws + INTERVAL 2 HOUR, COUNT(*) FROM (SELECT time_bucket(INTERVAL 2 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events WHERE e_type = 'buy' AND e_value > 0) GROUP BY ws
SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '2' HOURS)) WHERE e_type = 'buy' AND e_value > 0 GROUP BY window_start, window_end

-- query: tvf_tumble_day
-- duckdb: SELECT ws, ws + INTERVAL 1 DAY, e_user, COUNT(*) FROM (SELECT time_bucket(INTERVAL 1 DAY, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events WHERE e_user < 20) GROUP BY ws, e_user
SELECT window_start, window_end, e_user, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '1' DAY)) WHERE e_user < 20 GROUP BY window_start, window_end, e_user

-- query: tvf_tumble_seconds
-- duckdb: SELECT ws, ws + INTERVAL 45 SECOND, COUNT(*) FROM (SELECT time_bucket(INTERVAL 45 SECOND, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws FROM events) GROUP BY ws
SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '45' SECONDS)) GROUP BY window_start, window_end

-- query: tvf_tumble_orders_nullable_time
-- duckdb: SELECT ws, ws + INTERVAL 1 DAY, COUNT(*), SUM(o_total) FROM (SELECT time_bucket(INTERVAL 1 DAY, o_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM orders WHERE o_ts IS NOT NULL) GROUP BY ws
SELECT window_start, window_end, COUNT(*), SUM(o_total) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(o_ts), INTERVAL '1' DAY)) WHERE o_ts IS NOT NULL GROUP BY window_start, window_end

-- query: tvf_hop_count
-- duckdb: SELECT ws, ws + INTERVAL 15 MINUTE, COUNT(*) FROM (SELECT unnest(generate_series(time_bucket(INTERVAL 5 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') - INTERVAL 10 MINUTE, time_bucket(INTERVAL 5 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00'), INTERVAL 5 MINUTE)) AS ws FROM events) GROUP BY ws
SELECT window_start, window_end, COUNT(*) FROM TABLE(HOP(TABLE events, DESCRIPTOR(e_ts), INTERVAL '5' MINUTES, INTERVAL '15' MINUTES)) GROUP BY window_start, window_end

-- query: tvf_hop_with_key
-- duckdb: SELECT ws, ws + INTERVAL 2 HOUR, e_type, SUM(e_value), MAX(e_ts) FROM (SELECT unnest(generate_series(time_bucket(INTERVAL 30 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') - INTERVAL 90 MINUTE, time_bucket(INTERVAL 30 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00'), INTERVAL 30 MINUTE)) AS ws, * FROM events) GROUP BY ws, e_type
SELECT window_start, window_end, e_type, SUM(e_value), MAX(e_ts) FROM TABLE(HOP(TABLE events, DESCRIPTOR(e_ts), INTERVAL '30' MINUTES, INTERVAL '2' HOURS)) GROUP BY window_start, window_end, e_type

-- query: tvf_hop_decimal_sum
-- duckdb: SELECT ws, ws + INTERVAL 1 HOUR, SUM(e_amount), COUNT(e_amount) FROM (SELECT unnest(generate_series(time_bucket(INTERVAL 20 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') - INTERVAL 40 MINUTE, time_bucket(INTERVAL 20 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00'), INTERVAL 20 MINUTE)) AS ws, * FROM events) GROUP BY ws
SELECT window_start, window_end, SUM(e_amount), COUNT(e_amount) FROM TABLE(HOP(TABLE events, DESCRIPTOR(e_ts), INTERVAL '20' MINUTES, INTERVAL '1' HOUR)) GROUP BY window_start, window_end

-- query: tvf_cumulate_count
-- duckdb: SELECT ws, we, COUNT(*) FROM (SELECT time_bucket(INTERVAL 6 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, unnest(generate_series(time_bucket(INTERVAL 1 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') + INTERVAL 1 HOUR, time_bucket(INTERVAL 6 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') + INTERVAL 6 HOUR, INTERVAL 1 HOUR)) AS we FROM events) GROUP BY ws, we
SELECT window_start, window_end, COUNT(*) FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '1' HOUR, INTERVAL '6' HOURS)) GROUP BY window_start, window_end

-- query: tvf_cumulate_with_key
-- duckdb: SELECT ws, we, e_type, SUM(e_amount), COUNT(DISTINCT e_user) FROM (SELECT time_bucket(INTERVAL 1 DAY, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, unnest(generate_series(time_bucket(INTERVAL 4 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') + INTERVAL 4 HOUR, time_bucket(INTERVAL 1 DAY, e_ts, TIMESTAMP '1970-01-01 00:00:00') + INTERVAL 1 DAY, INTERVAL 4 HOUR)) AS we, * FROM events) GROUP BY ws, we, e_type
SELECT window_start, window_end, e_type, SUM(e_amount), COUNT(DISTINCT e_user) FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '4' HOURS, INTERVAL '1' DAY)) GROUP BY window_start, window_end, e_type

-- query: tvf_tumble_then_filter_aggregate
-- duckdb: SELECT ws, we, n FROM (SELECT ws, ws + INTERVAL 10 MINUTE AS we, COUNT(*) AS n FROM (SELECT time_bucket(INTERVAL 10 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws FROM events) GROUP BY ws) WHERE n > 30
SELECT window_start, window_end, n FROM (SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end) WHERE n > 30

-- query: tvf_window_top_n
-- duckdb: SELECT ws, we, e_user, n FROM (SELECT ws, we, e_user, n, ROW_NUMBER() OVER (PARTITION BY ws, we ORDER BY n DESC, e_user ASC NULLS LAST) AS rn FROM (SELECT ws, ws + INTERVAL 6 HOUR AS we, e_user, COUNT(*) AS n FROM (SELECT time_bucket(INTERVAL 6 HOUR, e_ts, TIMESTAMP '1970-01-01 00:00:00') AS ws, * FROM events) GROUP BY ws, e_user)) WHERE rn <= 3
SELECT window_start, window_end, e_user, n FROM (SELECT window_start, window_end, e_user, n, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY n DESC, e_user ASC NULLS LAST) AS rn FROM (SELECT window_start, window_end, e_user, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '6' HOURS)) GROUP BY window_start, window_end, e_user)) WHERE rn <= 3

-- query: tvf_tumble_rows_projected
-- duckdb: SELECT e_id, time_bucket(INTERVAL 15 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00'), time_bucket(INTERVAL 15 MINUTE, e_ts, TIMESTAMP '1970-01-01 00:00:00') + INTERVAL 15 MINUTE FROM events WHERE e_user = 5
SELECT e_id, window_start, window_end FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(e_ts), INTERVAL '15' MINUTES)) WHERE e_user = 5
