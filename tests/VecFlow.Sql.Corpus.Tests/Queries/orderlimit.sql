-- ORDER BY (compared in order), LIMIT, OFFSET. Sort keys end in a unique column so the order is deterministic,
-- and NULL order is written out (Flink puts NULLs first for ASC, last for DESC).

-- query: order_by_unique_key
-- ordered
SELECT c_id, c_name FROM customers ORDER BY c_id

-- query: order_by_desc_limit
-- ordered
SELECT o_id, o_total FROM orders ORDER BY o_id DESC LIMIT 25

-- query: order_by_decimal_nulls_first
-- ordered
SELECT o_id, o_total FROM orders ORDER BY o_total ASC NULLS FIRST, o_id LIMIT 40

-- query: order_by_decimal_desc_nulls_last
-- ordered
SELECT o_id, o_total FROM orders ORDER BY o_total DESC NULLS LAST, o_id LIMIT 40

-- query: order_by_string_bytes
-- ordered
SELECT c_id, c_name FROM customers ORDER BY c_name NULLS LAST, c_id

-- query: order_by_two_keys_mixed_direction
-- ordered
SELECT o_status, o_priority, o_id FROM orders ORDER BY o_status DESC NULLS LAST, o_priority ASC NULLS FIRST, o_id DESC LIMIT 100

-- query: order_by_double
-- ordered
SELECT e_id, e_value FROM events ORDER BY e_value DESC NULLS LAST, e_id LIMIT 50

-- query: order_by_timestamp
-- ordered
SELECT e_id, e_ts FROM events ORDER BY e_ts, e_id LIMIT 100

-- query: order_by_date_desc
-- ordered
SELECT o_id, o_date FROM orders ORDER BY o_date DESC NULLS FIRST, o_id LIMIT 60

-- query: order_by_expression
-- ordered
SELECT l_order, l_line, l_qty * 2 + l_line AS score FROM lineitem ORDER BY l_qty * 2 + l_line DESC NULLS LAST, l_order, l_line LIMIT 30

-- query: order_by_alias
-- ordered
SELECT c_id, c_balance * 2 AS doubled FROM customers ORDER BY doubled NULLS FIRST, c_id LIMIT 20

-- query: order_by_aggregate
-- ordered
SELECT o_cust, SUM(o_total) AS total FROM orders GROUP BY o_cust ORDER BY total DESC NULLS LAST, o_cust LIMIT 10

-- query: limit_offset
-- ordered
SELECT o_id FROM orders ORDER BY o_id LIMIT 10 OFFSET 100

-- query: offset_fetch
-- ordered
-- duckdb: SELECT o_id FROM orders ORDER BY o_id DESC LIMIT 7 OFFSET 5
SELECT o_id FROM orders ORDER BY o_id DESC OFFSET 5 ROWS FETCH NEXT 7 ROWS ONLY

-- query: limit_larger_than_input
-- ordered
SELECT c_id FROM customers WHERE c_nation = 9 ORDER BY c_id LIMIT 100000

-- query: limit_zero
SELECT c_id FROM customers ORDER BY c_id LIMIT 0

-- query: order_by_boolean
-- ordered
SELECT c_id, c_active FROM customers WHERE c_id < 200 ORDER BY c_active DESC NULLS LAST, c_id

-- query: order_by_in_subquery_with_limit
SELECT COUNT(*), SUM(o_total) FROM (SELECT o_total FROM orders ORDER BY o_total DESC NULLS LAST, o_id LIMIT 100) AS t

-- query: order_by_whole_large_table
-- ordered
SELECT l_order, l_line, l_price FROM lineitem ORDER BY l_price NULLS FIRST, l_order, l_line

-- query: order_by_non_ascii
-- ordered
SELECT DISTINCT e_type FROM events ORDER BY e_type NULLS FIRST
