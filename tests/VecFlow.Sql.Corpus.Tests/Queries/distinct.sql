-- SELECT DISTINCT over every type, with NULLs and expressions.

-- query: distinct_single_string
SELECT DISTINCT o_status FROM orders

-- query: distinct_two_columns
SELECT DISTINCT o_status, o_priority FROM orders

-- query: distinct_int_with_nulls
SELECT DISTINCT c_nation FROM customers

-- query: distinct_boolean
SELECT DISTINCT c_active FROM customers

-- query: distinct_decimal
SELECT DISTINCT ROUND(c_balance, -3) FROM customers

-- query: distinct_date
SELECT DISTINCT l_ship FROM lineitem WHERE l_mode = 'FOB'

-- query: distinct_timestamp_floor
-- duckdb: SELECT DISTINCT date_trunc('hour', e_ts) FROM events
SELECT DISTINCT FLOOR(e_ts TO HOUR) FROM events

-- query: distinct_expression
SELECT DISTINCT MOD(l_qty, 7), l_returned FROM lineitem

-- query: distinct_non_ascii_strings
SELECT DISTINCT e_type FROM events

-- query: distinct_many_values
SELECT DISTINCT l_order FROM lineitem

-- query: distinct_in_subquery_then_count
SELECT COUNT(*) FROM (SELECT DISTINCT o_cust, o_status FROM orders) AS t

-- query: distinct_double
SELECT DISTINCT o_discount FROM orders WHERE o_discount < 0.01
