-- GROUPING SETS, ROLLUP, CUBE (also mixed with plain keys), GROUPING(..) and GROUP_ID(), as Flink defines them.
-- DuckDB has no GROUP_ID(); those queries spell each grouping set as its own GROUP BY.

-- query: gs_grouping_function_cube
SELECT o_status, o_priority, GROUPING(o_status), GROUPING(o_priority), GROUPING(o_status, o_priority), SUM(o_total) FROM orders GROUP BY CUBE (o_status, o_priority)

-- query: gs_having_on_grouping
SELECT l_mode, l_returned, COUNT(*), SUM(l_qty) FROM lineitem GROUP BY ROLLUP (l_mode, l_returned) HAVING GROUPING(l_returned) = 1

-- query: gs_plain_key_and_rollup
SELECT c_segment, c_nation, c_active, COUNT(*), MAX(c_balance) FROM customers GROUP BY c_segment, ROLLUP (c_nation, c_active)

-- query: gs_composite_rollup
SELECT o_status, o_priority, o_cust, COUNT(*) FROM orders WHERE o_cust < 30 GROUP BY ROLLUP ((o_status, o_priority), o_cust)

-- query: gs_nested_sets_with_rollup
SELECT e_type, e_user, COUNT(*), SUM(e_value) FROM events GROUP BY GROUPING SETS (ROLLUP (e_type), (e_user))

-- query: gs_null_keys_stay_apart_from_subtotals
SELECT k, GROUPING(k), COUNT(*), SUM(v) FROM skewed GROUP BY GROUPING SETS ((k), ())

-- query: gs_group_id_duplicate_sets
-- duckdb: SELECT l_mode, 0, COUNT(*) FROM lineitem GROUP BY l_mode UNION ALL SELECT l_mode, 1, COUNT(*) FROM lineitem GROUP BY l_mode UNION ALL SELECT NULL, 0, COUNT(*) FROM lineitem
SELECT l_mode, GROUP_ID(), COUNT(*) FROM lineitem GROUP BY GROUPING SETS ((l_mode), (l_mode), ())

-- query: gs_grouping_on_plain_group_by
SELECT o_status, GROUPING(o_status), COUNT(*) FROM orders GROUP BY o_status

-- query: gs_distinct_and_filter
SELECT o_status, COUNT(DISTINCT o_cust), SUM(o_total) FILTER (WHERE o_priority > 2), AVG(o_discount) FROM orders GROUP BY GROUPING SETS ((o_status), ())

-- query: gs_expression_keys_ordered
-- ordered
SELECT UPPER(o_status) AS st, o_priority % 2 AS odd, COUNT(*) AS n FROM orders GROUP BY ROLLUP (UPPER(o_status), o_priority % 2) ORDER BY st NULLS LAST, odd NULLS LAST, GROUPING(UPPER(o_status), o_priority % 2)

-- query: gs_cube_spills
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, l_mode, l_returned, COUNT(*), SUM(l_price) FROM lineitem GROUP BY CUBE (l_order, l_mode, l_returned)
