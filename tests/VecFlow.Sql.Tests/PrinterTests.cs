using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;
using VecFlow.Sql.Printing;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Tests;

public class PrinterTests
{
    [Theory]
    [InlineData("select a+b*c from t where x>=1 and not y", "SELECT a + b * c FROM t WHERE x >= 1 AND NOT y")]
    [InlineData("SELECT (a + b) * c", "SELECT (a + b) * c")]
    [InlineData("SELECT a - (b - c), (a - b) - c", "SELECT a - (b - c), a - b - c")]
    [InlineData("SELECT a <> b, a != b", "SELECT a <> b, a <> b")]
    [InlineData("SELECT - (-a), -(a + 1), - - 1", "SELECT -(-a), -(a + 1), -(-1)")]
    [InlineData("SELECT NOT (a AND b), (NOT a) AND b", "SELECT NOT (a AND b), NOT a AND b")]
    [InlineData("SELECT a = (b IS NULL), (a = b) IS NULL", "SELECT a = (b IS NULL), a = b IS NULL")]
    [InlineData("SELECT a BETWEEN (b AND c) AND d", "SELECT a BETWEEN (b AND c) AND d")]
    [InlineData("SELECT (a).b, (f(x)).y, a.b", "SELECT (a).b, f(x).y, a.b")]
    [InlineData("SELECT `select`, `a b`, `x``y`, `plain`", "SELECT `select`, `a b`, `x``y`, `plain`")]
    [InlineData("SELECT 'it''s'", "SELECT 'it''s'")]
    [InlineData("SELECT count(*) filter (where x > 1) over w from t", "SELECT count(*) FILTER (WHERE x > 1) OVER w FROM t")]
    [InlineData("select * from a left outer join b using (k) cross join c", "SELECT * FROM a LEFT JOIN b USING (k) CROSS JOIN c")]
    [InlineData("select 1 union all (select 2 union select 3)", "SELECT 1 UNION ALL (SELECT 2 UNION SELECT 3)")]
    [InlineData("(select 1 union select 2) intersect select 3", "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3")]
    [InlineData("(select a from t order by a limit 1) union select 2", "(SELECT a FROM t ORDER BY a LIMIT 1) UNION SELECT 2")]
    [InlineData("select a from t offset 2 rows fetch next 3 rows only", "SELECT a FROM t LIMIT 3 OFFSET 2")]
    [InlineData("select trim(both from s), trim(both 'x' from s)", "SELECT TRIM(s), TRIM(BOTH 'x' FROM s)")]
    [InlineData("select substring(s, 1, 2), ceiling(ts to day)", "SELECT SUBSTRING(s FROM 1 FOR 2), CEIL(ts TO DAY)")]
    [InlineData("select interval '5' minutes, interval '1' day(2) to second(3)", "SELECT INTERVAL '5' MINUTE, INTERVAL '1' DAY(2) TO SECOND(3)")]
    [InlineData("select cast(x as integer not null), cast(y as timestamp(3) with local time zone)", "SELECT CAST(x AS INT NOT NULL), CAST(y AS TIMESTAMP_LTZ(3))")]
    [InlineData("select row(1, 2), (1, 2), array[1], map['k', 1]", "SELECT ROW(1, 2), (1, 2), ARRAY[1], MAP['k', 1]")]
    [InlineData("select timestamp_ltz '2024-01-01 00:00:00'", "SELECT TIMESTAMP WITH LOCAL TIME ZONE '2024-01-01 00:00:00'")]
    public void Prints_canonical_sql(string sql, string canonical)
    {
        QueryExpression query = SqlAssert.Query(sql);
        Assert.Equal(canonical, SqlPrinter.Print(query));
    }

    [Fact]
    public void Prints_statements_canonically()
    {
        Assert.Equal(
            "CREATE TABLE t (a INT NOT NULL PRIMARY KEY NOT ENFORCED, b AS a + 1 COMMENT 'c', m STRING METADATA FROM 'k' VIRTUAL, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) PARTITIONED BY (a) WITH ('connector' = 'x')",
            SqlPrinter.Print(SqlAssert.Statement(
                "create table t (a int not null primary key not enforced, b as a+1 comment 'c', m string metadata from 'k' virtual, watermark for ts as ts - interval '1' second) partitioned by (a) with ('connector'='x')")));
        Assert.Equal(
            "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END",
            SqlPrinter.Print(SqlAssert.Statement("execute statement set begin insert into a select 1; insert into b select 2; end")));
        Assert.Equal(
            "EXPLAIN CHANGELOG_MODE, ESTIMATED_COST INSERT INTO t SELECT * FROM s",
            SqlPrinter.Print(SqlAssert.Statement("explain changelog_mode, estimated_cost insert into t select * from s")));
        Assert.Equal("SET 'a' = 'b'", SqlPrinter.Print(SqlAssert.Statement("set 'a'='b'")));
    }

    [Fact]
    public void Every_node_prints_on_its_own()
    {
        SqlStatement statement = SqlParser.ParseStatement("""
            CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, r ROW<x INT COMMENT 'c'>, WATERMARK FOR ts AS ts)
            WITH ('k' = 'v') LIKE s (INCLUDING ALL)
            AS WITH c AS (SELECT 1) SELECT a, MAP['k', 1], CASE WHEN a THEN 1 END, SUM(a) OVER (ROWS 1 PRECEDING)
            FROM t AS x (a), TABLE(f(TABLE t, DESCRIPTOR(a), n => 1)) JOIN u USING (a)
            GROUP BY GROUPING SETS ((a), ()) WINDOW w AS (PARTITION BY a) ORDER BY a
            """);
        foreach (SqlNode node in statement.DescendantsAndSelf())
        {
            Assert.False(string.IsNullOrWhiteSpace(node.ToString()), node.GetType().Name);
        }

        Assert.Contains(statement.DescendantsAndSelf(), n => n is MapEntry);
        Assert.Contains(statement.DescendantsAndSelf(), n => n is FrameBound);
        Assert.Contains(statement.DescendantsAndSelf(), n => n is TableLikeOption);
    }

    [Fact]
    public void Printing_a_script_terminates_every_statement()
    {
        SqlScript script = SqlParser.ParseScript("SET 'a' = 'b'; BEGIN STATEMENT SET; INSERT INTO t SELECT 1; END;");
        Assert.Equal("SET 'a' = 'b';\nBEGIN STATEMENT SET; INSERT INTO t SELECT 1; END;\n", SqlPrinter.Print(script));
        Assert.Equal(2, SqlParser.ParseScript(SqlPrinter.Print(script)).Statements.Count);
    }

    /// <summary>
    /// Random expression trees, printed and parsed back, must come back identical: this checks that the printer adds
    /// exactly the parentheses precedence and associativity need, for shapes no hand-written test thinks of.
    /// </summary>
    [Fact]
    public void Random_expression_trees_round_trip()
    {
        var random = new Random(20240531);
        for (int i = 0; i < 2000; i++)
        {
            SqlExpression tree = RandomExpression(random, 5);
            string printed = SqlPrinter.Print(tree);
            SqlExpression reparsed = SqlParser.ParseExpression(printed);
            Assert.True(SqlNodeComparer.Instance.Equals(tree, reparsed), $"{printed}\n{SqlPrinter.Print(reparsed)}");
        }
    }

    private static readonly SourceSpan NoSpan = new(0, 1, 1, 1);

    private static SqlExpression RandomExpression(Random random, int depth)
    {
        if (depth <= 0 || random.Next(4) == 0)
        {
            return random.Next(4) switch
            {
                0 => new NumericLiteral(random.Next(100).ToString(), NumericLiteralKind.Integer, NoSpan),
                1 => new StringLiteral("s", NoSpan),
                2 => new IdentifierExpression([new Identifier("c" + random.Next(3), false, NoSpan)], NoSpan),
                _ => new FunctionCallExpression(
                    new QualifiedName([new Identifier("f", false, NoSpan)], NoSpan), SetQuantifier.Default,
                    [RandomExpression(random, depth - 1)], false, null, null, NoSpan),
            };
        }

        SqlExpression Next() => RandomExpression(random, depth - 1);
        return random.Next(10) switch
        {
            0 or 1 or 2 => new BinaryExpression((BinaryOperator)random.Next(Enum.GetValues<BinaryOperator>().Length), Next(), Next(), NoSpan),
            3 => new UnaryExpression((UnaryOperator)random.Next(3), Next(), NoSpan),
            4 => new IsExpression(Next(), (IsPredicate)random.Next(4), random.Next(2) == 0, NoSpan),
            5 => new BetweenExpression(Next(), Next(), Next(), random.Next(2) == 0, (BetweenSymmetry)random.Next(3), NoSpan),
            6 => new InListExpression(Next(), [Next(), Next()], random.Next(2) == 0, NoSpan),
            7 => new PatternMatchExpression((PatternMatchKind)random.Next(2), Next(), Next(), random.Next(2) == 0 ? Next() : null, random.Next(2) == 0, NoSpan),
            8 => new IsDistinctFromExpression(Next(), Next(), random.Next(2) == 0, NoSpan),
            _ => new FieldAccessExpression(Next(), new Identifier("f", false, NoSpan), NoSpan),
        };
    }
}
