-- Scalar functions: strings, numbers, dates and times. Where Flink and DuckDB spell a function differently, the
-- '-- duckdb:' text is the same computation in DuckDB's dialect.

-- query: fn_upper_lower
SELECT c_id, UPPER(c_name), LOWER(c_name) FROM customers

-- query: fn_trim
SELECT c_id, TRIM(c_name), CHAR_LENGTH(TRIM(c_name)) FROM customers

-- query: fn_trim_leading_trailing
SELECT c_id, TRIM(LEADING ' ' FROM c_name), TRIM(TRAILING ' ' FROM c_name) FROM customers

-- query: fn_ltrim_rtrim
SELECT c_id, LTRIM(c_name), RTRIM(c_name) FROM customers

-- query: fn_substring_from_for
SELECT c_id, SUBSTRING(c_name FROM 2 FOR 3), SUBSTRING(c_name FROM 3) FROM customers

-- query: fn_substring_function_form
SELECT o_id, SUBSTR(o_comment, 1, 4), SUBSTR(o_comment, 3) FROM orders

-- query: fn_char_length
SELECT c_id, CHAR_LENGTH(c_name), CHARACTER_LENGTH(c_segment) FROM customers

-- query: fn_concat_propagates_null
-- duckdb: SELECT c_id, c_name || '#' || c_segment FROM customers
SELECT c_id, CONCAT(c_name, '#', c_segment) FROM customers

-- query: fn_concat_ws
-- duckdb: SELECT c_id, CASE WHEN c_segment IS NULL AND c_name IS NULL THEN '' ELSE concat_ws('|', c_name, c_segment) END FROM customers
SELECT c_id, CONCAT_WS('|', c_name, c_segment) FROM customers

-- query: fn_concat_ws_null_separator_and_many_args
-- duckdb: SELECT c_id, concat_ws(c_segment, c_name, 'x', NULL, c_name) FROM customers
SELECT c_id, CONCAT_WS(c_segment, c_name, 'x', NULL, c_name) FROM customers

-- query: fn_concat_ws_single_argument
-- duckdb: SELECT c_id, COALESCE(c_name, '') FROM customers
SELECT c_id, CONCAT_WS('-', c_name) FROM customers

-- query: fn_replace
SELECT o_id, REPLACE(o_comment, '-', '+') FROM orders

-- query: fn_position
SELECT o_id, POSITION('o' IN o_comment) FROM orders

-- query: fn_regexp_extract_group
-- duckdb: SELECT e_id, CASE WHEN regexp_matches(e_url, 'h([0-9])\.example') THEN regexp_extract(e_url, 'h([0-9])\.example', 1) END FROM events
SELECT e_id, REGEXP_EXTRACT(e_url, 'h([0-9])\.example', 1) FROM events

-- query: fn_regexp_extract_no_match_is_null
-- duckdb: SELECT e_id, CASE WHEN regexp_matches(e_url, 'id=(9[0-9]+)$') THEN regexp_extract(e_url, 'id=(9[0-9]+)$', 1) END FROM events
SELECT e_id, REGEXP_EXTRACT(e_url, 'id=(9[0-9]+)$', 1) FROM events

-- query: fn_regexp_extract_whole_match
-- duckdb: SELECT e_id, CASE WHEN regexp_matches(e_url, '/p/[0-9]+') THEN regexp_extract(e_url, '/p/[0-9]+', 0) END FROM events
SELECT e_id, REGEXP_EXTRACT(e_url, '/p/[0-9]+', 0) FROM events

-- query: fn_regexp_replace
-- duckdb: SELECT e_id, regexp_replace(e_url, '[0-9]+', '#', 'g') FROM events
SELECT e_id, REGEXP_REPLACE(e_url, '[0-9]+', '#') FROM events

-- query: fn_split_index
-- duckdb: SELECT o_id, string_split(o_comment, '-')[1], string_split(o_comment, '-')[3] FROM orders
SELECT o_id, SPLIT_INDEX(o_comment, '-', 0), SPLIT_INDEX(o_comment, '-', 2) FROM orders

-- query: fn_split_index_comma
-- duckdb: SELECT o_id, string_split(o_comment, ',')[2] FROM orders
SELECT o_id, SPLIT_INDEX(o_comment, ',', 1) FROM orders

-- query: fn_lpad_rpad
SELECT c_id, LPAD(CAST(c_nation AS STRING), 3, '0'), RPAD(c_segment, 12, '.') FROM customers

-- query: fn_string_functions_in_where
SELECT c_id FROM customers WHERE UPPER(c_segment) = 'BUILDING' AND CHAR_LENGTH(c_name) > 5

-- query: fn_abs
SELECT c_id, ABS(c_balance), ABS(c_nation - 12) FROM customers

-- query: fn_abs_double
SELECT e_id, ABS(e_value) FROM events

-- query: fn_round_decimal
SELECT c_id, ROUND(c_balance, 1), ROUND(c_balance, 0), ROUND(c_balance, -2) FROM customers

-- query: fn_round_double
SELECT e_id, ROUND(e_value, 1) FROM events

-- query: fn_floor_ceil_decimal
SELECT c_id, FLOOR(c_balance), CEIL(c_balance) FROM customers

-- query: fn_floor_ceil_double
SELECT e_id, FLOOR(e_value), CEIL(e_value), CEILING(e_value) FROM events

-- query: fn_mod
SELECT l_order, l_line, MOD(l_qty, 7), MOD(l_line - 3, 2) FROM lineitem

-- query: fn_power_sqrt
SELECT e_id, POWER(ABS(e_value), 0.5), SQRT(ABS(e_value)) FROM events

-- query: fn_sign
SELECT c_id, SIGN(c_nation - 12) FROM customers

-- query: fn_extract_date_parts
SELECT o_id, EXTRACT(YEAR FROM o_date), EXTRACT(MONTH FROM o_date), EXTRACT(DAY FROM o_date) FROM orders

-- query: fn_extract_timestamp_parts
SELECT o_id, EXTRACT(HOUR FROM o_ts), EXTRACT(MINUTE FROM o_ts), EXTRACT(SECOND FROM o_ts) FROM orders

-- query: fn_year_month_dayofmonth
SELECT o_id, YEAR(o_date), MONTH(o_date), DAYOFMONTH(o_date), QUARTER(o_date) FROM orders

-- query: fn_hour_minute_second
SELECT e_id, HOUR(e_ts), MINUTE(e_ts), SECOND(e_ts) FROM events

-- query: fn_dayofweek
-- duckdb: SELECT o_id, dayofweek(o_date) + 1 FROM orders
SELECT o_id, DAYOFWEEK(o_date) FROM orders

-- query: fn_dayofyear
SELECT o_id, DAYOFYEAR(o_date) FROM orders

-- query: fn_date_format
-- duckdb: SELECT o_id, strftime(o_ts, '%Y-%m-%d %H:%M') FROM orders
SELECT o_id, DATE_FORMAT(o_ts, 'yyyy-MM-dd HH:mm') FROM orders

-- query: fn_date_format_compact
-- duckdb: SELECT e_id, strftime(e_ts, '%Y%m%d%H') FROM events
SELECT e_id, DATE_FORMAT(e_ts, 'yyyyMMddHH') FROM events

-- query: fn_to_timestamp
-- duckdb: SELECT o_id, CAST(strftime(o_ts, '%Y-%m-%d %H:%M:%S') AS TIMESTAMP) FROM orders
SELECT o_id, TO_TIMESTAMP(DATE_FORMAT(o_ts, 'yyyy-MM-dd HH:mm:ss')) FROM orders

-- query: fn_to_date
-- duckdb: SELECT o_id, CAST(strftime(o_ts, '%Y-%m-%d') AS DATE) FROM orders
SELECT o_id, TO_DATE(DATE_FORMAT(o_ts, 'yyyy-MM-dd')) FROM orders

-- query: fn_floor_timestamp_to_hour
-- duckdb: SELECT e_id, date_trunc('hour', e_ts) FROM events
SELECT e_id, FLOOR(e_ts TO HOUR) FROM events

-- query: fn_floor_timestamp_to_day_and_minute
-- duckdb: SELECT o_id, date_trunc('day', o_ts), date_trunc('minute', o_ts) FROM orders
SELECT o_id, FLOOR(o_ts TO DAY), FLOOR(o_ts TO MINUTE) FROM orders

-- query: fn_ceil_timestamp_to_hour
-- duckdb: SELECT e_id, CASE WHEN date_trunc('hour', e_ts) = e_ts THEN e_ts ELSE date_trunc('hour', e_ts) + INTERVAL 1 HOUR END FROM events
SELECT e_id, CEIL(e_ts TO HOUR) FROM events

-- query: fn_timestampadd
-- duckdb: SELECT o_id, o_ts + INTERVAL 3 HOUR, o_ts - INTERVAL 2 DAY, o_ts + INTERVAL 90 MINUTE FROM orders
SELECT o_id, TIMESTAMPADD(HOUR, 3, o_ts), TIMESTAMPADD(DAY, -2, o_ts), TIMESTAMPADD(MINUTE, 90, o_ts) FROM orders

-- query: fn_timestampdiff
-- duckdb: SELECT o_id, CAST(date_sub('hour', TIMESTAMP '2024-01-01 00:00:00', o_ts) AS INTEGER), CAST(date_sub('day', o_ts, TIMESTAMP '2024-02-15 12:00:00') AS INTEGER) FROM orders
SELECT o_id, TIMESTAMPDIFF(HOUR, TIMESTAMP '2024-01-01 00:00:00', o_ts), TIMESTAMPDIFF(DAY, o_ts, TIMESTAMP '2024-02-15 12:00:00') FROM orders

-- query: fn_timestampdiff_minute_between_columns
-- duckdb: SELECT e_id, CAST(date_sub('minute', TIMESTAMP '2024-03-01 00:00:00', e_ts) AS INTEGER) FROM events
SELECT e_id, TIMESTAMPDIFF(MINUTE, TIMESTAMP '2024-03-01 00:00:00', e_ts) FROM events

-- query: fn_timestamp_plus_interval
SELECT e_id, e_ts + INTERVAL '2' HOUR, e_ts - INTERVAL '30' MINUTE, e_ts + INTERVAL '1' DAY FROM events

-- query: fn_timestamp_plus_interval_seconds
SELECT e_id, e_ts + INTERVAL '90' SECOND FROM events

-- query: fn_date_plus_interval_day
-- duckdb: SELECT o_id, CAST(o_date + INTERVAL 10 DAY AS DATE), CAST(o_date - INTERVAL 1 DAY AS DATE) FROM orders
SELECT o_id, o_date + INTERVAL '10' DAY, o_date - INTERVAL '1' DAY FROM orders

-- query: fn_date_plus_interval_month
-- duckdb: SELECT c_id, CAST(c_since + INTERVAL 1 MONTH AS DATE) FROM customers
SELECT c_id, c_since + INTERVAL '1' MONTH FROM customers

-- query: fn_cast_timestamp_to_date
SELECT o_id, CAST(o_ts AS DATE) FROM orders

-- query: fn_cast_date_to_timestamp
-- duckdb: SELECT o_id, CAST(o_date AS TIMESTAMP) FROM orders
SELECT o_id, CAST(o_date AS TIMESTAMP(3)) FROM orders

-- query: fn_date_compare_with_timestamp_date
SELECT o_id FROM orders WHERE CAST(o_ts AS DATE) = DATE '2024-01-15'

-- query: fn_nested_functions
SELECT c_id, UPPER(SUBSTRING(TRIM(c_name) FROM 1 FOR 2)) || CAST(MOD(c_id, 10) AS STRING) FROM customers

-- query: fn_greatest_least
-- duckdb: SELECT l_order, l_line, CASE WHEN l_qty IS NOT NULL THEN greatest(l_qty, 10) END, CASE WHEN l_qty IS NOT NULL THEN least(l_qty, 10) END FROM lineitem
SELECT l_order, l_line, GREATEST(l_qty, 10), LEAST(l_qty, 10) FROM lineitem
