-- OVER functions that pick a row: LAG / LEAD with offsets and defaults, FIRST_VALUE / LAST_VALUE (Flink's skip
-- NULLs: DuckDB's IGNORE NULLS), NTILE.

-- query: over_lag_lead_offsets_defaults
SELECT e_id, LAG(e_value, 2, -1.0) OVER (PARTITION BY e_user ORDER BY e_id), LEAD(e_type, 1, 'none') OVER (PARTITION BY e_user ORDER BY e_id), LAG(e_amount, 0) OVER (PARTITION BY e_user ORDER BY e_id) FROM events

-- query: over_lag_lead_unpartitioned_timestamp
SELECT o_id, LAG(o_ts) OVER (ORDER BY o_id), LEAD(o_date, 3) OVER (ORDER BY o_id), LAG(o_precise, 1, CAST(0 AS DECIMAL(38, 10))) OVER (ORDER BY o_id) FROM orders

-- query: over_lag_descending_order
SELECT l_order, l_line, LAG(l_qty) OVER (PARTITION BY l_order ORDER BY l_line DESC), LEAD(l_returned) OVER (PARTITION BY l_order ORDER BY l_line DESC) FROM lineitem

-- query: over_first_last_value_rows
-- duckdb: SELECT e_id, FIRST_VALUE(e_value IGNORE NULLS) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), LAST_VALUE(e_type IGNORE NULLS) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), FIRST_VALUE(e_amount IGNORE NULLS) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM events
SELECT e_id, FIRST_VALUE(e_value) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), LAST_VALUE(e_type) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), FIRST_VALUE(e_amount) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM events

-- query: over_last_value_sliding
-- duckdb: SELECT o_id, LAST_VALUE(o_comment IGNORE NULLS) OVER (PARTITION BY o_status ORDER BY o_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM orders
SELECT o_id, LAST_VALUE(o_comment) OVER (PARTITION BY o_status ORDER BY o_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM orders

-- query: over_ntile
SELECT e_id, NTILE(4) OVER (PARTITION BY e_type ORDER BY e_id), NTILE(7) OVER (ORDER BY e_id) FROM events

-- query: over_ntile_more_buckets_than_rows
SELECT l_order, l_line, NTILE(10) OVER (PARTITION BY l_order ORDER BY l_line) FROM lineitem

-- query: over_lag_spilling
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT e_id, LAG(e_id, 3) OVER (PARTITION BY e_type ORDER BY e_id), LEAD(e_url) OVER (PARTITION BY e_type ORDER BY e_id) FROM events

-- query: over_lag_empty
SELECT k, LAG(v) OVER (ORDER BY k), NTILE(2) OVER (ORDER BY k) FROM empty_t
