-- Joins: INNER / LEFT / RIGHT / FULL with equi keys and residual predicates, comma joins, self joins, multi-way
-- joins, NULL keys (never match) and dangling keys on both sides.

-- query: join_inner_orders_customers
SELECT o.o_id, c.c_name, c.c_nation FROM orders o JOIN customers c ON o.o_cust = c.c_id

-- query: join_inner_with_residual
SELECT o.o_id, c.c_id FROM orders o INNER JOIN customers c ON o.o_cust = c.c_id AND o.o_total > c.c_balance * 10

-- query: join_inner_residual_in_where
SELECT o.o_id, c.c_segment FROM orders o JOIN customers c ON o.o_cust = c.c_id WHERE c.c_segment = 'BUILDING' AND o.o_priority < 3

-- query: join_left
SELECT o.o_id, o.o_cust, c.c_name FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id

-- query: join_left_with_residual_in_on
SELECT o.o_id, c.c_id, c.c_active FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id AND c.c_active

-- query: join_left_anti_via_is_null
SELECT o.o_id, o.o_cust FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id WHERE c.c_id IS NULL

-- query: join_right
SELECT c.c_id, o.o_id FROM orders o RIGHT JOIN customers c ON o.o_cust = c.c_id

-- query: join_right_with_residual
SELECT c.c_id, o.o_id, o.o_status FROM orders o RIGHT JOIN customers c ON o.o_cust = c.c_id AND o.o_status = 'F'

-- query: join_full
SELECT o.o_id, l.l_order, l.l_line FROM orders o FULL OUTER JOIN lineitem l ON o.o_id = l.l_order

-- query: join_full_with_residual
SELECT o.o_id, l.l_order, l.l_line FROM orders o FULL JOIN lineitem l ON o.o_id = l.l_order AND l.l_qty > o.o_priority * 10

-- query: join_comma_with_where
SELECT o.o_id, c.c_name FROM orders o, customers c WHERE o.o_cust = c.c_id AND c.c_nation = 7

-- query: join_comma_three_tables
SELECT c.c_id, o.o_id, l.l_line, l.l_qty FROM customers c, orders o, lineitem l WHERE c.c_id = o.o_cust AND o.o_id = l.l_order AND c.c_nation = 3 AND l.l_mode = 'AIR'

-- query: join_three_way_explicit
SELECT c.c_segment, COUNT(*), SUM(l.l_price) FROM lineitem l JOIN orders o ON l.l_order = o.o_id JOIN customers c ON o.o_cust = c.c_id GROUP BY c.c_segment

-- query: join_two_keys
SELECT a.l_order, a.l_line, b.l_qty FROM lineitem a JOIN lineitem b ON a.l_order = b.l_order AND a.l_line = b.l_line + 1

-- query: join_self_on_customer
SELECT a.o_id, b.o_id FROM orders a JOIN orders b ON a.o_cust = b.o_cust AND a.o_id < b.o_id WHERE a.o_cust < 50

-- query: join_on_expression_key
SELECT c.c_id, o.o_id FROM customers c JOIN orders o ON c.c_id + 1000 = o.o_cust

-- query: join_string_key
SELECT a.c_id, b.c_id, a.c_name FROM customers a JOIN customers b ON a.c_name = b.c_name AND a.c_id < b.c_id WHERE a.c_id < 300

-- query: join_non_equi_only
SELECT c.c_id, s.k FROM customers c JOIN (SELECT DISTINCT k FROM skewed WHERE k < 20) s ON c.c_id < s.k

-- query: join_inner_then_aggregate
SELECT c.c_nation, COUNT(*), SUM(o.o_total) FROM customers c JOIN orders o ON c.c_id = o.o_cust GROUP BY c.c_nation

-- query: join_left_then_count_nulls
SELECT COUNT(*), COUNT(c.c_id), COUNT(o.o_id) FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id

-- query: join_with_subquery_aggregate
SELECT c.c_id, c.c_name, t.n FROM customers c JOIN (SELECT o_cust, COUNT(*) AS n FROM orders GROUP BY o_cust) t ON c.c_id = t.o_cust WHERE t.n > 8

-- query: join_decimal_key
SELECT a.c_id, b.c_id FROM customers a JOIN customers b ON a.c_balance = b.c_balance AND a.c_id < b.c_id

-- query: join_date_key
SELECT o.o_id, l.l_order, l.l_line FROM orders o JOIN lineitem l ON o.o_date = l.l_ship AND o.o_id = l.l_order

-- query: join_timestamp_range_condition
SELECT a.e_id, b.e_id FROM events a JOIN events b ON a.e_user = b.e_user AND b.e_ts > a.e_ts AND b.e_ts <= a.e_ts + INTERVAL '1' MINUTE

-- query: join_full_both_sides_dangling
SELECT c.c_id, t.o_cust, t.n FROM customers c FULL JOIN (SELECT o_cust, COUNT(*) AS n FROM orders GROUP BY o_cust) t ON c.c_id = t.o_cust

-- query: join_left_with_coalesce
SELECT o.o_id, COALESCE(c.c_name, '?'), COALESCE(c.c_balance, 0) FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id WHERE o.o_priority = 2

-- query: join_bigint_int_keys
SELECT l.l_order, l.l_line, e.e_id FROM lineitem l JOIN events e ON l.l_line = e.e_id WHERE l.l_order < 100100
