using System.Globalization;
using VecFlow.Engine.Catalog.Functions;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Sessions;
using VecFlow.Engine.Tests.Sessions.Functions;
using VecFlow.Sql.Errors;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>CREATE FUNCTION: C# scalar functions found in loaded assemblies or loaded with USING JAR, called a row at a time.</summary>
public sealed class UserFunctionTests : EngineTest
{
    private const string Namespace = "VecFlow.Engine.Tests.Sessions.Functions";

    private SqlSession NewSession() => new(workDirectory: Path.Combine(Directory, "work"), pool: Pool);

    private static object?[][] Rows(QueryResult result) => [.. result.Rows.Select(r => r.ToArray())];

    [Fact]
    public void A_string_function_from_the_loaded_test_assembly_runs_and_skips_null()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE FUNCTION my_upper AS '{Namespace}.MyUpper'");
        QueryResult result = session.Query("SELECT x, my_upper(y) AS u FROM (VALUES (1, 'abc'), (2, CAST(NULL AS STRING)), (3, 'Größe')) AS t(x, y)");
        Assert.Equal("u", result.Schema.Names[1]);
        Assert.Equal([[1, "ABC!"], [2, null], [3, "GRÖßE!"]], Rows(result).OrderBy(r => (int)r[0]!).ToArray());
    }

    [Fact]
    public void The_overload_follows_the_sql_argument_types()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE TEMPORARY FUNCTION plus AS '{Namespace}.Plus' LANGUAGE CSHARP");
        var row = Assert.Single(session.Query(
            "SELECT plus(1, 2), plus(CAST(1 AS BIGINT), 2), plus(1.5E0, 1), plus(1.25, 2.50), plus(CAST(NULL AS INT), 1)").Rows);
        Assert.Equal(1_003, row[0]);
        Assert.Equal(2_003L, row[1]);
        Assert.Equal(3.0, row[2]);
        Assert.Equal(3.875m, row[3]);
        Assert.Null(row[4]);
    }

    [Fact]
    public void Nullable_parameters_see_null_and_null_results_are_sql_null()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE TEMPORARY SYSTEM FUNCTION describe_it AS '{Namespace}.Describe'");
        QueryResult result = session.Query("SELECT x, describe_it(x), describe_it(x > 0) FROM (VALUES (1), (-4), (CAST(NULL AS INT))) AS t(x)");
        Assert.Equal(
            [[-4, null, true], [1, "n1", false], [null, "none", null]],
            Rows(result).OrderBy(r => r[0] is null ? int.MaxValue : (int)r[0]!).ToArray());
    }

    [Fact]
    public void Timestamps_and_dates_map_to_DateTime_and_DateOnly()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE FUNCTION later AS '{Namespace}.Later'");
        var row = Assert.Single(session.Query(
            "SELECT later(TIMESTAMP '2026-03-01 10:15:30.250', 2), later(DATE '2026-02-27', 3), later(DATE '2026-02-28'), later(DATE '1969-12-31', 0)").Rows);
        Assert.Equal(new DateTime(2026, 3, 3, 10, 15, 30, 250), row[0]);
        Assert.Equal(new DateOnly(2026, 3, 2), row[1]);
        Assert.Equal(true, row[2]);
        Assert.Equal(new DateOnly(1969, 12, 31), row[3]);
    }

    [Fact]
    public void Many_batches_from_a_file_match_a_linq_reference_and_filtered_rows_are_not_called()
    {
        var random = new Random(42);
        var values = Enumerable.Range(0, 150_000).Select(i => i % 17 == 0 ? (long?)null : random.NextInt64(-1_000, 1_000)).ToList();
        string path = Path.Combine(Directory, "numbers.csv");
        File.WriteAllLines(path, values.Select((v, i) => $"{i},{v?.ToString(CultureInfo.InvariantCulture)}"));
        using SqlSession session = NewSession();
        session.Execute($"""
            CREATE TABLE numbers (id INT, v BIGINT) WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'csv');
            CREATE FUNCTION fragile AS '{Namespace}.Fragile';
            """);
        // v = 13 would throw: the WHERE removes those rows before the function sees them.
        QueryResult result = session.Query("SELECT id, fragile(v) FROM numbers WHERE v <> 13 OR v IS NULL");
        var expected = values.Select((v, i) => (Id: i, V: v)).Where(x => x.V != 13).Select(x => (x.Id, Value: x.V * 2)).ToList();
        var actual = result.Rows.Select(r => (Id: (int)r[0]!, Value: (long?)r[1])).OrderBy(x => x.Id).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_exception_inside_the_function_is_one_line_naming_function_row_and_message()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE FUNCTION fragile AS '{Namespace}.Fragile'");
        var error = Assert.Throws<SqlRuntimeException>(() => session.Query("SELECT fragile(x) FROM (VALUES (CAST(1 AS BIGINT)), (13), (2)) AS t(x)"));
        Assert.Contains("user function FRAGILE", error.Message, StringComparison.Ordinal);
        Assert.Contains("ArgumentException: unlucky number", error.Message, StringComparison.Ordinal);
        Assert.Contains("(row ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Using_jar_loads_the_named_assembly()
    {
        string assembly = typeof(MyUpper).Assembly.Location;
        using SqlSession session = NewSession();
        session.Execute($"CREATE FUNCTION IF NOT EXISTS shout AS '{Namespace}.MyUpper' USING JAR '{assembly}'");
        session.Execute($"CREATE FUNCTION IF NOT EXISTS shout AS '{Namespace}.MyUpper' USING JAR '{assembly}'");
        Assert.Equal("HI!", Assert.Single(session.Query("SELECT shout('hi')").Rows)[0]);

        var missing = Assert.Throws<SqlValidationException>(() => session.Execute($"CREATE FUNCTION other AS '{Namespace}.MyUpper' USING JAR '{Path.Combine(Directory, "nope.dll")}'"));
        Assert.Contains("nope.dll' of USING JAR does not exist", missing.Message, StringComparison.Ordinal);
        var notInJar = Assert.Throws<SqlValidationException>(() => session.Execute($"CREATE FUNCTION other AS 'Some.Missing' USING JAR '{assembly}'"));
        Assert.Contains("class 'Some.Missing' not found in", notInJar.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_call_site_gets_its_own_instance()
    {
        using SqlSession session = NewSession();
        session.Execute($"CREATE FUNCTION running AS '{Namespace}.RunningCount'");
        QueryResult result = session.Query("SELECT running(y), running(y) FROM (VALUES ('a'), ('b'), ('c')) AS t(y)");
        Assert.Equal([1L, 2L, 3L], result.Rows.Select(r => (long)r[0]!).Order().ToArray());
        Assert.Equal([1L, 2L, 3L], result.Rows.Select(r => (long)r[1]!).Order().ToArray());
    }

    [Fact]
    public async Task Parallel_subtasks_evaluating_one_bound_call_each_read_their_own_rows()
    {
        // Subtasks share the bound plan, so the same call is evaluated on two threads at once; one evaluation is held
        // inside its first Eval while the other runs a shorter batch to the end (Nexmark q14 read another subtask's
        // rows, and failed past the end of a shorter batch).
        FunctionCall call = UserFunction.Load("held", $"{Namespace}.HeldFirstCall", null, system: false)
            .Bind([new ColumnRef(0, SqlType.BigInt, "x")], (e, _) => e);
        var schema = new RowSchema([new Field("x", SqlType.BigInt)]);
        var evaluator = new ExpressionEvaluator(Pool);
        using ColumnBatch first = Batch(schema, [.. Enumerable.Range(0, 10).Select(i => new object?[] { (long)i })]);
        using ColumnBatch second = Batch(schema, [.. Enumerable.Range(100, 5).Select(i => new object?[] { (long)i })]);

        Task<object?[]> held = Task.Factory.StartNew(
            () =>
            {
                using ColumnVector result = evaluator.Evaluate(call, first);
                return ColumnFactory.ToObjects(result);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(HeldFirstCall.FirstCallEntered.Wait(TimeSpan.FromSeconds(30)));
        object?[] other;
        using (ColumnVector result = evaluator.Evaluate(call, second))
        {
            other = ColumnFactory.ToObjects(result);
        }

        HeldFirstCall.OtherEvaluationDone.Set();

        Assert.Equal(Enumerable.Range(100, 5).Select(i => (object?)(i * 10L)), other);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object?)(i * 10L)), await held);
    }

    [Fact]
    public void Mistakes_are_one_line_errors()
    {
        using SqlSession session = NewSession();
        Assert.Contains(
            "class 'No.Such.Udf' not found in the assemblies loaded in this process",
            Assert.Throws<SqlValidationException>(() => session.Execute("CREATE FUNCTION f AS 'No.Such.Udf'")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "has no public instance method named Eval",
            Assert.Throws<SqlValidationException>(() => session.Execute($"CREATE FUNCTION f AS '{Namespace}.NoEval'")).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "not supported: LANGUAGE JAVA",
            Assert.Throws<SqlValidationException>(() => session.Execute($"CREATE FUNCTION f AS '{Namespace}.MyUpper' LANGUAGE JAVA")).Message,
            StringComparison.Ordinal);

        session.Execute($"CREATE FUNCTION plus AS '{Namespace}.Plus'");
        var overload = Assert.Throws<SqlValidationException>(() => session.Query("SELECT plus('a', 1)"));
        Assert.Equal(
            "line 1, column 8: no Eval overload of PLUS takes PLUS(STRING, INT); valid: PLUS(INT, INT) -> INT; PLUS(BIGINT, BIGINT) -> BIGINT; PLUS(DOUBLE, DOUBLE) -> DOUBLE; PLUS(DECIMAL, DECIMAL) -> DECIMAL",
            overload.Message);
        Assert.Contains("a function named 'plus' already exists", Assert.Throws<SqlValidationException>(() => session.Execute($"CREATE FUNCTION plus AS '{Namespace}.Plus'")).Message, StringComparison.Ordinal);

        session.Execute("DROP TEMPORARY FUNCTION plus");
        Assert.Contains("unknown function 'PLUS'", Assert.Throws<SqlValidationException>(() => session.Query("SELECT plus(1, 2)")).Message, StringComparison.Ordinal);
        Assert.Contains("there is no function 'plus' to drop", Assert.Throws<SqlValidationException>(() => session.Execute("DROP FUNCTION plus")).Message, StringComparison.Ordinal);
        session.Execute("DROP FUNCTION IF EXISTS plus");
        _ = Assert.Throws<SqlParseException>(() => session.Execute("CREATE FUNCTION AS 'x'"));
    }
}
