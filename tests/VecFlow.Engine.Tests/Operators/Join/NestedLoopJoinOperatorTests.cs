using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Join;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Join;

public sealed class NestedLoopJoinOperatorTests : JoinTestBase
{
    public static readonly TheoryData<JoinKind> Kinds = [.. Enum.GetValues<JoinKind>()];

    private static readonly RowSchema Left = new([new Field("x", SqlType.Int), new Field("name", SqlType.Varchar)]);
    private static readonly RowSchema Right = new([new Field("y", SqlType.Int), new Field("amount", SqlType.Decimal(10, 2))]);

    /// <summary>x &lt; y over left++right.</summary>
    private static readonly Expr Less = new FunctionCall(
        ComparisonFunction.Less,
        [new ColumnRef(0, SqlType.Int), new ColumnRef(2, SqlType.Int)],
        SqlType.Boolean);

    [Fact]
    public void A_cross_join_pairs_every_left_row_with_every_right_row()
    {
        var random = new Random(1);
        var left = RandomRows(random, Left, 70, 30, 0.2);
        var right = RandomRows(random, Right, 45, 30, 0.2);
        OperatorContext context = Context(batchRows: 64);
        List<object?[]> rows = Run(JoinKind.Inner, null, left, right, random, context);
        Assert.Equal(70 * 45, rows.Count);
        var expected = JoinReference.Join(JoinKind.Inner, left, right, 2, 2, [], [], null);
        Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(rows));
        Assert.Equal(rows.Count, context.Metrics.RowsOut);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_inequality_join_matches_the_reference_for_every_kind(JoinKind kind)
    {
        var random = new Random(20 + (int)kind);
        var left = RandomRows(random, Left, 120, 40, 0.1);
        var right = RandomRows(random, Right, 60, 40, 0.1);
        List<object?[]> rows = Run(kind, Less, left, right, random, Context(batchRows: 50));
        var expected = JoinReference.Join(kind, left, right, 2, 2, [], [], (l, r) => l[0] is int x && r[0] is int y ? x < y : null);
        Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(rows));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Empty_inputs_give_the_rows_the_kind_keeps(JoinKind kind)
    {
        var random = new Random(3);
        var left = RandomRows(random, Left, 30, 10, 0.1);
        var right = RandomRows(random, Right, 30, 10, 0.1);
        foreach ((List<object?[]> l, List<object?[]> r) in new[] { (left, new List<object?[]>()), ([], right), ([], []) })
        {
            List<object?[]> rows = Run(kind, Less, l, r, random, Context(batchRows: 8));
            var expected = JoinReference.Join(kind, l, r, 2, 2, [], [], (a, b) => a[0] is int x && b[0] is int y ? x < y : null);
            Assert.Equal(JoinReference.Canonical(expected), JoinReference.Canonical(rows));
        }
    }

    [Fact]
    public void A_condition_that_is_never_true_leaves_outer_rows_unmatched()
    {
        List<object?[]> left = [[1, "a"], [null, "b"]];
        List<object?[]> right = [[0, (Int128)100], [1, null]];
        List<object?[]> rows = Run(JoinKind.Full, Less, left, right, new Random(4), Context());
        Assert.Equal(
            JoinReference.Canonical([[1, "a", null, null], [null, "b", null, null], [null, null, 0, (Int128)100], [null, null, 1, null]]),
            JoinReference.Canonical(rows));
    }

    private List<object?[]> Run(JoinKind kind, Expr? condition, IReadOnlyList<object?[]> left, IReadOnlyList<object?[]> right, Random random, OperatorContext context)
    {
        var join = new NestedLoopJoinOperator(kind, Left, Right, condition);
        var output = new CheckedOutput(join.OutputSchema.Count, context.BatchRows);
        using (join)
        {
            join.Open(context);
            Feed(join, 0, Right, right, random, output);
            Feed(join, 1, Left, left, random, output);
        }

        return [.. output.Rows];
    }
}
