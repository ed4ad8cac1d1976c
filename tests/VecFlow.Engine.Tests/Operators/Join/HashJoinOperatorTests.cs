using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Join;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Join;

public sealed class HashJoinOperatorTests : JoinTestBase
{
    private static readonly Dictionary<string, SqlType[]> KeyShapes = new()
    {
        ["int"] = [SqlType.Int],
        ["bigint"] = [SqlType.BigInt],
        ["varchar"] = [SqlType.Varchar],
        ["decimal"] = [SqlType.Decimal(12, 2)],
        ["int+varchar"] = [SqlType.Int, SqlType.Varchar],
        ["bigint+decimal+varchar"] = [SqlType.BigInt, SqlType.Decimal(20, 3), SqlType.Varchar],
    };

    public static readonly TheoryData<JoinKind, JoinSide> KindsAndSides = AllKindsAndSides();

    public static readonly TheoryData<JoinKind, JoinSide, string> KindsSidesAndKeys = AllKindsSidesAndKeys();

    [Theory]
    [MemberData(nameof(KindsSidesAndKeys))]
    public void Matches_a_reference_join_over_random_rows_with_nulls_and_duplicate_keys(JoinKind kind, JoinSide side, string keys)
    {
        var random = new Random(HashCode.Combine((int)kind, (int)side, keys.Length, keys[0]));
        Scenario scenario = Scenario.Of(KeyShapes[keys]);
        var left = RandomRows(random, scenario.Left, 220, 25, 0.1);
        var right = RandomRows(random, scenario.Right, 180, 25, 0.1);
        AssertJoin(scenario, kind, side, left, right, residual: false, random, Context(batchRows: 37));
    }

    [Theory]
    [MemberData(nameof(KindsAndSides))]
    public void Unique_integer_keys_match_a_reference_join_with_unmatched_and_null_rows(JoinKind kind, JoinSide side)
    {
        // Distinct keys on both sides: the exact integer index finds each probe row at most once, so matched pairs
        // leave as the probe batch's own columns with the build columns gathered beside them.
        foreach (SqlType keyType in new[] { SqlType.Int, SqlType.BigInt })
        {
            var random = new Random(41 + (int)kind + (10 * (int)side) + keyType.FixedWidth);
            Scenario scenario = Scenario.Of([keyType]);
            var left = UniqueKeyRows(random, scenario.Left, 260, 400);
            var right = UniqueKeyRows(random, scenario.Right, 190, 400);
            AssertJoin(scenario, kind, side, left, right, residual: false, random, Context(batchRows: 64));
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndSides))]
    public void Integer_keys_in_a_narrow_range_at_the_ends_of_bigint_match_a_reference_join(JoinKind kind, JoinSide side)
    {
        // Keys within a few hundred of each other are indexed by key minus the smallest key; probe keys below the range
        // wrap around past its end and must still miss. Ranges at both ends of BIGINT, across zero, with duplicates,
        // NULLs; the left rows also hold BIGINT's extremes and zero, so a left build side takes the open-addressed index.
        foreach (long low in new[] { long.MinValue, -150L, long.MaxValue - 299 })
        {
            var random = new Random(HashCode.Combine((int)kind, (int)side, low));
            Scenario scenario = Scenario.Of([SqlType.BigInt]);
            var left = NarrowRangeRows(random, 230, low, extremes: true);
            var right = NarrowRangeRows(random, 170, low, extremes: false);
            AssertJoin(scenario, kind, side, left, right, residual: false, random, Context(batchRows: 48));
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndSides))]
    public void Build_keys_covering_a_range_once_match_a_reference_join(JoinKind kind, JoinSide side)
    {
        // One side holds every key of -40..259 once, shuffled (a surrogate key: its rows are put in key order and
        // found by offset); the other probes keys around and inside the range, NULLs and repeats included.
        foreach (SqlType keyType in new[] { SqlType.Int, SqlType.BigInt })
        {
            var random = new Random(HashCode.Combine((int)kind, (int)side, keyType.FixedWidth));
            Scenario scenario = Scenario.Of([keyType]);
            object Key(long k) => keyType.Kind == SqlTypeKind.Int ? (int)k : k;
            List<object?[]> range = [.. Enumerable.Range(-40, 300).OrderBy(_ => random.Next()).Select(k => new object?[] { Key(k), (long)random.Next(1_000) })];
            List<object?[]> probes = [.. Enumerable.Range(0, 400).Select(i => new object?[] { i % 17 == 0 ? null : Key(random.Next(-60, 280)), (long)random.Next(1_000) })];
            bool rangeIsLeft = side == JoinSide.Left;
            AssertJoin(scenario, kind, side, rangeIsLeft ? range : probes, rangeIsLeft ? probes : range, residual: false, random, Context(batchRows: 64));
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndSides))]
    public void A_residual_condition_decides_matches_and_outer_rows_whose_candidates_all_fail_it(JoinKind kind, JoinSide side)
    {
        var random = new Random(17 + (int)kind + (10 * (int)side));
        Scenario scenario = Scenario.Of([SqlType.Int, SqlType.Varchar]);
        var left = RandomRows(random, scenario.Left, 200, 12, 0.1);
        var right = RandomRows(random, scenario.Right, 150, 12, 0.1);
        AssertJoin(scenario, kind, side, left, right, residual: true, random, Context(batchRows: 50));
    }

    [Theory]
    [MemberData(nameof(KindsAndSides))]
    public void Empty_inputs_give_the_rows_the_kind_keeps(JoinKind kind, JoinSide side)
    {
        var random = new Random(5);
        Scenario scenario = Scenario.Of([SqlType.BigInt]);
        var rows = RandomRows(random, scenario.Left, 40, 10, 0.2);
        var rightRows = RandomRows(random, scenario.Right, 40, 10, 0.2);
        AssertJoin(scenario, kind, side, rows, [], residual: false, random, Context(batchRows: 16));
        AssertJoin(scenario, kind, side, [], rightRows, residual: false, random, Context(batchRows: 16));
        AssertJoin(scenario, kind, side, [], [], residual: false, random, Context(batchRows: 16));
    }

    [Fact]
    public void Many_to_many_keys_produce_every_pair_in_batches_no_larger_than_batch_rows()
    {
        var random = new Random(3);
        Scenario scenario = Scenario.Of([SqlType.Int]);
        var left = RandomRows(random, scenario.Left, 200, 4, 0);
        var right = RandomRows(random, scenario.Right, 200, 4, 0);
        List<object?[]> rows = AssertJoin(scenario, JoinKind.Inner, JoinSide.Right, left, right, residual: false, random, Context(batchRows: 100));
        Assert.True(rows.Count > 8_000, $"Expected a many-to-many explosion, got {rows.Count} rows.");
    }

    [Fact]
    public void A_residual_that_fails_for_every_candidate_leaves_every_outer_row_unmatched()
    {
        Scenario scenario = Scenario.Of([SqlType.Int]);
        List<object?[]> left = [[1, 10L], [1, 11L], [2, 12L]];
        List<object?[]> right = [[1, 5L], [2, 6L], [2, 7L]];
        Expr never = new FunctionCall(
            ComparisonFunction.Less,
            [new ColumnRef(1, SqlType.BigInt), new ColumnRef(3, SqlType.BigInt)],
            SqlType.Boolean);
        var join = new HashJoinOperator(JoinKind.Full, scenario.Left, scenario.Right, [0], [0], never, JoinSide.Right);
        var output = new CheckedOutput(4, 10);
        using (join)
        {
            join.Open(Context());
            Feed(join, 0, scenario.Right, right, new Random(1), output);
            Feed(join, 1, scenario.Left, left, new Random(2), output);
        }

        Assert.Equal(
            JoinReference.Canonical([[1, 10L, null, null], [1, 11L, null, null], [2, 12L, null, null], [null, null, 1, 5L], [null, null, 2, 6L], [null, null, 2, 7L]]),
            JoinReference.Canonical(output.Rows));
    }

    [Fact]
    public void Output_schema_keeps_names_and_makes_outer_sides_nullable()
    {
        Scenario scenario = Scenario.Of([SqlType.Int.WithNullable(false)]);
        var full = new HashJoinOperator(JoinKind.Full, scenario.Left, scenario.Right, [0], [0], null, JoinSide.Left);
        Assert.Equal(["lk0", "lv", "rk0", "rv"], full.OutputSchema.Names);
        Assert.All(full.OutputSchema.Fields, f => Assert.True(f.Type.Nullable));
        var inner = new HashJoinOperator(JoinKind.Inner, scenario.Left, scenario.Right, [0], [0], null, JoinSide.Left);
        Assert.False(inner.OutputSchema[0].Type.Nullable);
        var semi = new HashJoinOperator(JoinKind.Semi, scenario.Left, scenario.Right, [0], [0], null, JoinSide.Right);
        Assert.Equal(["lk0", "lv"], semi.OutputSchema.Names);
    }

    [Fact]
    public void Invalid_keys_are_rejected_with_a_clear_message()
    {
        Scenario scenario = Scenario.Of([SqlType.Int]);
        var noKeys = Assert.Throws<ArgumentException>(() => new HashJoinOperator(JoinKind.Inner, scenario.Left, scenario.Right, [], [], null, JoinSide.Right));
        Assert.Contains("nested-loop", noKeys.Message, StringComparison.Ordinal);
        var mismatch = Assert.Throws<ArgumentException>(() => new HashJoinOperator(JoinKind.Inner, scenario.Left, scenario.Right, [0], [1], null, JoinSide.Right));
        Assert.Contains("same type", mismatch.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashJoinOperator(JoinKind.Inner, scenario.Left, scenario.Right, [7], [0], null, JoinSide.Right));
    }

    [Fact]
    public void Metrics_count_rows_in_and_out()
    {
        var random = new Random(9);
        Scenario scenario = Scenario.Of([SqlType.Int]);
        var left = RandomRows(random, scenario.Left, 100, 10, 0.1);
        var right = RandomRows(random, scenario.Right, 80, 10, 0.1);
        var context = Context(batchRows: 20);
        List<object?[]> rows = AssertJoin(scenario, JoinKind.Left, JoinSide.Right, left, right, residual: false, random, context);
        Assert.Equal(180, context.Metrics.RowsIn);
        Assert.Equal(rows.Count, context.Metrics.RowsOut);
        Assert.Equal(0, context.Metrics.SpilledBytes);
    }

    /// <summary>Runs the hash join over the rows and asserts it equals the reference; returns the rows.</summary>
    internal List<object?[]> AssertJoin(
        Scenario scenario,
        JoinKind kind,
        JoinSide side,
        IReadOnlyList<object?[]> left,
        IReadOnlyList<object?[]> right,
        bool residual,
        Random random,
        Runtime.OperatorContext context,
        HashJoinOperator? prepared = null)
    {
        HashJoinOperator join = prepared ?? new HashJoinOperator(kind, scenario.Left, scenario.Right, scenario.LeftKeys, scenario.RightKeys, residual ? scenario.Residual : null, side);
        var output = new CheckedOutput(join.OutputSchema.Count, context.BatchRows);
        using (join)
        {
            join.Open(context);
            if (side == JoinSide.Left)
            {
                Feed(join, 0, scenario.Left, left, random, output);
                Feed(join, 1, scenario.Right, right, random, output);
            }
            else
            {
                Feed(join, 0, scenario.Right, right, random, output);
                Feed(join, 1, scenario.Left, left, random, output);
            }
        }

        var expected = JoinReference.Join(kind, left, right, scenario.Left.Count, scenario.Right.Count, scenario.LeftKeys, scenario.RightKeys, residual ? Scenario.ResidualReference : null);
        Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(output.Rows));
        return [.. output.Rows];
    }

    /// <summary>Rows whose keys are distinct values of 0..domain-1 (one in ten NULL), with random payloads.</summary>
    private static List<object?[]> UniqueKeyRows(Random random, RowSchema schema, int count, int domain)
    {
        int[] keys = [.. Enumerable.Range(0, domain).OrderBy(_ => random.Next()).Take(count)];
        List<object?[]> rows = RandomRows(random, schema, count, 50, 0.1);
        for (int i = 0; i < count; i++)
        {
            rows[i][0] = i % 10 == 3 ? null : schema[0].Type.Kind == SqlTypeKind.Int ? keys[i] : (object)(keys[i] * 1_000_000_007L);
        }

        return rows;
    }

    /// <summary>Rows keyed low + 0..299 (wrapping), some duplicated, some NULL, with extremes a few at BIGINT's ends and zero.</summary>
    private static List<object?[]> NarrowRangeRows(Random random, int count, long low, bool extremes) =>
        [.. Enumerable.Range(0, count).Select(i => new object?[]
        {
            (i % 23) switch
            {
                0 => null,
                1 when extremes => long.MinValue,
                2 when extremes => long.MaxValue,
                3 when extremes => 0L,
                _ => unchecked(low + random.Next(300)),
            },
            (long)random.Next(1_000),
        })];

    private static TheoryData<JoinKind, JoinSide> AllKindsAndSides()
    {
        var data = new TheoryData<JoinKind, JoinSide>();
        foreach (JoinKind kind in Enum.GetValues<JoinKind>())
        {
            foreach (JoinSide side in Enum.GetValues<JoinSide>())
            {
                data.Add(kind, side);
            }
        }

        return data;
    }

    private static TheoryData<JoinKind, JoinSide, string> AllKindsSidesAndKeys()
    {
        var data = new TheoryData<JoinKind, JoinSide, string>();
        foreach (JoinKind kind in Enum.GetValues<JoinKind>())
        {
            foreach (JoinSide side in Enum.GetValues<JoinSide>())
            {
                foreach (string keys in KeyShapes.Keys)
                {
                    data.Add(kind, side, keys);
                }
            }
        }

        return data;
    }
}

/// <summary>Left (lk0.., lv BIGINT) and right (rk0.., rv BIGINT) schemas joined on their key columns.</summary>
internal sealed record Scenario(RowSchema Left, RowSchema Right, int[] LeftKeys, int[] RightKeys)
{
    public static Scenario Of(IReadOnlyList<SqlType> keyTypes)
    {
        int k = keyTypes.Count;
        var left = new RowSchema([.. keyTypes.Select((t, i) => new Field($"lk{i}", t)), new Field("lv", SqlType.BigInt)]);
        var right = new RowSchema([.. keyTypes.Select((t, i) => new Field($"rk{i}", t)), new Field("rv", SqlType.BigInt)]);
        int[] keys = [.. Enumerable.Range(0, k)];
        return new Scenario(left, right, keys, keys);
    }

    /// <summary>lv &lt; rv + 3000000000 (over left++right), NULL when either is NULL.</summary>
    public Expr Residual => new FunctionCall(
        ComparisonFunction.Less,
        [
            new ColumnRef(Left.Count - 1, SqlType.BigInt),
            new FunctionCall(
                ArithmeticFunction.Add,
                [new ColumnRef(Left.Count + Right.Count - 1, SqlType.BigInt), new Literal(new Vector.Columns.ScalarValue(SqlType.BigInt, 3_000_000_000L))],
                SqlType.BigInt),
        ],
        SqlType.Boolean);

    public static bool? ResidualReference(object?[] l, object?[] r) =>
        l[^1] is long lv && r[^1] is long rv ? lv < rv + 3_000_000_000L : null;
}
