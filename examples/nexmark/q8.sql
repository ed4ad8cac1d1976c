-- Nexmark q8, monitor new users: people who opened an account and listed an auction in the same window.

CREATE TABLE q8_sink (id BIGINT, name VARCHAR, stime TIMESTAMP(3)) WITH ('connector' = 'blackhole');

INSERT INTO q8_sink
SELECT new_people.id, new_people.name, new_people.window_start_time
FROM (
    SELECT
        p.id,
        p.name,
        TUMBLE_START(p.dateTime, INTERVAL '10' SECOND) AS window_start_time,
        TUMBLE_END(p.dateTime, INTERVAL '10' SECOND) AS window_end_time
    FROM person p
    GROUP BY p.id, p.name, TUMBLE(p.dateTime, INTERVAL '10' SECOND)
) new_people
JOIN (
    SELECT
        a.seller,
        TUMBLE_START(a.dateTime, INTERVAL '10' SECOND) AS window_start_time,
        TUMBLE_END(a.dateTime, INTERVAL '10' SECOND) AS window_end_time,
        TUMBLE_ROWTIME(a.dateTime, INTERVAL '10' SECOND) AS window_time
    FROM auction a
    GROUP BY a.seller, TUMBLE(a.dateTime, INTERVAL '10' SECOND)
) new_sellers
ON new_people.id = new_sellers.seller
   AND new_people.window_start_time = new_sellers.window_start_time
   AND new_people.window_end_time = new_sellers.window_end_time;
