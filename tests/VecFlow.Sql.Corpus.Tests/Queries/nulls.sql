-- NULL semantics everywhere: arithmetic, comparisons, three-valued logic, aggregates, grouping, joins, IN lists.

-- query: null_arithmetic_propagates
SELECT o_id, o_cust + 1, o_total * 2, o_discount - 1, o_cust / 2 FROM orders WHERE o_cust IS NULL OR o_total IS NULL

-- query: null_comparison_is_unknown
SELECT COUNT(*) FROM orders WHERE o_cust = CAST(NULL AS INT)

-- query: null_not_equal_is_unknown
SELECT COUNT(*) FROM orders WHERE o_cust <> CAST(NULL AS INT) OR NOT (o_cust = CAST(NULL AS INT))

-- query: null_is_distinct_from
SELECT COUNT(*), COUNT(*) FILTER (WHERE o_cust IS NOT DISTINCT FROM CAST(NULL AS INT)) FROM orders WHERE o_cust IS DISTINCT FROM 5

-- query: null_and_or_truth_table
SELECT c_active, c_nation > 12, c_active AND c_nation > 12, c_active OR c_nation > 12, COUNT(*) FROM customers GROUP BY c_active, c_nation > 12, c_active AND c_nation > 12, c_active OR c_nation > 12

-- query: null_in_list_with_null
SELECT COUNT(*) FROM orders WHERE o_priority IN (1, CAST(NULL AS INT))

-- query: null_not_in_list_with_null_is_empty
SELECT COUNT(*) FROM orders WHERE o_priority NOT IN (1, CAST(NULL AS INT))

-- query: null_case_branches
SELECT c_id, CASE WHEN c_active THEN 'yes' WHEN NOT c_active THEN 'no' ELSE 'unknown' END FROM customers

-- query: null_count_column_vs_star
SELECT o_status, COUNT(*), COUNT(o_cust), COUNT(o_total), COUNT(o_discount) FROM orders GROUP BY o_status

-- query: null_sum_all_null_group
SELECT o_status, SUM(CAST(NULL AS INT)), MAX(CASE WHEN o_priority > 99 THEN o_total END) FROM orders GROUP BY o_status

-- query: null_group_key_groups_together
SELECT c_nation, COUNT(*) FROM customers WHERE c_nation IS NULL OR c_nation < 3 GROUP BY c_nation

-- query: null_join_keys_do_not_match
SELECT COUNT(*) FROM orders a JOIN orders b ON a.o_cust = b.o_cust WHERE a.o_cust IS NULL

-- query: null_left_join_padding
SELECT o.o_id, c.c_id, c.c_name FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id WHERE o.o_cust IS NULL OR o.o_cust > 2000

-- query: null_min_max_ignore_nulls
SELECT MIN(c_nation), MAX(c_nation), MIN(c_since), MAX(c_since), MIN(c_name), MAX(c_name) FROM customers

-- query: null_coalesce_chain
SELECT o_id, COALESCE(o_discount, CAST(o_priority AS DOUBLE), -1.0) FROM orders

-- query: null_distinct_collapses_nulls
SELECT DISTINCT o_status, o_priority IS NULL FROM orders

-- query: null_string_functions
SELECT c_id, UPPER(c_segment), CHAR_LENGTH(c_segment), c_segment || 'x', TRIM(c_segment) FROM customers WHERE c_segment IS NULL

-- query: null_nullif_equal_gives_null
SELECT o_id, NULLIF(o_priority, 3), NULLIF(o_status, 'F') FROM orders

-- query: null_order_by_nulls_first_asc
-- ordered
SELECT c_id, c_nation FROM customers ORDER BY c_nation ASC NULLS FIRST, c_id LIMIT 300

-- query: null_order_by_nulls_last_desc
-- ordered
SELECT c_id, c_nation FROM customers ORDER BY c_nation DESC NULLS LAST, c_id DESC LIMIT 300

-- query: null_avg_ignores_nulls
-- duckdb: SELECT SUM(o_priority) // COUNT(o_priority), AVG(o_discount) FROM orders
SELECT AVG(o_priority), AVG(o_discount) FROM orders

-- query: null_boolean_aggregate_filter
SELECT COUNT(*) FILTER (WHERE c_active), COUNT(*) FILTER (WHERE NOT c_active), COUNT(*) FILTER (WHERE c_active IS NULL) FROM customers
