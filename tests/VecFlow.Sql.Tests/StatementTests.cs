using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;
using VecFlow.Sql.Printing;

namespace VecFlow.Sql.Tests;

public class StatementTests
{
    [Fact]
    public void Create_table_with_every_kind_of_column_and_constraint()
    {
        var table = SqlAssert.Statement<CreateTableStatement>("""
            CREATE TEMPORARY TABLE IF NOT EXISTS cat.db.orders (
                id BIGINT NOT NULL COMMENT 'order id',
                amount DECIMAL(10, 2),
                total AS amount * 2 COMMENT 'doubled',
                ts TIMESTAMP(3),
                `offset` BIGINT METADATA VIRTUAL,
                part INT METADATA FROM 'partition' VIRTUAL COMMENT 'kafka partition',
                headers MAP<STRING, BYTES> METADATA,
                WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
                CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED
            ) COMMENT 'orders table'
            PARTITIONED BY (part, ts)
            WITH ('connector' = 'kafka', 'topic' = 'orders')
            """);
        Assert.True(table.Temporary);
        Assert.True(table.IfNotExists);
        Assert.Equal(["cat", "db", "orders"], table.Name.Parts.Select(p => p.Value));
        Assert.Equal(7, table.Columns.Count);
        var id = Assert.IsType<PhysicalColumn>(table.Columns[0]);
        Assert.False(id.Type.Nullable);
        Assert.Equal("order id", id.Comment!.Value);
        var total = Assert.IsType<ComputedColumn>(table.Columns[2]);
        Assert.Equal("doubled", total.Comment!.Value);
        var offset = Assert.IsType<MetadataColumn>(table.Columns[4]);
        Assert.True(offset.IsVirtual);
        Assert.Null(offset.Key);
        Assert.True(offset.Name.Quoted);
        var part = Assert.IsType<MetadataColumn>(table.Columns[5]);
        Assert.Equal("partition", part.Key!.Value);
        Assert.Equal("ts", Assert.Single(table.Watermarks).Column.Value);
        Assert.Equal("pk", table.PrimaryKey!.Name!.Value);
        Assert.Equal(["id"], table.PrimaryKey.Columns.Select(c => c.Value));
        Assert.Equal("orders table", table.Comment!.Value);
        Assert.Equal(["part", "ts"], table.PartitionedBy.Select(c => c.Value));
        Assert.Equal([("connector", "kafka"), ("topic", "orders")], table.Options.Select(o => (o.Key.Value, o.Value.Value)));
    }

    [Fact]
    public void Column_level_primary_key_stays_on_the_column()
    {
        var table = SqlAssert.Statement<CreateTableStatement>(
            "CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED, b INT COMMENT 'x') WITH ()");
        Assert.NotNull(Assert.IsType<PhysicalColumn>(table.Columns[0]).PrimaryKey);
        Assert.Null(table.PrimaryKey);
        Assert.Equal(["id"], table.PrimaryKeyColumns().Select(c => c.Value));

        var named = SqlAssert.Statement<CreateTableStatement>("CREATE TABLE t (b INT CONSTRAINT k PRIMARY KEY NOT ENFORCED COMMENT 'x')");
        Assert.Equal("k", Assert.IsType<PhysicalColumn>(named.Columns[0]).PrimaryKey!.ConstraintName!.Value);

        var tableLevel = SqlAssert.Statement<CreateTableStatement>("CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b) NOT ENFORCED)");
        Assert.Equal(["a", "b"], tableLevel.PrimaryKeyColumns().Select(c => c.Value));
    }

    [Fact]
    public void Create_table_like_and_as_select()
    {
        var like = SqlAssert.Statement<CreateTableStatement>(
            "CREATE TABLE t2 (extra INT) WITH ('connector' = 'print') LIKE t1 (EXCLUDING ALL INCLUDING GENERATED OVERWRITING OPTIONS)");
        Assert.Equal("t1", like.Like!.Source.Last.Value);
        Assert.Equal(
            [(LikeMergeStrategy.Excluding, LikeFeature.All), (LikeMergeStrategy.Including, LikeFeature.Generated), (LikeMergeStrategy.Overwriting, LikeFeature.Options)],
            like.Like.Options.Select(o => (o.Strategy, o.Feature)));

        var ctas = SqlAssert.Statement<CreateTableStatement>("CREATE TABLE t3 WITH ('connector' = 'print') AS SELECT a FROM t1");
        Assert.Empty(ctas.Columns);
        Assert.IsType<SelectQuery>(ctas.AsQuery);
    }

    [Fact]
    public void Create_view_in_every_form()
    {
        var view = SqlAssert.Statement<CreateViewStatement>("CREATE VIEW v AS SELECT 1");
        Assert.False(view.Temporary);
        view = SqlAssert.Statement<CreateViewStatement>(
            "CREATE TEMPORARY VIEW IF NOT EXISTS db.v (a, b) COMMENT 'c' AS SELECT x, y FROM t");
        Assert.True(view.Temporary && view.IfNotExists);
        Assert.Equal(["a", "b"], view.Columns.Select(c => c.Value));
        Assert.Equal("c", view.Comment!.Value);
        Assert.True(SqlAssert.Statement<CreateViewStatement>("CREATE TEMPORARY SYSTEM VIEW v AS VALUES (1)").System);
    }

    [Theory]
    [InlineData("CREATE FUNCTION f AS 'a.B'", FunctionScope.Catalog, null)]
    [InlineData("CREATE TEMPORARY FUNCTION IF NOT EXISTS db.f AS 'a.B' LANGUAGE JAVA", FunctionScope.Temporary, FunctionLanguage.Java)]
    [InlineData("CREATE TEMPORARY SYSTEM FUNCTION f AS 'a.B' LANGUAGE SCALA", FunctionScope.TemporarySystem, FunctionLanguage.Scala)]
    [InlineData("create function f as 'udfs.f' language python", FunctionScope.Catalog, FunctionLanguage.Python)]
    [InlineData("CREATE FUNCTION f AS 'Udfs.F' LANGUAGE CSHARP", FunctionScope.Catalog, FunctionLanguage.CSharp)]
    public void Create_function(string sql, FunctionScope scope, FunctionLanguage? language)
    {
        var function = SqlAssert.Statement<CreateFunctionStatement>(sql);
        Assert.Equal((scope, language), (function.Scope, function.Language));
    }

    [Fact]
    public void Create_function_using_jars()
    {
        var function = SqlAssert.Statement<CreateFunctionStatement>("CREATE FUNCTION f AS 'a.B' USING JAR '/x.jar', JAR '/y.jar'");
        Assert.Equal(["/x.jar", "/y.jar"], function.Jars.Select(j => j.Value));
    }

    [Theory]
    [InlineData("DROP TABLE t", DropObjectKind.Table, false, false, false)]
    [InlineData("DROP TABLE IF EXISTS c.d.t", DropObjectKind.Table, true, false, false)]
    [InlineData("DROP TEMPORARY VIEW IF EXISTS v", DropObjectKind.View, true, true, false)]
    [InlineData("DROP FUNCTION f", DropObjectKind.Function, false, false, false)]
    [InlineData("DROP TEMPORARY SYSTEM FUNCTION IF EXISTS f", DropObjectKind.Function, true, true, true)]
    public void Drop(string sql, DropObjectKind kind, bool ifExists, bool temporary, bool system)
    {
        var drop = SqlAssert.Statement<DropStatement>(sql);
        Assert.Equal((kind, ifExists, temporary, system), (drop.Kind, drop.IfExists, drop.Temporary, drop.System));
    }

    [Fact]
    public void Insert_into_and_overwrite()
    {
        var insert = SqlAssert.Statement<InsertStatement>("INSERT INTO sink SELECT * FROM src");
        Assert.False(insert.Overwrite);
        insert = SqlAssert.Statement<InsertStatement>(
            "INSERT OVERWRITE db.sink PARTITION (dt = '2024-01-01', hr = 3) (a, b) SELECT x, y FROM src");
        Assert.True(insert.Overwrite);
        Assert.Equal(["dt", "hr"], insert.Partition.Select(p => p.Column.Value));
        Assert.Equal(["a", "b"], insert.Columns.Select(c => c.Value));
        insert = SqlAssert.Statement<InsertStatement>("INSERT INTO sink VALUES (1, 'a'), (2, 'b')");
        Assert.Equal(2, Assert.IsType<ValuesQuery>(insert.Query).Rows.Count);
        insert = SqlAssert.Statement<InsertStatement>("INSERT INTO sink (SELECT 1) UNION ALL (SELECT 2)");
        Assert.Empty(insert.Columns);
        Assert.IsType<SetOperationQuery>(insert.Query);
    }

    [Fact]
    public void Execute_statement_set()
    {
        var set = SqlAssert.Statement<StatementSetStatement>(
            "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END");
        Assert.Equal(StatementSetSyntax.ExecuteStatementSet, set.Syntax);
        Assert.Equal(["a", "b"], set.Inserts.Select(i => i.Target.Last.Value));

        // The ';' after the last INSERT is optional.
        set = SqlAssert.Statement<StatementSetStatement>("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1 END");
        Assert.Single(set.Inserts);
    }

    [Fact]
    public void Begin_statement_set_in_a_script()
    {
        SqlScript script = SqlParser.ParseScript("""
            SET 'pipeline.name' = 'two sinks';
            BEGIN STATEMENT SET;
            INSERT INTO a SELECT 1;
            INSERT INTO b SELECT 2;
            END;
            SELECT 3;
            """);
        Assert.Equal(3, script.Statements.Count);
        var set = Assert.IsType<StatementSetStatement>(script.Statements[1]);
        Assert.Equal(StatementSetSyntax.BeginStatementSet, set.Syntax);
        Assert.Equal(2, set.Inserts.Count);
        Assert.Equal(2, set.Span.Line);
        SqlAssert.RoundTrips(set);
    }

    [Fact]
    public void Set_and_reset()
    {
        var set = SqlAssert.Statement<SetStatement>("SET 'execution.runtime-mode' = 'batch'");
        Assert.Equal(("execution.runtime-mode", "batch"), (set.Key!.Value, set.Value!.Value));
        set = SqlAssert.Statement<SetStatement>("SET");
        Assert.Null(set.Key);
        Assert.Equal("k", SqlAssert.Statement<ResetStatement>("RESET 'k'").Key!.Value);
        Assert.Null(SqlAssert.Statement<ResetStatement>("RESET;").Key);
    }

    [Fact]
    public void Explain_in_every_form()
    {
        var explain = SqlAssert.Statement<ExplainStatement>("EXPLAIN SELECT 1");
        Assert.IsType<QueryStatement>(explain.Statement);
        explain = SqlAssert.Statement<ExplainStatement>("EXPLAIN PLAN FOR INSERT INTO t SELECT 1");
        Assert.True(explain.PlanFor);
        Assert.IsType<InsertStatement>(explain.Statement);
        explain = SqlAssert.Statement<ExplainStatement>(
            "EXPLAIN ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN, PLAN_ADVICE SELECT * FROM t");
        Assert.Equal(
            [ExplainDetail.EstimatedCost, ExplainDetail.ChangelogMode, ExplainDetail.JsonExecutionPlan, ExplainDetail.PlanAdvice],
            explain.Details);
        explain = SqlAssert.Statement<ExplainStatement>("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
        Assert.IsType<StatementSetStatement>(explain.Statement);
        explain = SqlAssert.Statement<ExplainStatement>("EXPLAIN EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
        Assert.IsType<StatementSetStatement>(explain.Statement);
    }

    [Fact]
    public void Show_and_describe()
    {
        Assert.Equal(ShowObjectKind.Tables, SqlAssert.Statement<ShowStatement>("SHOW TABLES").Kind);
        Assert.Equal(ShowObjectKind.Functions, SqlAssert.Statement<ShowStatement>("show functions").Kind);
        Assert.Equal("t", SqlAssert.Statement<DescribeStatement>("DESCRIBE t").Name.Last.Value);
        Assert.Equal("t", SqlAssert.Statement<DescribeStatement>("DESC db.t").Name.Last.Value);
    }

    [Fact]
    public void Queries_are_statements()
    {
        Assert.IsType<SelectQuery>(SqlAssert.Statement<QueryStatement>("SELECT 1").Query);
        Assert.IsType<WithQuery>(SqlAssert.Statement<QueryStatement>("WITH a AS (SELECT 1) SELECT * FROM a").Query);
        Assert.IsType<ValuesQuery>(SqlAssert.Statement<QueryStatement>("VALUES (1)").Query);
        Assert.IsType<SetOperationQuery>(SqlAssert.Statement<QueryStatement>("(SELECT 1) UNION (SELECT 2)").Query);
    }

    [Fact]
    public void Script_splits_on_semicolons_and_skips_empty_statements()
    {
        SqlScript script = SqlParser.ParseScript(";; SELECT 1;\n;SELECT 2 ; -- trailing comment\n");
        Assert.Equal(2, script.Statements.Count);
        Assert.Equal(2, script.Statements[1].Span.Line);
        Assert.Empty(SqlParser.ParseScript("  -- nothing\n").Statements);
        Assert.Equal("SELECT 1;\nSELECT 2;\n", SqlPrinter.Print(script));
    }

    [Fact]
    public void Statement_spans_cover_the_statement_text()
    {
        const string Sql = "SELECT 1;\n  INSERT INTO t\n  SELECT 2 ;";
        SqlScript script = SqlParser.ParseScript(Sql);
        SqlStatement insert = script.Statements[1];
        Assert.Equal("INSERT INTO t\n  SELECT 2", Sql[insert.Span.Start..insert.Span.End]);
        Assert.Equal((2, 3), (insert.Span.Line, insert.Span.Column));
    }
}
