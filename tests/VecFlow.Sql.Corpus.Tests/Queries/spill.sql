-- Spilling: a tiny memory budget per operator forces hash aggregates, hash joins and sorts to spill to disk.
-- The answers must not change.

-- query: spill_hash_aggregate_many_groups
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, COUNT(*), SUM(l_qty), SUM(l_price), MIN(l_ship), MAX(l_mode) FROM lineitem GROUP BY l_order

-- query: spill_hash_aggregate_two_keys
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, l_returned, COUNT(*), MAX(l_tax) FROM lineitem GROUP BY l_order, l_returned

-- query: spill_count_distinct
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_mode, COUNT(DISTINCT l_order), COUNT(DISTINCT l_price) FROM lineitem GROUP BY l_mode

-- query: spill_distinct
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT DISTINCT l_order, l_qty FROM lineitem

-- query: spill_hash_join
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l.l_order, l.l_line, o.o_cust, o.o_total FROM lineitem l JOIN orders o ON l.l_order = o.o_id

-- query: spill_left_join
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT o.o_id, l.l_line, l.l_price FROM orders o LEFT JOIN lineitem l ON o.o_id = l.l_order

-- query: spill_full_join
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT o.o_id, l.l_order, l.l_line FROM orders o FULL JOIN lineitem l ON o.o_id = l.l_order

-- query: spill_join_then_aggregate
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT o.o_cust, COUNT(*), SUM(l.l_price * l.l_qty) FROM lineitem l JOIN orders o ON l.l_order = o.o_id GROUP BY o.o_cust

-- query: spill_sort_whole_table
-- ordered
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, l_line, l_qty, l_mode FROM lineitem ORDER BY l_mode ASC NULLS FIRST, l_qty DESC NULLS LAST, l_order, l_line

-- query: spill_sort_strings
-- ordered
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT o_id, o_comment FROM orders ORDER BY o_comment NULLS LAST, o_id

-- query: spill_sort_limit
-- ordered
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT e_id, e_value FROM events ORDER BY e_value ASC NULLS LAST, e_id LIMIT 500 OFFSET 100

-- query: spill_top_n
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, l_line, l_price FROM (SELECT l_order, l_line, l_price, ROW_NUMBER() OVER (PARTITION BY l_order ORDER BY l_price DESC NULLS LAST, l_line) AS rn FROM lineitem) WHERE rn <= 2

-- query: spill_over_window
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT l_order, l_line, SUM(l_qty) OVER (PARTITION BY l_mode ORDER BY l_order, l_line ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) FROM lineitem

-- query: spill_skewed_aggregate
-- setting: table.exec.resource.memory-per-operator=64kb
SELECT k, s, COUNT(*), SUM(d) FROM skewed GROUP BY k, s

-- query: spill_union_all_aggregate
-- setting: table.exec.resource.memory-per-operator=128kb
SELECT id, COUNT(*) FROM (SELECT CAST(l_order AS BIGINT) AS id FROM lineitem UNION ALL SELECT o_id FROM orders UNION ALL SELECT e_id + 100000 FROM events) AS u GROUP BY id
