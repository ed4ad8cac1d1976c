-- Processing-time temporal joins (JOIN t FOR SYSTEM_TIME AS OF probe.proctime) against a filesystem table: the
-- table is read once and every probe row joins the rows it holds, so DuckDB's plain join is the reference.

-- query: temporal_inner_orders_customers
-- duckdb: SELECT o.o_id, c.c_name, c.c_nation FROM orders o JOIN customers c ON o.o_cust = c.c_id
SELECT o.o_id, c.c_name, c.c_nation
FROM (SELECT o_id, o_cust, PROCTIME() AS pt FROM orders) AS o
JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.o_cust = c.c_id

-- query: temporal_left_with_residual_in_on
-- duckdb: SELECT o.o_id, c.c_id, c.c_balance FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_id AND c.c_active
SELECT o.o_id, c.c_id, c.c_balance
FROM (SELECT o_id, o_cust, PROCTIME() AS pt FROM orders) AS o
LEFT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.o_cust = c.c_id AND c.c_active

-- query: temporal_computed_key_and_table_filter
-- duckdb: SELECT o.o_id, c.c_segment FROM orders o JOIN customers c ON o.o_id % 60 = c.c_id WHERE c.c_nation < 12 AND o.o_priority <> 2
SELECT o.o_id, c.c_segment
FROM (SELECT o_id, o_priority, PROCTIME() AS pt FROM orders) AS o
JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON MOD(o.o_id, 60) = c.c_id
WHERE c.c_nation < 12 AND o.o_priority <> 2

-- query: temporal_two_keys_with_residual
-- duckdb: SELECT l.l_order, l.l_line, o.o_status FROM lineitem l JOIN orders o ON l.l_order = o.o_id AND l.l_line = o.o_priority AND l.l_qty > o.o_priority
SELECT l.l_order, l.l_line, o.o_status
FROM (SELECT l_order, l_line, l_qty, PROCTIME() AS pt FROM lineitem) AS l
JOIN orders FOR SYSTEM_TIME AS OF l.pt AS o ON l.l_order = o.o_id AND l.l_line = o.o_priority AND l.l_qty > o.o_priority

-- query: temporal_then_aggregate
-- duckdb: SELECT c.c_nation, COUNT(*), SUM(o.o_total) FROM orders o JOIN customers c ON o.o_cust = c.c_id GROUP BY c.c_nation
SELECT c.c_nation, COUNT(*), SUM(o.o_total)
FROM (SELECT o_cust, o_total, PROCTIME() AS pt FROM orders) AS o
JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.o_cust = c.c_id
GROUP BY c.c_nation

-- query: temporal_null_keys_do_not_match
-- duckdb: SELECT o.o_id, c.c_id FROM orders o LEFT JOIN customers c ON o.o_cust = c.c_nation
SELECT o.o_id, c.c_id
FROM (SELECT o_id, o_cust, PROCTIME() AS pt FROM orders) AS o
LEFT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.o_cust = c.c_nation

-- query: temporal_event_time_refused
-- expect-error: not supported: an event-time temporal join
-- duckdb: SELECT o.o_id, c.c_name FROM orders o JOIN customers c ON o.o_cust = c.c_id
SELECT o.o_id, c.c_name FROM orders AS o JOIN customers FOR SYSTEM_TIME AS OF o.o_ts AS c ON o.o_cust = c.c_id

-- query: temporal_right_join_refused
-- expect-error: a temporal join (FOR SYSTEM_TIME AS OF) is an INNER or LEFT JOIN
-- duckdb: SELECT o.o_id, c.c_name FROM orders o RIGHT JOIN customers c ON o.o_cust = c.c_id
SELECT o.o_id, c.c_name
FROM (SELECT o_id, o_cust, PROCTIME() AS pt FROM orders) AS o
RIGHT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.o_cust = c.c_id

-- query: temporal_without_equality_refused
-- expect-error: needs an equality between the two sides
-- duckdb: SELECT o.o_id, c.c_name FROM orders o JOIN customers c ON o.o_cust > c.c_id AND c.c_id < 5 WHERE o.o_id % 500 = 0
SELECT o.o_id, c.c_name
FROM (SELECT o_id, o_cust, PROCTIME() AS pt FROM orders WHERE MOD(o_id, 500) = 0) AS o
JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.o_cust > c.c_id AND c.c_id < 5
