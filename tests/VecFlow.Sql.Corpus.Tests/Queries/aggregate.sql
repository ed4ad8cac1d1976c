-- Aggregates: GROUP BY / HAVING, COUNT, COUNT(DISTINCT), SUM, MIN, MAX, AVG, FILTER (WHERE), grouping sets.
-- Flink types: SUM(INT) is INT, AVG(INT) is INT (truncated), AVG(DECIMAL(p, s)) is DECIMAL(38, max(6, s));
-- DuckDB averages to DOUBLE, so integer averages use SUM // COUNT there and decimal averages a tolerance.

-- query: agg_global_count_star
SELECT COUNT(*) FROM orders

-- query: agg_global_all_kinds
SELECT COUNT(*), COUNT(o_cust), SUM(o_priority), MIN(o_total), MAX(o_total), SUM(o_total) FROM orders

-- query: agg_global_min_max_types
SELECT MIN(o_date), MAX(o_date), MIN(o_ts), MAX(o_ts), MIN(o_status), MAX(o_comment) FROM orders

-- query: agg_count_by_status
SELECT o_status, COUNT(*) FROM orders GROUP BY o_status

-- query: agg_sum_int_by_key
SELECT l_mode, SUM(l_qty), COUNT(l_qty) FROM lineitem GROUP BY l_mode

-- query: agg_sum_decimal_by_key
SELECT o_priority, SUM(o_total), MIN(o_total), MAX(o_total) FROM orders GROUP BY o_priority

-- query: agg_sum_decimal_38
SELECT o_status, SUM(o_precise), MIN(o_precise), MAX(o_precise) FROM orders GROUP BY o_status

-- query: agg_sum_double
SELECT e_type, SUM(e_value), MIN(e_value), MAX(e_value) FROM events GROUP BY e_type

-- query: agg_avg_int_truncates
-- duckdb: SELECT l_mode, SUM(l_qty) // COUNT(l_qty) FROM lineitem GROUP BY l_mode
SELECT l_mode, AVG(l_qty) FROM lineitem GROUP BY l_mode

-- query: agg_avg_int_negative_truncates
-- duckdb: SELECT c_segment, SUM(c_nation - 20) // COUNT(c_nation - 20) FROM customers GROUP BY c_segment
SELECT c_segment, AVG(c_nation - 20) FROM customers GROUP BY c_segment

-- query: agg_avg_bigint
-- duckdb: SELECT o_status, SUM(o_id) // COUNT(o_id) FROM orders GROUP BY o_status
SELECT o_status, AVG(o_id) FROM orders GROUP BY o_status

-- query: agg_avg_double
SELECT e_user, AVG(e_value) FROM events GROUP BY e_user

-- query: agg_avg_decimal
-- tolerance: 1e-6
SELECT o_priority, AVG(o_total) FROM orders GROUP BY o_priority

-- query: agg_avg_double_cast
SELECT l_mode, AVG(CAST(l_qty AS DOUBLE)) FROM lineitem GROUP BY l_mode

-- query: agg_count_distinct
SELECT o_status, COUNT(DISTINCT o_cust) FROM orders GROUP BY o_status

-- query: agg_count_distinct_global
SELECT COUNT(DISTINCT e_user), COUNT(DISTINCT e_type), COUNT(*) FROM events

-- query: agg_sum_distinct
SELECT l_mode, SUM(DISTINCT l_qty) FROM lineitem GROUP BY l_mode

-- query: agg_distinct_and_plain_mixed
SELECT e_type, COUNT(DISTINCT e_user), COUNT(e_user), SUM(e_amount) FROM events GROUP BY e_type

-- query: agg_filter_where
SELECT o_status, COUNT(*) FILTER (WHERE o_priority = 1), SUM(o_total) FILTER (WHERE o_discount > 0.25) FROM orders GROUP BY o_status

-- query: agg_filter_global
SELECT COUNT(*) FILTER (WHERE l_returned), SUM(l_qty) FILTER (WHERE l_mode = 'AIR'), MAX(l_price) FILTER (WHERE l_qty < 5) FROM lineitem

-- query: agg_count_distinct_filter
SELECT e_type, COUNT(DISTINCT e_user) FILTER (WHERE e_value > 100) FROM events GROUP BY e_type

-- query: agg_having
SELECT o_cust, COUNT(*), SUM(o_total) FROM orders GROUP BY o_cust HAVING COUNT(*) >= 9

-- query: agg_having_on_aggregate_not_selected
SELECT l_order FROM lineitem GROUP BY l_order HAVING SUM(l_qty) > 120

-- query: agg_having_and_where
SELECT c_nation, COUNT(*) FROM customers WHERE c_active GROUP BY c_nation HAVING MIN(c_balance) < -900

-- query: agg_group_by_two_keys
SELECT o_status, o_priority, COUNT(*), SUM(o_total) FROM orders GROUP BY o_status, o_priority

-- query: agg_group_by_expression
SELECT MOD(l_qty, 5), COUNT(*) FROM lineitem GROUP BY MOD(l_qty, 5)

-- query: agg_group_by_date_part
SELECT EXTRACT(MONTH FROM o_date), COUNT(*), SUM(o_total) FROM orders GROUP BY EXTRACT(MONTH FROM o_date)

-- query: agg_group_by_boolean
SELECT l_returned, COUNT(*), SUM(l_price) FROM lineitem GROUP BY l_returned

-- query: agg_group_by_string_with_empty
SELECT c_segment, COUNT(*), MIN(c_name), MAX(c_name) FROM customers GROUP BY c_segment

-- query: agg_group_by_timestamp_floor
-- duckdb: SELECT date_trunc('day', o_ts), COUNT(*) FROM orders GROUP BY date_trunc('day', o_ts)
SELECT FLOOR(o_ts TO DAY), COUNT(*) FROM orders GROUP BY FLOOR(o_ts TO DAY)

-- query: agg_group_by_many_groups
SELECT l_order, COUNT(*), SUM(l_qty), MAX(l_price) FROM lineitem GROUP BY l_order

-- query: agg_group_by_key_not_selected
SELECT COUNT(*), SUM(l_qty) FROM lineitem GROUP BY l_mode

-- query: agg_expression_over_aggregates
SELECT o_status, SUM(o_total) / COUNT(*) > 40000, MAX(o_priority) - MIN(o_priority) FROM orders GROUP BY o_status

-- query: agg_aggregate_of_expression
SELECT l_mode, SUM(l_price * l_qty), SUM(CASE WHEN l_returned THEN 1 ELSE 0 END) FROM lineitem GROUP BY l_mode

-- query: agg_min_max_boolean
SELECT c_segment, MIN(c_active), MAX(c_active) FROM customers GROUP BY c_segment

-- query: agg_stddev_var
-- tolerance: 1e-6
SELECT e_type, STDDEV_POP(e_value), STDDEV_SAMP(e_value), VAR_POP(e_value), VAR_SAMP(e_value) FROM events GROUP BY e_type

-- query: agg_rollup
SELECT o_status, o_priority, COUNT(*) FROM orders GROUP BY ROLLUP (o_status, o_priority)

-- query: agg_grouping_sets
SELECT l_mode, l_returned, SUM(l_qty) FROM lineitem GROUP BY GROUPING SETS ((l_mode), (l_returned), ())

-- query: agg_cube
SELECT c_active, c_segment, COUNT(*) FROM customers GROUP BY CUBE (c_active, c_segment)

-- query: agg_count_constant_and_column
SELECT e_type, COUNT(1), COUNT(e_value), COUNT(e_amount) FROM events GROUP BY e_type

-- query: agg_sum_bigint_large
SELECT o_status, SUM(o_id * 1000) FROM orders GROUP BY o_status
