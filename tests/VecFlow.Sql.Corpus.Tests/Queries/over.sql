-- OVER aggregates: ROWS frames over unique order keys, RANGE frames over time, whole-partition aggregates,
-- ranking and offset functions.

-- query: over_rows_sum_3
SELECT e_id, e_user, SUM(e_value) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM events

-- query: over_rows_count_min_max
SELECT e_id, COUNT(e_value) OVER (PARTITION BY e_type ORDER BY e_id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW), MIN(e_value) OVER (PARTITION BY e_type ORDER BY e_id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW), MAX(e_amount) OVER (PARTITION BY e_type ORDER BY e_id ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) FROM events

-- query: over_rows_decimal_sum
SELECT o_id, o_cust, SUM(o_total) OVER (PARTITION BY o_cust ORDER BY o_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM orders

-- query: over_rows_unbounded_running_total
SELECT l_order, l_line, SUM(l_qty) OVER (PARTITION BY l_order ORDER BY l_line ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM lineitem

-- query: over_rows_unpartitioned
SELECT e_id, SUM(e_amount) OVER (ORDER BY e_id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) FROM events

-- query: over_rows_avg_double
SELECT e_id, AVG(e_value) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM events

-- query: over_rows_count_star
SELECT o_id, COUNT(*) OVER (PARTITION BY o_status ORDER BY o_id ROWS BETWEEN 100 PRECEDING AND CURRENT ROW) FROM orders

-- query: over_range_time_interval
SELECT e_id, e_user, COUNT(*) OVER (PARTITION BY e_user ORDER BY e_ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM events

-- query: over_range_time_sum
SELECT e_id, SUM(e_amount) OVER (PARTITION BY e_type ORDER BY e_ts RANGE BETWEEN INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW) FROM events

-- query: over_whole_partition
SELECT o_id, o_cust, o_total, SUM(o_total) OVER (PARTITION BY o_cust), COUNT(*) OVER (PARTITION BY o_cust) FROM orders

-- query: over_row_number
SELECT e_id, ROW_NUMBER() OVER (PARTITION BY e_user ORDER BY e_ts, e_id) FROM events

-- query: over_rank_dense_rank
SELECT o_id, RANK() OVER (PARTITION BY o_status ORDER BY o_priority ASC NULLS FIRST), DENSE_RANK() OVER (PARTITION BY o_status ORDER BY o_priority DESC NULLS LAST) FROM orders

-- query: over_lag_lead
SELECT e_id, LAG(e_value) OVER (PARTITION BY e_user ORDER BY e_id), LEAD(e_id, 2) OVER (PARTITION BY e_user ORDER BY e_id) FROM events

-- query: over_then_filter
SELECT e_id, s FROM (SELECT e_id, SUM(e_value) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM events) WHERE s > 400

-- query: over_two_windows
SELECT l_order, l_line, SUM(l_qty) OVER (PARTITION BY l_order ORDER BY l_line ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), MAX(l_price) OVER (PARTITION BY l_mode ORDER BY l_order, l_line ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) FROM lineitem
