-- Empty inputs: empty_t has no rows; other queries filter everything away.

-- query: empty_select_all
SELECT * FROM empty_t

-- query: empty_global_aggregates
SELECT COUNT(*), COUNT(k), SUM(k), SUM(d), MIN(s), MAX(ts), SUM(x) FROM empty_t

-- query: empty_global_avg
-- duckdb: SELECT SUM(k) // COUNT(k), AVG(x) FROM empty_t
SELECT AVG(k), AVG(x) FROM empty_t

-- query: empty_group_by_has_no_rows
SELECT k, COUNT(*) FROM empty_t GROUP BY k

-- query: empty_having_on_global
SELECT COUNT(*) FROM empty_t HAVING COUNT(*) > 0

-- query: empty_filtered_global_aggregate
SELECT COUNT(*), SUM(o_total), MAX(o_id), COUNT(DISTINCT o_cust) FROM orders WHERE o_priority > 100

-- query: empty_distinct
SELECT DISTINCT s FROM empty_t

-- query: empty_inner_join
SELECT c.c_id, e.v FROM customers c JOIN empty_t e ON c.c_id = e.k

-- query: empty_left_join_keeps_left
SELECT c.c_id, e.v, e.s FROM customers c LEFT JOIN empty_t e ON c.c_id = e.k WHERE c.c_id < 50

-- query: empty_right_side_full_join
SELECT e.k, c.c_id FROM empty_t e FULL JOIN customers c ON e.k = c.c_id WHERE c.c_nation = 4

-- query: empty_order_by_limit
-- ordered
SELECT k, v FROM empty_t ORDER BY v NULLS FIRST LIMIT 5

-- query: empty_union_all_both
SELECT k FROM empty_t UNION ALL SELECT k FROM empty_t

-- query: empty_exists_is_false
SELECT COUNT(*) FROM customers WHERE EXISTS (SELECT 1 FROM empty_t)

-- query: empty_not_in_keeps_all
SELECT COUNT(*) FROM customers WHERE c_id NOT IN (SELECT k FROM empty_t)

-- query: empty_in_subquery
SELECT c_id FROM customers WHERE c_id IN (SELECT k FROM empty_t)

-- query: empty_top_n
SELECT k, v FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS rn FROM empty_t) WHERE rn <= 3

-- query: empty_over_aggregate
SELECT v, SUM(x) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM empty_t

-- query: empty_window_tvf
-- duckdb: SELECT ws, ws + INTERVAL 1 HOUR, COUNT(*) FROM (SELECT time_bucket(INTERVAL 1 HOUR, ts, TIMESTAMP '1970-01-01 00:00:00') AS ws FROM empty_t) GROUP BY ws
SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE empty_t, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end

-- query: empty_scalar_subquery_is_null
SELECT c_id, (SELECT MAX(v) FROM empty_t) FROM customers WHERE c_id <= 3
