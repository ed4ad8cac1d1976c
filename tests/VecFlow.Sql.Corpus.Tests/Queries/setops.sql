-- Set operations: UNION ALL (duplicates kept), UNION, INTERSECT [ALL], EXCEPT [ALL].

-- query: union_all_same_table
SELECT o_status, o_priority FROM orders WHERE o_priority = 1 UNION ALL SELECT o_status, o_priority FROM orders WHERE o_priority = 2

-- query: union_all_keeps_duplicates
SELECT o_status FROM orders WHERE o_id < 100050 UNION ALL SELECT o_status FROM orders WHERE o_id < 100050

-- query: union_all_three_branches
SELECT 'c' AS src, c_id AS id FROM customers WHERE c_nation = 5 UNION ALL SELECT 'o', CAST(o_id AS INT) FROM orders WHERE o_priority = 5 AND o_status = 'P' UNION ALL SELECT 'e', CAST(e_id AS INT) FROM events WHERE e_type = 'buy' AND e_user = 1

-- query: union_all_widening_types
SELECT c_id AS v FROM customers WHERE c_id < 10 UNION ALL SELECT o_id FROM orders WHERE o_id < 100010

-- query: union_all_then_aggregate
SELECT k, COUNT(*) FROM (SELECT o_status AS k FROM orders UNION ALL SELECT l_mode FROM lineitem) AS u GROUP BY k

-- query: union_distinct
SELECT o_cust FROM orders WHERE o_priority = 1 UNION SELECT c_id FROM customers WHERE c_nation = 1

-- query: union_with_nulls
SELECT c_nation FROM customers UNION SELECT k FROM skewed

-- query: intersect
SELECT o_cust FROM orders WHERE o_status = 'F' INTERSECT SELECT c_id FROM customers WHERE c_active

-- query: except
SELECT c_id FROM customers EXCEPT SELECT o_cust FROM orders

-- query: except_with_nulls
SELECT c_nation FROM customers WHERE c_active EXCEPT SELECT c_nation FROM customers WHERE c_nation > 20

-- query: union_all_with_empty
SELECT k, v FROM empty_t UNION ALL SELECT c_nation, CAST(c_id AS BIGINT) FROM customers WHERE c_id < 20

-- query: intersect_all_keeps_min_count
SELECT o_status, o_priority FROM orders WHERE o_id < 100400 INTERSECT ALL SELECT o_status, o_priority FROM orders WHERE o_cust < 60

-- query: except_all_subtracts_counts
SELECT o_status, o_priority FROM orders EXCEPT ALL SELECT o_status, o_priority FROM orders WHERE o_total > 500

-- query: intersect_all_with_nulls
SELECT c_nation FROM customers INTERSECT ALL SELECT k FROM skewed

-- query: except_all_with_nulls
SELECT k FROM skewed EXCEPT ALL SELECT c_nation FROM customers

-- query: except_all_empty_right
SELECT l_mode FROM lineitem EXCEPT ALL SELECT CAST(v AS VARCHAR) FROM empty_t

-- query: intersect_all_empty_left
SELECT CAST(k AS INT) FROM empty_t INTERSECT ALL SELECT c_nation FROM customers

-- query: except_all_spills
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, l_mode FROM lineitem EXCEPT ALL SELECT o_id, o_status FROM orders
