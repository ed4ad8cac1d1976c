using CsCheck;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Expressions;

/// <summary>Random expressions evaluated a batch at a time agree with the row-at-a-time interpreter.</summary>
public sealed class EvaluatorPropertyTests : PooledTest
{
    private static readonly string[] Words = ["", "a", "ab", "abc", "b", "É", "日本", "x y", " pad ", "a%c", "😀", "abc%"];

    [Theory]
    [InlineData(SqlTypeKind.BigInt)]
    [InlineData(SqlTypeKind.Double)]
    [InlineData(SqlTypeKind.Varchar)]
    [InlineData(SqlTypeKind.Boolean)]
    public void Vectorized_evaluation_matches_the_row_interpreter(SqlTypeKind kind)
    {
        // Deterministic cases so CI is repeatable; set VECFLOW_PROPERTY_SEED to explore another range, and
        // VECFLOW_PROPERTY_CASES to run more of them.
        uint first = uint.TryParse(Environment.GetEnvironmentVariable("VECFLOW_PROPERTY_SEED"), out uint s) ? s : 0;
        int cases = int.TryParse(Environment.GetEnvironmentVariable("VECFLOW_PROPERTY_CASES"), out int c) ? c : 300;
        Gen<(Expr, int, int, bool)> gen = Gen.Select(ExpressionGenerators.Of(kind, 3), Gen.Int[0, 300], Gen.Int, Gen.Bool);
        for (uint k = first; k < first + (uint)cases; k++)
        {
            (Expr expression, int rows, int seed, bool withSelection) = gen.Generate(new PCG(k), null, out _);
            try
            {
                Check(expression, rows, seed, withSelection);
            }
            catch (Exception e) when (e is not BufferLeakException)
            {
                throw new Xunit.Sdk.XunitException($"Case {k} (VECFLOW_PROPERTY_SEED={k} VECFLOW_PROPERTY_CASES=1 reproduces it): {e.Message}");
            }
        }
    }

    [Fact]
    public void Evaluating_a_projection_list_at_once_matches_evaluating_each_expression()
    {
        // Each list repeats a random expression at the top level, inside other expressions and under a CASE branch, so
        // shared subexpressions are computed once; values and errors must be those of one evaluation per expression.
        Gen<(Expr, Expr, int, int, bool)> gen = Gen.Select(ExpressionGenerators.Of(SqlTypeKind.BigInt, 3), ExpressionGenerators.Of(SqlTypeKind.Boolean, 2), Gen.Int[0, 300], Gen.Int, Gen.Bool);
        for (uint k = 0; k < 200; k++)
        {
            (Expr e, Expr condition, int rows, int seed, bool withSelection) = gen.Generate(new PCG(k), null, out _);
            Expr[] list =
            [
                new CaseWhen([new WhenClause(condition, e)], null, e.Type),
                new IsNullTest(e, false),
                e,
                new Coalesce([e, e], e.Type),
                new InList(e, [e], false),
            ];
            object?[][] data = RandomRows(rows, new Random(seed));
            using ColumnBatch batch = ToBatch(data, withSelection ? new Random(seed + 1) : null);
            int[] live = batch.Selection?.ToIndices() ?? [.. Enumerable.Range(0, rows)];
            var single = new ExpressionEvaluator(Pool);
            object?[]?[] expected = new object?[list.Length][];
            bool failed = false;
            for (int i = 0; i < list.Length; i++)
            {
                try
                {
                    using ColumnVector one = single.Evaluate(list[i], batch);
                    expected[i] = ColumnFactory.ToObjects(one);
                }
                catch (SqlRuntimeException)
                {
                    failed = true;
                }
            }

            var shared = new ExpressionEvaluator(Pool);
            ColumnVector[] results;
            try
            {
                results = shared.EvaluateAll(list, batch);
            }
            catch (SqlRuntimeException error)
            {
                Assert.True(failed, $"Case {k}: {e} failed together ({error.Message}) but not alone");
                continue;
            }

            Assert.False(failed, $"Case {k}: {e} failed alone but not together");
            for (int i = 0; i < list.Length; i++)
            {
                using ColumnVector result = results[i];
                object?[] actual = ColumnFactory.ToObjects(result);
                foreach (int row in live)
                {
                    Assert.True(Equals(expected[i]![row], actual[row]), $"Case {k}: {list[i]} on row {row}: expected {expected[i]![row] ?? "NULL"}, got {actual[row] ?? "NULL"}");
                }
            }
        }
    }

    private void Check(Expr expression, int rows, int seed, bool withSelection)
    {
        object?[][] data = RandomRows(rows, new Random(seed));
        using ColumnBatch batch = ToBatch(data, withSelection ? new Random(seed + 1) : null);
        int[] live = batch.Selection?.ToIndices() ?? [.. Enumerable.Range(0, rows)];

        object?[] expected = new object?[rows];
        ReferenceError? expectedError = null;
        foreach (int row in live)
        {
            try
            {
                expected[row] = RowInterpreter.Evaluate(expression, data[row]);
            }
            catch (ReferenceError error)
            {
                expectedError = error;
                break;
            }
        }

        var evaluator = new ExpressionEvaluator(Pool);
        ColumnVector result;
        try
        {
            result = evaluator.Evaluate(expression, batch);
        }
        catch (SqlRuntimeException error)
        {
            Assert.True(expectedError is not null, $"{expression} failed on {rows} rows but the interpreter did not: {error.Message}");
            return;
        }

        using (result)
        {
            Assert.True(expectedError is null, $"{expression} did not fail but the interpreter said: {expectedError?.Message}");
            Assert.Equal(rows, result.Length);
            object?[] actual = ColumnFactory.ToObjects(result);
            foreach (int row in live)
            {
                Assert.True(Equals(Normalize(expected[row]), Normalize(actual[row])), $"{expression} on row {row} ({Show(data[row])}): expected {Normalize(expected[row]) ?? "NULL"}, got {actual[row] ?? "NULL"}");
            }
        }

        if (expression.Type.Kind == SqlTypeKind.Boolean && expectedError is null)
        {
            using Selection selected = evaluator.Filter(expression, batch);
            Assert.Equal(live.Where(r => expected[r] is true).ToArray(), selected.ToIndices());
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        _ => value,
    };

    private static string Show(object?[] row) => string.Join(", ", row.Select(v => v is string s ? $"'{s}'" : v?.ToString() ?? "NULL"));

    private static object?[][] RandomRows(int rows, Random random)
    {
        object? Maybe(object value) => random.Next(5) == 0 ? null : value;
        long Long() => random.Next(10) switch
        {
            0 => long.MaxValue - random.Next(3),
            1 => long.MinValue + random.Next(3),
            2 => 0,
            _ => random.Next(-20, 20),
        };
        return [.. Enumerable.Range(0, rows).Select(_ => new object?[]
        {
            Maybe(Long()), Maybe(Long()), Maybe(Math.Round((random.NextDouble() * 40) - 20, 1)),
            Maybe(Words[random.Next(Words.Length)]), Maybe(Words[random.Next(Words.Length)] + Words[random.Next(Words.Length)]),
            Maybe(random.Next(2) == 0), Maybe(random.Next(-1000, 1000)),
        })];
    }

    private ColumnBatch ToBatch(object?[][] data, Random? selection)
    {
        var columns = new List<ColumnVector>
        {
            ColumnFactory.FromNullable(SqlType.BigInt, data.Select(r => (long?)r[0]).ToList(), Pool),
            ColumnFactory.FromNullable(SqlType.BigInt, data.Select(r => (long?)r[1]).ToList(), Pool),
            ColumnFactory.FromNullable(SqlType.Double, data.Select(r => (double?)r[2]).ToList(), Pool),
            ColumnFactory.FromStrings(data.Select(r => (string?)r[3]).ToList(), Pool),
            ColumnFactory.FromStrings(data.Select(r => (string?)r[4]).ToList(), Pool),
            ColumnFactory.FromBooleans(data.Select(r => (bool?)r[5]).ToList(), Pool),
            ColumnFactory.FromNullable(SqlType.Int, data.Select(r => (int?)r[6]).ToList(), Pool),
        };
        Selection? live = selection is null
            ? null
            : Selection.FromIndices([.. Enumerable.Range(0, data.Length).Where(_ => selection.Next(3) != 0)], data.Length, Pool);
        return new ColumnBatch([.. ExpressionGenerators.Schema.Select(c => c.Name)], columns, data.Length, live);
    }
}
