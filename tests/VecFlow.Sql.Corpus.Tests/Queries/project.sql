-- Projection: columns, expressions, arithmetic (integer division truncates; DECIMAL is exact), CASE, CAST, COALESCE, NULLIF, IF.

-- query: project_columns
SELECT c_id, c_name, c_segment, c_nation, c_balance, c_active, c_since FROM customers

-- query: project_all_columns_of_events
SELECT * FROM events

-- query: project_int_arithmetic
SELECT l_order, l_line, l_qty + 1, l_qty - 100, l_qty * 3, -l_qty FROM lineitem

-- query: project_int_division_truncates
SELECT l_order, l_line, l_qty / 7, (l_qty - 25) / 4, MOD(l_qty - 25, 4) FROM lineitem

-- query: project_bigint_arithmetic
SELECT o_id, o_id * 1000 + o_priority, o_id / 3 FROM orders

-- query: project_decimal_add_sub
SELECT o_id, o_total + 0.01, o_total - 1000.50, o_total + o_total FROM orders

-- query: project_decimal_times_int
SELECT l_order, l_line, l_price * l_qty FROM lineitem

-- query: project_decimal_times_decimal
SELECT c_id, c_balance * 1.5, c_balance * c_balance FROM customers

-- query: project_decimal_38
-- duckdb: SELECT o_id, o_precise, ROUND(o_precise + 1, 9), o_precise - o_precise FROM orders
SELECT o_id, o_precise, o_precise + 1, o_precise - o_precise FROM orders

-- query: project_double_arithmetic
SELECT o_id, o_discount * 2, 1 - o_discount, o_discount / 3 FROM orders

-- query: project_mixed_decimal_double
SELECT l_order, l_line, CAST(l_price AS DOUBLE) * (1 + l_tax) FROM lineitem

-- query: project_case_searched
SELECT o_id, CASE WHEN o_priority = 1 THEN 'urgent' WHEN o_priority <= 3 THEN 'normal' ELSE 'low' END FROM orders

-- query: project_case_simple
SELECT o_id, CASE o_status WHEN 'F' THEN 1 WHEN 'O' THEN 2 ELSE 0 END FROM orders

-- query: project_case_without_else
SELECT c_id, CASE WHEN c_balance > 5000 THEN c_balance END FROM customers

-- query: project_cast_int_to_bigint_and_double
SELECT l_order, l_line, CAST(l_qty AS BIGINT), CAST(l_qty AS DOUBLE) / 4 FROM lineitem

-- query: project_cast_double_to_int_truncates
-- duckdb: SELECT e_id, CAST(TRUNC(e_value) AS INTEGER) FROM events
SELECT e_id, CAST(e_value AS INT) FROM events

-- query: project_cast_decimal_to_int_truncates
-- duckdb: SELECT c_id, CAST(TRUNC(c_balance) AS INTEGER) FROM customers
SELECT c_id, CAST(c_balance AS INT) FROM customers

-- query: project_cast_int_to_string
SELECT c_id, CAST(c_nation AS STRING), CAST(c_id AS VARCHAR) || '-' || CAST(c_nation AS VARCHAR) FROM customers

-- query: project_cast_decimal_to_string
SELECT c_id, CAST(c_balance AS STRING) FROM customers

-- query: project_cast_date_to_string
SELECT o_id, CAST(o_date AS STRING) FROM orders

-- query: project_cast_string_to_int
SELECT c_id, CAST(SUBSTRING(CAST(c_id AS STRING) FROM 1 FOR 2) AS INT) FROM customers

-- query: project_cast_string_to_date
SELECT o_id, CAST(CAST(o_date AS STRING) AS DATE) FROM orders

-- query: project_cast_int_to_decimal
SELECT l_order, l_line, CAST(l_qty AS DECIMAL(10, 2)) / 4 FROM lineitem WHERE l_qty IS NULL OR l_qty < 40

-- query: project_cast_decimal_rescale
SELECT c_id, CAST(c_balance AS DECIMAL(14, 4)), CAST(c_balance AS DECIMAL(12, 1)) FROM customers

-- query: project_coalesce
SELECT o_id, COALESCE(o_cust, -1), COALESCE(o_status, 'none'), COALESCE(o_discount, 0.0) FROM orders

-- query: project_coalesce_three
SELECT c_id, COALESCE(c_segment, c_name, 'unknown') FROM customers

-- query: project_nullif
SELECT c_id, NULLIF(c_segment, ''), NULLIF(c_nation, 0) FROM customers

-- query: project_if
SELECT o_id, IF(o_priority > 2, 'high', 'low'), IF(o_total > 50000, o_total, 0) FROM orders

-- query: project_boolean_expressions
SELECT c_id, c_active AND c_nation > 10, c_active OR c_nation > 10, NOT c_active FROM customers

-- query: project_comparison_results
SELECT o_id, o_priority > 2, o_total = o_total, o_status <> 'F' FROM orders

-- query: project_literals
SELECT 1, 'text', 2.50, TRUE, CAST(NULL AS INT), DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.789' FROM customers WHERE c_id = 1

-- query: project_string_concat_operator
SELECT c_id, c_name || '/' || c_segment FROM customers

-- query: project_expression_on_two_tables_fields
SELECT e_id, e_user * 1000 + CHAR_LENGTH(e_type) FROM events
