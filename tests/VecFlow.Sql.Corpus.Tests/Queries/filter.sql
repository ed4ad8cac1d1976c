-- WHERE: comparisons, AND/OR/NOT, three-valued logic, IN, BETWEEN, LIKE, IS [NOT] NULL.

-- query: filter_int_eq
SELECT c_id, c_name, c_nation FROM customers WHERE c_nation = 3

-- query: filter_bigint_range
SELECT o_id, o_cust FROM orders WHERE o_id >= 100500 AND o_id < 100600

-- query: filter_and_or
SELECT o_id, o_status, o_priority FROM orders WHERE (o_status = 'F' AND o_priority > 3) OR (o_status = 'O' AND o_priority = 1)

-- query: filter_not
SELECT c_id FROM customers WHERE NOT (c_nation < 20)

-- query: filter_not_with_nulls
SELECT COUNT(*) FROM customers WHERE NOT (c_nation < 20 OR c_active)

-- query: filter_or_unknown_true
SELECT COUNT(*) FROM customers WHERE c_nation IS NULL OR c_nation > 10 OR c_active

-- query: filter_boolean_column
SELECT c_id, c_balance FROM customers WHERE c_active

-- query: filter_boolean_is_not_true
SELECT COUNT(*) FROM customers WHERE c_active IS NOT TRUE

-- query: filter_boolean_is_false
SELECT c_id FROM customers WHERE c_active IS FALSE AND c_nation = 1

-- query: filter_in_list
SELECT o_id, o_priority FROM orders WHERE o_priority IN (1, 4) AND o_status = 'P'

-- query: filter_not_in_list
SELECT COUNT(*) FROM orders WHERE o_priority NOT IN (2, 3, 5)

-- query: filter_in_strings
SELECT l_order, l_line, l_mode FROM lineitem WHERE l_mode IN ('AIR', 'REG AIR') AND l_qty > 45

-- query: filter_between_decimal
SELECT o_id, o_total FROM orders WHERE o_total BETWEEN 1000.00 AND 1500.50

-- query: filter_not_between
SELECT COUNT(*) FROM orders WHERE o_priority NOT BETWEEN 2 AND 4

-- query: filter_between_dates
SELECT o_id, o_date FROM orders WHERE o_date BETWEEN DATE '2024-02-01' AND DATE '2024-02-10'

-- query: filter_timestamp_range
SELECT o_id, o_ts FROM orders WHERE o_ts >= TIMESTAMP '2024-01-10 00:00:00' AND o_ts < TIMESTAMP '2024-01-10 06:30:00.500'

-- query: filter_like_prefix
SELECT c_id, c_name FROM customers WHERE c_name LIKE 'Al%'

-- query: filter_like_underscore
SELECT c_id, c_name FROM customers WHERE c_name LIKE '_ob%'

-- query: filter_not_like
SELECT COUNT(*) FROM lineitem WHERE l_mode NOT LIKE '%AIR%'

-- query: filter_like_non_ascii
SELECT c_id, c_name FROM customers WHERE c_name LIKE '%ë%' OR c_name LIKE '東%'

-- query: filter_is_null
SELECT o_id FROM orders WHERE o_cust IS NULL AND o_status IS NOT NULL

-- query: filter_is_not_null_multi
SELECT COUNT(*) FROM orders WHERE o_total IS NOT NULL AND o_discount IS NOT NULL AND o_ts IS NOT NULL

-- query: filter_double_compare
SELECT o_id, o_discount FROM orders WHERE o_discount > 0.49

-- query: filter_decimal_literal_compare
SELECT c_id, c_balance FROM customers WHERE c_balance < -900.5

-- query: filter_string_compare_bytes
SELECT c_id, c_name FROM customers WHERE c_name > 'Z' AND c_name < 'Ω'

-- query: filter_empty_string
SELECT c_id, c_segment FROM customers WHERE c_segment = '' AND c_nation < 5

-- query: filter_arithmetic_predicate
SELECT l_order, l_line FROM lineitem WHERE l_qty * 2 + 1 > 95

-- query: filter_decimal_38
SELECT o_id, o_precise FROM orders WHERE o_precise > 999000000000.5
