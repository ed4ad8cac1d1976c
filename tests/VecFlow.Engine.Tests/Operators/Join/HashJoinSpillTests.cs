using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Join;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Join;

public sealed class HashJoinSpillTests : JoinTestBase
{
    public static readonly TheoryData<JoinKind, JoinSide> KindsAndSides = AllKindsAndSides();

    [Theory]
    [MemberData(nameof(KindsAndSides))]
    public void A_tiny_budget_partitions_at_least_two_levels_deep_and_gives_exact_results(JoinKind kind, JoinSide side)
    {
        var random = new Random(100 + (int)kind + (10 * (int)side));
        Scenario scenario = Scenario.Of([SqlType.Int, SqlType.Varchar]);

        // Few keys, many rows each on the built side: every level-0 partition is over budget, and a second level
        // splits it into single-key partitions (which then fit or cannot shrink), with few files in total.
        var built = KeyedRows(random, 700, 24);
        var probed = KeyedRows(random, 90, 30);
        var left = side == JoinSide.Left ? built : probed;
        var right = side == JoinSide.Left ? probed : built;
        OperatorContext context = Context(budgetBytes: 1_500, batchRows: 64);
        var join = new HashJoinOperator(kind, scenario.Left, scenario.Right, scenario.LeftKeys, scenario.RightKeys, scenario.Residual, side);
        Run(join, scenario, side, left, right, random, context, out List<object?[]> rows);

        var expected = JoinReference.Join(kind, left, right, scenario.Left.Count, scenario.Right.Count, scenario.LeftKeys, scenario.RightKeys, Scenario.ResidualReference);
        Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(rows));
        Assert.True(context.Metrics.SpilledBytes > 0, "The join should have spilled.");
        Assert.True(join.SpillDepth >= 2, $"Expected grace partitioning two levels deep, got {join.SpillDepth}.");
        AssertSpillFilesDeleted(context);
    }

    [Theory]
    [InlineData(JoinKind.Inner, JoinSide.Right)]
    [InlineData(JoinKind.Left, JoinSide.Right)]
    [InlineData(JoinKind.Full, JoinSide.Left)]
    [InlineData(JoinKind.Anti, JoinSide.Left)]
    [InlineData(JoinKind.Semi, JoinSide.Right)]
    public void One_hot_key_larger_than_the_budget_still_finishes(JoinKind kind, JoinSide side)
    {
        var random = new Random(7);
        Scenario scenario = Scenario.Of([SqlType.BigInt]);
        var hot = RandomValue(new Random(1), SqlType.BigInt, 1, 0);

        // The built side is mostly one key: its partition cannot shrink by splitting and must join regardless of budget.
        var built = Enumerable.Range(0, 1200).Select(i => (object?[])[i % 10 == 0 ? RandomValue(random, SqlType.BigInt, 50, 0.1) : hot, (long)i]).ToList();
        var probed = RandomRows(random, scenario.Left, 60, 50, 0.1);
        probed.AddRange(Enumerable.Range(0, 5).Select(i => (object?[])[hot, (long)i]));
        var left = side == JoinSide.Left ? built : probed;
        var right = side == JoinSide.Left ? probed : built;
        OperatorContext context = Context(budgetBytes: 2_000, batchRows: 256);
        var join = new HashJoinOperator(kind, scenario.Left, scenario.Right, scenario.LeftKeys, scenario.RightKeys, null, side);
        Run(join, scenario, side, left, right, random, context, out List<object?[]> rows);

        var expected = JoinReference.Join(kind, left, right, scenario.Left.Count, scenario.Right.Count, scenario.LeftKeys, scenario.RightKeys, null);
        Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(rows));
        Assert.True(context.Metrics.SpilledBytes > 0);
        Assert.True(join.SpillDepth < HashJoinOperator.MaxSpillDepth, "A single-key partition should stop splitting at once.");
        AssertSpillFilesDeleted(context);
    }

    [Fact]
    public void A_budget_the_build_side_fits_in_does_not_spill()
    {
        var random = new Random(8);
        Scenario scenario = Scenario.Of([SqlType.Int]);
        var left = RandomRows(random, scenario.Left, 300, 40, 0.1);
        var right = RandomRows(random, scenario.Right, 300, 40, 0.1);
        OperatorContext context = Context(budgetBytes: 1 << 20, batchRows: 128);
        var join = new HashJoinOperator(JoinKind.Full, scenario.Left, scenario.Right, [0], [0], null, JoinSide.Right);
        Run(join, scenario, JoinSide.Right, left, right, random, context, out List<object?[]> rows);

        var expected = JoinReference.Join(JoinKind.Full, left, right, 2, 2, [0], [0], null);
        Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(rows));
        Assert.Equal(0, context.Metrics.SpilledBytes);
        Assert.Equal(0, join.SpillDepth);
        Assert.InRange(context.Metrics.PeakMemoryBytes, 1, 1 << 20);
    }

    private void Run(
        HashJoinOperator join,
        Scenario scenario,
        JoinSide side,
        IReadOnlyList<object?[]> left,
        IReadOnlyList<object?[]> right,
        Random random,
        OperatorContext context,
        out List<object?[]> rows)
    {
        var output = new CheckedOutput(join.OutputSchema.Count, context.BatchRows);
        using (join)
        {
            join.Open(context);
            Feed(join, 0, side == JoinSide.Left ? scenario.Left : scenario.Right, side == JoinSide.Left ? left : right, random, output);
            Feed(join, 1, side == JoinSide.Left ? scenario.Right : scenario.Left, side == JoinSide.Left ? right : left, random, output);
        }

        rows = [.. output.Rows];
    }

    /// <summary>Rows (k INT, k VARCHAR, v BIGINT) whose two key columns agree, from <paramref name="keys"/> keys, 5% NULL keys.</summary>
    private static List<object?[]> KeyedRows(Random random, int count, int keys) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            int k = random.Next(keys);
            bool nullKey = random.Next(20) == 0;
            return (object?[])[nullKey ? null : k, $"key-{k}", (long)random.Next(keys) * 1_000_000_007L];
        })];

    private static void AssertSpillFilesDeleted(OperatorContext context) =>
        Assert.Empty(System.IO.Directory.Exists(context.SpillDirectory) ? System.IO.Directory.GetFiles(context.SpillDirectory) : []);

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
}
