-- ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) with rn <= N (TopN) and rn = 1 (deduplication). Order keys end in
-- a unique column so each answer is deterministic.

-- query: topn_per_customer
SELECT o_cust, o_id, o_total, rn FROM (SELECT o_cust, o_id, o_total, ROW_NUMBER() OVER (PARTITION BY o_cust ORDER BY o_total DESC NULLS LAST, o_id) AS rn FROM orders) WHERE rn <= 3

-- query: topn_without_rank_column
SELECT e_user, e_id, e_value FROM (SELECT e_user, e_id, e_value, ROW_NUMBER() OVER (PARTITION BY e_user ORDER BY e_id DESC) AS rn FROM events) WHERE rn <= 2

-- query: topn_less_than
SELECT l_mode, l_order, l_line FROM (SELECT l_mode, l_order, l_line, ROW_NUMBER() OVER (PARTITION BY l_mode ORDER BY l_order, l_line) AS rn FROM lineitem) WHERE rn < 4

-- query: topn_global
SELECT o_id, o_total FROM (SELECT o_id, o_total, ROW_NUMBER() OVER (ORDER BY o_total DESC NULLS LAST, o_id) AS rn FROM orders) WHERE rn <= 10

-- query: topn_two_partition_keys
SELECT o_status, o_priority, o_id FROM (SELECT o_status, o_priority, o_id, ROW_NUMBER() OVER (PARTITION BY o_status, o_priority ORDER BY o_id) AS rn FROM orders) WHERE rn <= 5

-- query: topn_on_aggregate
SELECT c_nation, o_cust, total FROM (SELECT c_nation, o_cust, total, ROW_NUMBER() OVER (PARTITION BY c_nation ORDER BY total DESC NULLS LAST, o_cust) AS rn FROM (SELECT c.c_nation, o.o_cust, SUM(o.o_total) AS total FROM orders o JOIN customers c ON o.o_cust = c.c_id GROUP BY c.c_nation, o.o_cust)) WHERE rn <= 2

-- query: topn_by_timestamp
SELECT e_type, e_id, e_ts FROM (SELECT e_type, e_id, e_ts, ROW_NUMBER() OVER (PARTITION BY e_type ORDER BY e_ts DESC, e_id DESC) AS rn FROM events) WHERE rn <= 5

-- query: dedup_keep_first
SELECT e_user, e_id, e_type FROM (SELECT e_user, e_id, e_type, ROW_NUMBER() OVER (PARTITION BY e_user ORDER BY e_ts ASC, e_id ASC) AS rn FROM events) WHERE rn = 1

-- query: dedup_keep_last
SELECT e_user, e_id, e_value FROM (SELECT e_user, e_id, e_value, ROW_NUMBER() OVER (PARTITION BY e_user ORDER BY e_ts DESC, e_id DESC) AS rn FROM events) WHERE rn = 1

-- query: dedup_by_string_key
SELECT c_name, c_id FROM (SELECT c_name, c_id, ROW_NUMBER() OVER (PARTITION BY c_name ORDER BY c_id) AS rn FROM customers) WHERE rn = 1

-- query: dedup_orders_by_customer_latest
SELECT o_cust, o_id, o_ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY o_cust ORDER BY o_id DESC) AS rn FROM orders) WHERE rn = 1

-- query: topn_then_aggregate
SELECT o_cust, SUM(o_total) FROM (SELECT o_cust, o_total, ROW_NUMBER() OVER (PARTITION BY o_cust ORDER BY o_id) AS rn FROM orders) WHERE rn <= 2 GROUP BY o_cust
