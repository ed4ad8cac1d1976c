using VecFlow.Sql.Ast;
using VecFlow.Sql.Printing;

namespace VecFlow.Sql.Tests;

public class QueryTests
{
    private static SelectQuery Select(string sql) => SqlAssert.Query<SelectQuery>(sql);

    [Fact]
    public void Select_list_with_aliases_stars_and_quantifiers()
    {
        SelectQuery select = Select("SELECT DISTINCT a, b AS bee, c cee, t.*, db.t.*, * FROM t");
        Assert.Equal(SetQuantifier.Distinct, select.Quantifier);
        Assert.Equal(6, select.Items.Count);
        Assert.Null(Assert.IsType<ExpressionSelectItem>(select.Items[0]).Alias);
        Assert.Equal("bee", Assert.IsType<ExpressionSelectItem>(select.Items[1]).Alias!.Value);
        Assert.Equal("cee", Assert.IsType<ExpressionSelectItem>(select.Items[2]).Alias!.Value);
        Assert.Equal(["t"], Assert.IsType<StarSelectItem>(select.Items[3]).Qualifier!.Parts.Select(p => p.Value));
        Assert.Equal(["db", "t"], Assert.IsType<StarSelectItem>(select.Items[4]).Qualifier!.Parts.Select(p => p.Value));
        Assert.Null(Assert.IsType<StarSelectItem>(select.Items[5]).Qualifier);
        Assert.Equal(SetQuantifier.All, Select("SELECT ALL a FROM t").Quantifier);
        Assert.Null(Select("SELECT 1").From);
    }

    [Fact]
    public void Non_reserved_keywords_can_be_names_and_aliases()
    {
        SelectQuery select = Select("SELECT key, `value`, date, time, `day` AS d, window_start FROM data AS system");
        Assert.Equal(["key", "value", "date", "time", "day", "window_start"],
            select.Items.Cast<ExpressionSelectItem>().Select(i => ((IdentifierExpression)i.Expression).Parts[0].Value));
        Assert.Equal("system", Assert.IsType<NamedTable>(select.From).Alias!.Name.Value);
    }

    [Fact]
    public void Where_group_by_having()
    {
        SelectQuery select = Select("SELECT a, COUNT(*) FROM t WHERE b > 0 GROUP BY a, b + 1 HAVING COUNT(*) > 1");
        Assert.IsType<BinaryExpression>(select.Where);
        Assert.Equal(2, select.GroupBy!.Elements.Count);
        Assert.IsType<BinaryExpression>(select.Having);
    }

    [Fact]
    public void Legacy_group_windows_are_calls_in_group_by()
    {
        SelectQuery select = Select("""
            SELECT user_id, TUMBLE_START(ts, INTERVAL '1' HOUR), HOP_END(ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE),
                   SESSION_ROWTIME(ts, INTERVAL '10' MINUTE)
            FROM t
            GROUP BY user_id, TUMBLE(ts, INTERVAL '1' HOUR), HOP(ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE),
                     SESSION(ts, INTERVAL '10' MINUTE)
            """);
        string[] windows = [.. select.GroupBy!.Elements.Skip(1)
            .Select(e => ((FunctionCallExpression)((ExpressionGrouping)e).Expression).Name.Last.Value)];
        Assert.Equal(["TUMBLE", "HOP", "SESSION"], windows);
    }

    [Fact]
    public void Grouping_sets_rollup_and_cube()
    {
        SelectQuery select = Select("SELECT a, b FROM t GROUP BY GROUPING SETS ((a, b), (a), ()), ROLLUP(a, b), CUBE(a, (b, c)), ()");
        var sets = Assert.IsType<GroupingSetsGrouping>(select.GroupBy!.Elements[0]);
        Assert.Equal(3, sets.Sets.Count);
        Assert.IsType<RowConstructorExpression>(Assert.IsType<ExpressionGrouping>(sets.Sets[0]).Expression);
        Assert.IsType<IdentifierExpression>(Assert.IsType<ExpressionGrouping>(sets.Sets[1]).Expression);
        Assert.IsType<EmptyGrouping>(sets.Sets[2]);
        Assert.Equal(GroupingSetsShorthand.Rollup, Assert.IsType<RollupCubeGrouping>(select.GroupBy.Elements[1]).Kind);
        Assert.Equal(GroupingSetsShorthand.Cube, Assert.IsType<RollupCubeGrouping>(select.GroupBy.Elements[2]).Kind);
        Assert.IsType<EmptyGrouping>(select.GroupBy.Elements[3]);
    }

    [Fact]
    public void Named_windows()
    {
        SelectQuery select = Select("""
            SELECT SUM(x) OVER w, AVG(x) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
            FROM t
            WINDOW w AS (PARTITION BY k ORDER BY ts), w2 AS (w)
            """);
        Assert.Equal(["w", "w2"], select.Windows.Select(w => w.Name.Value));
        var first = (FunctionCallExpression)((ExpressionSelectItem)select.Items[0]).Expression;
        Assert.Equal("w", Assert.IsType<WindowReference>(first.Over).Name.Value);
        var second = (FunctionCallExpression)((ExpressionSelectItem)select.Items[1]).Expression;
        Assert.Equal("w", Assert.IsType<WindowSpecification>(second.Over).BaseWindow!.Value);
        Assert.Equal("w", select.Windows[1].Specification.BaseWindow!.Value);
    }

    [Fact]
    public void Set_operations_respect_precedence_and_associativity()
    {
        var union = SqlAssert.Query<SetOperationQuery>("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
        Assert.Equal(SetOperator.Union, union.Operator);
        Assert.Equal(SetOperator.Intersect, Assert.IsType<SetOperationQuery>(union.Right).Operator);

        var except = SqlAssert.Query<SetOperationQuery>("SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3");
        Assert.Equal((SetOperator.Union, SetQuantifier.All), (except.Operator, except.Quantifier));
        Assert.Equal(SetOperator.Except, Assert.IsType<SetOperationQuery>(except.Left).Operator);

        var grouped = SqlAssert.Query<SetOperationQuery>("SELECT 1 INTERSECT DISTINCT (SELECT 2 UNION SELECT 3)");
        Assert.Equal(SetQuantifier.Distinct, grouped.Quantifier);
        Assert.Equal(SetOperator.Union, Assert.IsType<SetOperationQuery>(grouped.Right).Operator);
        Assert.Equal("SELECT 1 INTERSECT DISTINCT (SELECT 2 UNION SELECT 3)", SqlPrinter.Print(grouped));

        var rightNested = SqlAssert.Query<SetOperationQuery>("SELECT 1 EXCEPT (SELECT 2 EXCEPT SELECT 3)");
        Assert.IsType<SetOperationQuery>(rightNested.Right);
    }

    [Fact]
    public void Order_by_limit_offset_and_fetch()
    {
        var ordered = SqlAssert.Query<OrderedQuery>("SELECT a FROM t ORDER BY a DESC NULLS LAST, b ASC, c NULLS FIRST LIMIT 10 OFFSET 5");
        Assert.Equal(
            [(SortDirection.Descending, NullOrdering.Last), (SortDirection.Ascending, NullOrdering.Default), (SortDirection.Default, NullOrdering.First)],
            ordered.OrderBy.Select(o => (o.Direction, o.Nulls)));
        Assert.Equal("10", ((NumericLiteral)ordered.Limit!).Text);
        Assert.Equal("5", ((NumericLiteral)ordered.Offset!).Text);

        var fetch = SqlAssert.Query<OrderedQuery>("SELECT a FROM t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY");
        Assert.Equal(("10", "5"), (((NumericLiteral)fetch.Limit!).Text, ((NumericLiteral)fetch.Offset!).Text));
        Assert.Equal("10", ((NumericLiteral)SqlAssert.Query<OrderedQuery>("SELECT a FROM t FETCH NEXT 10 ROW ONLY").Limit!).Text);
        Assert.Null(SqlAssert.Query<OrderedQuery>("SELECT a FROM t OFFSET 3").Limit);

        var union = SqlAssert.Query<OrderedQuery>("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 1");
        Assert.IsType<SetOperationQuery>(union.Body);
    }

    [Fact]
    public void Values_as_query_and_as_table()
    {
        var values = SqlAssert.Query<ValuesQuery>("VALUES (1, 'a'), (2, 'b'), ROW(3, 'c'), 4");
        Assert.Equal([2, 2, 2, 1], values.Rows.Select(r => r.Values.Count));
        SelectQuery select = Select("SELECT * FROM (VALUES (1), (2)) AS v (x)");
        var derived = Assert.IsType<DerivedTable>(select.From);
        Assert.IsType<ValuesQuery>(derived.Query);
        Assert.Equal(["x"], derived.Alias!.Columns.Select(c => c.Value));
    }

    [Fact]
    public void With_clause()
    {
        var with = SqlAssert.Query<WithQuery>("WITH a (x) AS (SELECT 1), b AS (SELECT x FROM a) SELECT * FROM b ORDER BY x");
        Assert.Equal(["a", "b"], with.Items.Select(i => i.Name.Value));
        Assert.Equal(["x"], with.Items[0].Columns.Select(c => c.Value));
        Assert.IsType<OrderedQuery>(with.Body);
        SqlAssert.Query<WithQuery>("WITH a AS (SELECT 1) (WITH b AS (SELECT 2) SELECT * FROM a, b)");
    }

    [Fact]
    public void From_items_with_aliases()
    {
        var table = Assert.IsType<NamedTable>(Select("SELECT * FROM cat.db.t AS x (a, b)").From);
        Assert.Equal(["cat", "db", "t"], table.Name.Parts.Select(p => p.Value));
        Assert.Equal(("x", 2), (table.Alias!.Name.Value, table.Alias.Columns.Count));
        Assert.Equal("y", Assert.IsType<NamedTable>(Select("SELECT * FROM t y").From).Alias!.Name.Value);
        var derived = Assert.IsType<DerivedTable>(Select("SELECT * FROM (SELECT 1) sub").From);
        Assert.Equal("sub", derived.Alias!.Name.Value);
        Assert.Null(Assert.IsType<DerivedTable>(Select("SELECT * FROM (SELECT 1) WHERE 1 = 1").From).Alias);
        Assert.True(Assert.IsType<DerivedTable>(Assert.IsType<JoinedTable>(
            Select("SELECT * FROM t, LATERAL (SELECT t.a) AS l").From).Right).Lateral);
    }

    [Theory]
    [InlineData("JOIN", JoinKind.Inner)]
    [InlineData("INNER JOIN", JoinKind.Inner)]
    [InlineData("LEFT JOIN", JoinKind.Left)]
    [InlineData("LEFT OUTER JOIN", JoinKind.Left)]
    [InlineData("RIGHT JOIN", JoinKind.Right)]
    [InlineData("RIGHT OUTER JOIN", JoinKind.Right)]
    [InlineData("FULL JOIN", JoinKind.Full)]
    [InlineData("FULL OUTER JOIN", JoinKind.Full)]
    public void Joins_with_on(string join, JoinKind kind)
    {
        var joined = Assert.IsType<JoinedTable>(Select($"SELECT * FROM a {join} b ON a.id = b.id").From);
        Assert.Equal(kind, joined.Kind);
        Assert.IsType<OnJoinCondition>(joined.Condition);
    }

    [Fact]
    public void Joins_with_using_cross_natural_and_commas()
    {
        var usingJoin = Assert.IsType<JoinedTable>(Select("SELECT * FROM a LEFT JOIN b USING (id, k)").From);
        Assert.Equal(["id", "k"], Assert.IsType<UsingJoinCondition>(usingJoin.Condition).Columns.Select(c => c.Value));
        var cross = Assert.IsType<JoinedTable>(Select("SELECT * FROM a CROSS JOIN b").From);
        Assert.Equal((JoinKind.Cross, null), (cross.Kind, cross.Condition));
        Assert.True(Assert.IsType<JoinedTable>(Select("SELECT * FROM a NATURAL JOIN b").From).Natural);

        // Comma joins are cross joins at the same precedence as JOIN, associating to the left (as in Flink).
        var chain = Assert.IsType<JoinedTable>(Select("SELECT * FROM a, b JOIN c ON b.x = c.x, d").From);
        Assert.Equal(JoinKind.Comma, chain.Kind);
        var middle = Assert.IsType<JoinedTable>(chain.Left);
        Assert.Equal(JoinKind.Inner, middle.Kind);
        Assert.Equal(JoinKind.Comma, Assert.IsType<JoinedTable>(middle.Left).Kind);
    }

    [Fact]
    public void Parenthesised_joins_keep_their_grouping()
    {
        var join = Assert.IsType<JoinedTable>(Select("SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y").From);
        Assert.IsType<JoinedTable>(join.Right);
        Assert.Equal(
            "SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y",
            SqlPrinter.Print(Select("SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y")));
        Assert.IsType<NamedTable>(Assert.IsType<JoinedTable>(Select("SELECT * FROM (a JOIN b ON a.x = b.x)").From).Left);
        var derivedFirst = Assert.IsType<JoinedTable>(Select("SELECT * FROM ((SELECT 1 AS x) AS a JOIN b ON a.x = b.x)").From);
        Assert.IsType<DerivedTable>(derivedFirst.Left);
        var union = Assert.IsType<DerivedTable>(Select("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) AS u").From);
        Assert.IsType<SetOperationQuery>(union.Query);
    }

    [Fact]
    public void Temporal_join()
    {
        var join = Assert.IsType<JoinedTable>(Select(
            "SELECT * FROM orders AS o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.proctime AS r ON o.cur = r.cur").From);
        var rates = Assert.IsType<NamedTable>(join.Right);
        Assert.Equal(["o", "proctime"], Assert.IsType<IdentifierExpression>(rates.SystemTimeAsOf).Parts.Select(p => p.Value));
        Assert.Equal("r", rates.Alias!.Name.Value);
        var unaliased = Assert.IsType<NamedTable>(Assert.IsType<JoinedTable>(
            Select("SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts r2 ON TRUE").From).Right);
        Assert.Equal("r2", unaliased.Alias!.Name.Value);
    }

    [Fact]
    public void Lateral_table_functions_and_unnest()
    {
        var join = Assert.IsType<JoinedTable>(Select("SELECT * FROM t, LATERAL TABLE(split(t.s, ',')) AS x(word)").From);
        var function = Assert.IsType<TableFunctionTable>(join.Right);
        Assert.True(function.Lateral);
        Assert.Equal("split", function.Call.Name.Last.Value);
        Assert.Equal(["word"], function.Alias!.Columns.Select(c => c.Value));

        var left = Assert.IsType<JoinedTable>(Select("SELECT * FROM t LEFT JOIN LATERAL TABLE(f(t.a)) AS x ON TRUE").From);
        Assert.Equal(JoinKind.Left, left.Kind);

        var unnest = Assert.IsType<JoinedTable>(Select("SELECT * FROM t CROSS JOIN UNNEST(t.tags) AS tag (name)").From);
        var tags = Assert.IsType<UnnestTable>(unnest.Right);
        Assert.Equal("tag", tags.Alias!.Name.Value);
        Assert.True(Assert.IsType<UnnestTable>(Assert.IsType<JoinedTable>(
            Select("SELECT * FROM t CROSS JOIN UNNEST(t.a, t.b) WITH ORDINALITY AS u (x, y, n)").From).Right).WithOrdinality);
    }

    [Theory]
    [InlineData("TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND)", 3)]
    [InlineData("TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' SECOND)", 4)]
    [InlineData("HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)", 4)]
    [InlineData("CUMULATE(TABLE bid, DESCRIPTOR(ts), INTERVAL '1' MINUTES, INTERVAL '1' HOUR)", 4)]
    [InlineData("SESSION(TABLE bid PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '5' MINUTES)", 3)]
    [InlineData("SESSION(TABLE bid PARTITION BY (auction, bidder), DESCRIPTOR(ts), INTERVAL '5' MINUTES)", 3)]
    [InlineData("TUMBLE(DATA => TABLE bid, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '10' SECOND)", 3)]
    [InlineData("HOP(DATA => TABLE db.bid, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '1' MINUTE, SIZE => INTERVAL '5' MINUTE, OFFSET => INTERVAL '1' SECOND)", 5)]
    public void Window_table_functions(string call, int arguments)
    {
        SelectQuery select = Select($"SELECT window_start, COUNT(*) FROM TABLE({call}) GROUP BY window_start, window_end");
        var function = Assert.IsType<TableFunctionTable>(select.From);
        Assert.False(function.Lateral);
        Assert.Equal(arguments, function.Call.Arguments.Count);
        SqlExpression data = function.Call.Arguments[0] is NamedArgumentExpression named ? named.Value : function.Call.Arguments[0];
        Assert.IsType<TableArgumentExpression>(data);
        SqlExpression time = function.Call.Arguments[1] is NamedArgumentExpression namedTime ? namedTime.Value : function.Call.Arguments[1];
        Assert.IsType<DescriptorExpression>(time);
    }

    [Fact]
    public void Session_table_argument_keeps_its_partition_keys()
    {
        var function = Assert.IsType<TableFunctionTable>(Select(
            "SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY auction ORDER BY ts, DESCRIPTOR(ts), INTERVAL '5' MINUTE))").From);
        var table = Assert.IsType<TableArgumentExpression>(function.Call.Arguments[0]);
        Assert.Equal("bid", table.Table!.Last.Value);
        Assert.Single(table.PartitionBy);
        Assert.Single(table.OrderBy);
        var keys = Assert.IsType<TableFunctionTable>(Select(
            "SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY (a, b) ORDER BY (ts DESC, c), DESCRIPTOR(ts), INTERVAL '5' MINUTE))").From);
        var keyed = Assert.IsType<TableArgumentExpression>(keys.Call.Arguments[0]);
        Assert.Equal((2, 2), (keyed.PartitionBy.Count, keyed.OrderBy.Count));
        var subquery = Assert.IsType<TableFunctionTable>(Select(
            "SELECT * FROM TABLE(TUMBLE(TABLE (SELECT * FROM bid), DESCRIPTOR(ts), INTERVAL '1' MINUTE))").From);
        Assert.IsType<SelectQuery>(Assert.IsType<TableArgumentExpression>(subquery.Call.Arguments[0]).Query);
    }

    [Fact]
    public void Subqueries_in_expressions()
    {
        SelectQuery select = Select("""
            SELECT (SELECT MAX(x) FROM u) AS m
            FROM t
            WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)
              AND t.a IN (SELECT a FROM v)
              AND t.b NOT IN (1, 2, 3)
            """);
        Assert.IsType<ScalarSubqueryExpression>(((ExpressionSelectItem)select.Items[0]).Expression);
        var and = Assert.IsType<BinaryExpression>(select.Where);
        Assert.False(Assert.IsType<InListExpression>(and.Right).Negated is false);
        var inner = Assert.IsType<BinaryExpression>(and.Left);
        Assert.IsType<InSubqueryExpression>(inner.Right);
        Assert.IsType<ExistsExpression>(inner.Left);
    }

    [Fact]
    public void Dedup_and_top_n_with_row_number()
    {
        SelectQuery select = Select("""
            SELECT * FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM t
            ) WHERE rn <= 3
            """);
        var inner = Assert.IsType<SelectQuery>(Assert.IsType<DerivedTable>(select.From).Query);
        var rowNumber = Assert.IsType<FunctionCallExpression>(((ExpressionSelectItem)inner.Items[1]).Expression);
        var over = Assert.IsType<WindowSpecification>(rowNumber.Over);
        Assert.Single(over.PartitionBy);
        Assert.Equal(SortDirection.Descending, Assert.Single(over.OrderBy).Direction);
    }
}
