using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Tests;

/// <summary>Common Flink streaming idioms, written from scratch, parse and round-trip.</summary>
public class FlinkIdiomTests
{
    [Theory]
    [InlineData("""
        CREATE TABLE clicks (
            user_id BIGINT,
            url STRING,
            `ts` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
            `partition` INT METADATA VIRTUAL,
            proc AS PROCTIME(),
            WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND
        ) WITH ('connector' = 'kafka', 'topic' = 'clicks', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset')
        """)]
    [InlineData("""
        SELECT *
        FROM (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
            FROM (
                SELECT window_start, window_end, supplier, SUM(price) AS price, COUNT(*) AS cnt
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
                GROUP BY window_start, window_end, supplier
            )
        ) WHERE rownum <= 3
        """)]
    [InlineData("""
        SELECT l.num, l.window_start, r.id
        FROM (SELECT * FROM TABLE(TUMBLE(TABLE left_t, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))) l
        FULL JOIN (SELECT * FROM TABLE(TUMBLE(TABLE right_t, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))) r
        ON l.num = r.num AND l.window_start = r.window_start AND l.window_end = r.window_end
        """)]
    [InlineData("""
        SELECT o.id, o.order_time, s.ship_time
        FROM orders o, shipments s
        WHERE o.id = s.order_id AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time
        """)]
    [InlineData("""
        SELECT o.order_id, o.total, c.country, c.zip
        FROM orders AS o
        JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id
        """)]
    [InlineData("""
        SELECT window_start, window_end, item, SUM(price) AS total
        FROM TABLE(CUMULATE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))
        GROUP BY window_start, window_end, GROUPING SETS ((item), ())
        """)]
    [InlineData("""
        SELECT product, amount,
               SUM(amount) OVER (PARTITION BY product ORDER BY order_time RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS one_hour_sum
        FROM orders
        """)]
    [InlineData("""
        SELECT user_id, tag, pos
        FROM events CROSS JOIN UNNEST(tags) WITH ORDINALITY AS t (tag, pos)
        WHERE CARDINALITY(tags) > 0 AND tags[1] IS NOT NULL AND attrs['k'] LIKE '%v%'
        """)]
    [InlineData("""
        SELECT s, w, LENGTH(w)
        FROM sentences, LATERAL TABLE(split_words(s)) AS t (w)
        """)]
    [InlineData("""
        SELECT DATE_FORMAT(CURRENT_TIMESTAMP, 'yyyy-MM-dd'), TIMESTAMPDIFF(SECOND, a, b), EXTRACT(HOUR FROM ts),
               FLOOR(ts TO MINUTE), CAST(price AS DECIMAL(10, 2)), TRY_CAST(s AS INT), COALESCE(x, 0), IF(a > b, a, b)
        FROM t
        """)]
    public void Idiom_parses_and_round_trips(string sql)
    {
        SqlStatement statement = SqlAssert.Statement(sql);
        Assert.NotNull(statement);
    }

    [Fact]
    public void A_binder_can_point_at_any_name()
    {
        const string Sql = "SELECT price, auction\nFROM bid\nWHERE bidder = 7 AND pricee > 10";
        var select = Assert.IsType<SelectQuery>(SqlParser.ParseQuery(Sql));
        IdentifierExpression typo = select.Where!.DescendantsAndSelf().OfType<IdentifierExpression>().Single(i => i.Parts[0].Value == "pricee");
        Assert.Equal((3, 22, 6), (typo.Span.Line, typo.Span.Column, typo.Span.Length));
    }
}
