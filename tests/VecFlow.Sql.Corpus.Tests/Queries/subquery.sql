-- Subqueries: in FROM, CTEs (WITH), IN / NOT IN (three-valued with NULLs), EXISTS / NOT EXISTS, scalar subqueries.

-- query: sub_from_with_filter
SELECT t.o_cust, t.total FROM (SELECT o_cust, SUM(o_total) AS total FROM orders GROUP BY o_cust) AS t WHERE t.total > 300000

-- query: sub_from_nested_two_levels
SELECT u.k, COUNT(*) FROM (SELECT MOD(t.o_cust, 10) AS k FROM (SELECT o_cust FROM orders WHERE o_priority = 1) AS t) AS u GROUP BY u.k

-- query: cte_single
WITH big AS (SELECT o_id, o_cust, o_total FROM orders WHERE o_total > 90000) SELECT o_cust, COUNT(*) FROM big GROUP BY o_cust

-- query: cte_two_referencing
WITH per_cust AS (SELECT o_cust, COUNT(*) AS n FROM orders GROUP BY o_cust), busy AS (SELECT o_cust FROM per_cust WHERE n >= 8) SELECT c.c_id, c.c_name FROM customers c JOIN busy b ON c.c_id = b.o_cust

-- query: cte_used_twice
WITH s AS (SELECT l_mode, SUM(l_qty) AS q FROM lineitem GROUP BY l_mode) SELECT a.l_mode, a.q, b.l_mode FROM s a JOIN s b ON a.q < b.q

-- query: sub_in
SELECT c_id, c_name FROM customers WHERE c_id IN (SELECT o_cust FROM orders WHERE o_total > 99000)

-- query: sub_in_with_other_predicate
SELECT o_id FROM orders WHERE o_priority = 1 AND o_id IN (SELECT l_order FROM lineitem WHERE l_qty = 50)

-- query: sub_not_in_without_nulls
SELECT COUNT(*) FROM customers WHERE c_id NOT IN (SELECT o_cust FROM orders WHERE o_cust IS NOT NULL)

-- query: sub_not_in_with_null_is_empty
SELECT c_id FROM customers WHERE c_id NOT IN (SELECT o_cust FROM orders)

-- query: sub_not_in_null_probe
SELECT COUNT(*) FROM orders WHERE o_cust NOT IN (SELECT c_id FROM customers WHERE c_nation = 1)

-- query: sub_exists_correlated
SELECT c_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.o_cust = c.c_id AND o.o_status = 'P' AND o.o_priority = 5)

-- query: sub_not_exists_correlated
SELECT c_id, c_segment FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.o_cust = c.c_id)

-- query: sub_not_exists_with_residual
SELECT o.o_id FROM orders o WHERE o.o_priority = 3 AND NOT EXISTS (SELECT 1 FROM lineitem l WHERE l.l_order = o.o_id AND l.l_qty > 10)

-- query: sub_exists_uncorrelated
SELECT COUNT(*) FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE o_total > 99990)

-- query: sub_scalar_in_where
SELECT o_id, o_total FROM orders WHERE o_total > (SELECT MAX(o_total) - 100 FROM orders)

-- query: sub_scalar_in_select
SELECT c_id, (SELECT MAX(o_total) FROM orders) FROM customers WHERE c_id <= 5

-- query: sub_correlated_scalar
SELECT c.c_id, (SELECT COUNT(*) FROM orders o WHERE o.o_cust = c.c_id) FROM customers c WHERE c.c_nation = 2

-- query: sub_correlated_avg_in_where
SELECT o.o_id, o.o_total FROM orders o WHERE o_total > (SELECT AVG(o_total) FROM orders o2 WHERE o2.o_status = o.o_status)

-- query: sub_correlated_count_with_local_filter
SELECT c.c_id, (SELECT COUNT(*) FROM orders o WHERE o.o_cust = c.c_id AND o.o_priority > 3) AS n FROM customers c

-- query: sub_correlated_expression_over_empty_group
SELECT c.c_id, (SELECT COALESCE(SUM(o.o_total), 0) + COUNT(*) FROM orders o WHERE c.c_id = o.o_cust) FROM customers c WHERE c.c_nation < 5

-- query: sub_correlated_two_keys
SELECT l.l_order, l.l_line, (SELECT MAX(l2.l_qty) FROM lineitem l2 WHERE l2.l_order = l.l_order AND l2.l_mode = l.l_mode) FROM lineitem l WHERE l.l_line = 1

-- query: sub_correlated_in_select_and_where
SELECT c.c_id, (SELECT MAX(o.o_priority) FROM orders o WHERE o.o_cust = c.c_id) FROM customers c WHERE (SELECT COUNT(DISTINCT o.o_status) FROM orders o WHERE o.o_cust = c.c_id) >= 2

-- query: sub_correlated_with_uncorrelated
SELECT c.c_id, (SELECT SUM(o.o_total) FROM orders o WHERE o.o_cust = c.c_id) - (SELECT MIN(o_total) FROM orders) FROM customers c WHERE c.c_id <= 40

-- query: sub_correlated_over_empty_table
SELECT c.c_id, (SELECT COUNT(*) FROM empty_t e WHERE e.k = c.c_nation), (SELECT SUM(e.v) FROM empty_t e WHERE e.k = c.c_nation) FROM customers c WHERE c.c_id <= 20

-- query: sub_correlated_non_equality
-- expect-error: not supported: a correlated scalar subquery whose condition
SELECT c.c_id, (SELECT COUNT(*) FROM orders o WHERE o.o_cust > c.c_id) FROM customers c

-- query: sub_correlated_without_aggregate
-- expect-error: not supported: a correlated scalar subquery without an aggregate
SELECT c.c_id, (SELECT o.o_total FROM orders o WHERE o.o_id = c.c_id) FROM customers c

-- query: sub_in_string_list_subquery
SELECT COUNT(*) FROM lineitem WHERE l_mode IN (SELECT l_mode FROM lineitem WHERE l_qty = 1 AND l_returned)

-- query: sub_in_on_derived_table
SELECT t.o_cust FROM (SELECT o_cust, MAX(o_priority) AS p FROM orders GROUP BY o_cust) t WHERE t.p = 1

-- query: cte_with_window_and_join
WITH latest AS (SELECT e_user, MAX(e_ts) AS last_ts FROM events GROUP BY e_user) SELECT e.e_user, e.e_id, e.e_type FROM events e JOIN latest l ON e.e_user = l.e_user AND e.e_ts = l.last_ts
