-- Skewed keys: in skewed, key 7 holds 90% of the rows (and some keys are NULL).

-- query: skew_group_count
SELECT k, COUNT(*), SUM(v), MIN(s), MAX(d) FROM skewed GROUP BY k

-- query: skew_group_count_distinct
SELECT k, COUNT(DISTINCT s), COUNT(DISTINCT v) FROM skewed GROUP BY k

-- query: skew_group_avg_double
SELECT k, AVG(x), SUM(x) FROM skewed GROUP BY k

-- query: skew_join_hot_key_to_customers
SELECT c.c_id, c.c_name, COUNT(*), SUM(s.d) FROM skewed s JOIN customers c ON s.k = c.c_id GROUP BY c.c_id, c.c_name

-- query: skew_join_rows_hot_key
SELECT s.v, c.c_segment FROM skewed s JOIN customers c ON s.k = c.c_id WHERE s.v < 100000

-- query: skew_left_join_dimension
SELECT s.k, s.v, c.c_nation FROM skewed s LEFT JOIN customers c ON s.k = c.c_id

-- query: skew_join_to_distinct_keys
SELECT t.k, COUNT(*) FROM skewed s JOIN (SELECT DISTINCT k FROM skewed) t ON s.k = t.k GROUP BY t.k

-- query: skew_top_n_hot_partition
SELECT k, v FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC, id) AS rn FROM skewed) WHERE rn <= 3

-- query: skew_over_hot_partition
SELECT v, SUM(d) OVER (PARTITION BY k ORDER BY v, id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM skewed WHERE k = 7 AND v < 200000

-- query: skew_distinct_pairs
SELECT DISTINCT k, s FROM skewed

-- query: skew_semi_join
SELECT COUNT(*) FROM skewed WHERE k IN (SELECT c_id FROM customers WHERE c_active)
