-- Statistical aggregates: STDDEV_POP / STDDEV_SAMP (STDDEV) / VAR_POP / VAR_SAMP (VARIANCE) with Flink's result
-- types: the input type (an integer variance is truncated toward zero), DECIMAL(38, max(s, 6)) for decimals.
-- DuckDB returns DOUBLE; integer results are checked against exact HUGEINT formulas.

-- query: stat_decimal_and_aliases
-- duckdb: SELECT o_status, stddev_samp(o_total), var_samp(o_total), stddev_pop(o_precise), var_pop(o_total) FROM orders GROUP BY o_status
-- tolerance: 1e-6
SELECT o_status, STDDEV(o_total), VARIANCE(o_total), STDDEV_POP(o_precise), VAR_POP(o_total) FROM orders GROUP BY o_status

-- query: stat_integer_exact_truncated
-- duckdb: WITH m AS (SELECT l_mode, COUNT(l_qty) AS n, SUM(CAST(l_qty AS HUGEINT)) AS s, SUM(CAST(l_qty AS HUGEINT) * l_qty) AS q FROM lineitem GROUP BY l_mode) SELECT l_mode, (n * q - s * s) // (n * n), CASE WHEN n > 1 THEN (n * q - s * s) // (n * (n - 1)) END, CAST(FLOOR(SQRT(CAST((n * q - s * s) // (n * n) AS DOUBLE))) AS BIGINT), CASE WHEN n > 1 THEN CAST(FLOOR(SQRT(CAST((n * q - s * s) // (n * (n - 1)) AS DOUBLE))) AS BIGINT) END FROM m
SELECT l_mode, VAR_POP(l_qty), VAR_SAMP(l_qty), STDDEV_POP(l_qty), STDDEV_SAMP(l_qty) FROM lineitem GROUP BY l_mode

-- query: stat_integer_small_groups
-- duckdb: WITH m AS (SELECT l_order, COUNT(l_qty) AS n, SUM(CAST(l_qty AS HUGEINT)) AS s, SUM(CAST(l_qty AS HUGEINT) * l_qty) AS q FROM lineitem GROUP BY l_order) SELECT l_order, CASE WHEN n > 0 THEN (n * q - s * s) // (n * n) END, CASE WHEN n > 1 THEN CAST(FLOOR(SQRT(CAST((n * q - s * s) // (n * (n - 1)) AS DOUBLE))) AS BIGINT) END FROM m
SELECT l_order, VAR_POP(l_qty), STDDEV_SAMP(l_qty) FROM lineitem GROUP BY l_order

-- query: stat_single_row_groups
-- tolerance: 1e-6
SELECT o_id, STDDEV_SAMP(o_discount), VAR_SAMP(o_discount), STDDEV_POP(o_discount), VAR_POP(o_discount) FROM orders GROUP BY o_id

-- query: stat_global
-- tolerance: 1e-6
SELECT STDDEV_POP(e_value), VAR_SAMP(e_value), STDDEV_SAMP(e_amount), COUNT(*) FROM events

-- query: stat_empty_input
SELECT STDDEV_POP(x), VAR_SAMP(x), VAR_POP(v) FROM empty_t

-- query: stat_distinct_and_filter
-- duckdb: SELECT e_type, stddev_samp(DISTINCT CAST(e_user AS DOUBLE)), var_pop(e_value) FILTER (WHERE e_user > 10), stddev_pop(e_amount) FILTER (WHERE e_value > 50) FROM events GROUP BY e_type
-- tolerance: 1e-6
SELECT e_type, STDDEV_SAMP(DISTINCT CAST(e_user AS DOUBLE)), VAR_POP(e_value) FILTER (WHERE e_user > 10), STDDEV_POP(e_amount) FILTER (WHERE e_value > 50) FROM events GROUP BY e_type

-- query: stat_spilling_many_groups
-- setting: table.exec.resource.memory-per-operator=64kb
-- tolerance: 1e-6
SELECT l_order, STDDEV_POP(l_tax), VAR_SAMP(l_tax), VAR_POP(l_price), COUNT(*) FROM lineitem GROUP BY l_order

-- query: stat_large_offset_is_stable
-- duckdb: SELECT k, var_pop(x), stddev_samp(x) FROM (SELECT k, x + 1e9 AS x FROM skewed) GROUP BY k
-- tolerance: 1e-6
SELECT k, VAR_POP(x + 1e9), STDDEV_SAMP(x + 1e9) FROM skewed GROUP BY k

-- query: stat_over_rows_double
-- tolerance: 1e-6
SELECT e_id, STDDEV_POP(e_value) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW), VAR_SAMP(e_value) OVER (PARTITION BY e_user ORDER BY e_id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM events

-- query: stat_over_unbounded_decimal
-- duckdb: SELECT o_id, stddev_samp(o_total) OVER (PARTITION BY o_status ORDER BY o_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM orders
-- tolerance: 1e-6
SELECT o_id, STDDEV(o_total) OVER (PARTITION BY o_status ORDER BY o_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM orders

-- query: stat_over_integer_sliding
-- duckdb: WITH m AS (SELECT l_order, l_line, COUNT(l_qty) OVER w AS n, SUM(CAST(l_qty AS HUGEINT)) OVER w AS s, SUM(CAST(l_qty AS HUGEINT) * l_qty) OVER w AS q FROM lineitem WINDOW w AS (PARTITION BY l_mode ORDER BY l_order, l_line ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)) SELECT l_order, l_line, CASE WHEN n > 0 THEN (n * q - s * s) // (n * n) END FROM m
SELECT l_order, l_line, VAR_POP(l_qty) OVER (PARTITION BY l_mode ORDER BY l_order, l_line ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) FROM lineitem
