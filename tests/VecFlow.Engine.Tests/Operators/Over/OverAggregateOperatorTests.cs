using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Over;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Tests.Operators.Sort;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Over;

public sealed class OverAggregateOperatorTests : OperatorTest
{
    private static readonly SqlType Count = SqlType.BigInt.WithNullable(false);

    /// <summary>Every function over one frame, on the columns of <see cref="SortTestData.Schema"/>.</summary>
    private static List<OverCall> Calls(OverFrame frame) =>
    [
        new(AggregateFunction.CountStar, null, Count, "cnt_all", frame),
        new(AggregateFunction.Count, 2, Count, "cnt_d", frame),
        new(AggregateFunction.Sum, 0, SqlType.Int, "sum_k", frame),
        new(AggregateFunction.Sum, 2, SqlType.Double, "sum_d", frame),
        new(AggregateFunction.Sum, 3, SqlType.Decimal(38, 2), "sum_m", frame),
        new(AggregateFunction.Avg, 0, SqlType.Int, "avg_k", frame),
        new(AggregateFunction.Avg, 2, SqlType.Double, "avg_d", frame),
        new(AggregateFunction.Avg, 3, SqlType.Decimal(38, 6), "avg_m", frame),
        new(AggregateFunction.Min, 1, SqlType.Varchar, "min_s", frame),
        new(AggregateFunction.Max, 1, SqlType.Varchar, "max_s", frame),
        new(AggregateFunction.Min, 2, SqlType.Double, "min_d", frame),
        new(AggregateFunction.Max, 3, SqlType.Decimal(20, 2), "max_m", frame),
        new(AggregateFunction.Max, 4, SqlType.Boolean, "max_b", frame),
        new(AggregateFunction.Min, 0, SqlType.Int, "min_k", frame),
        new(OverFunction.RowNumber, null, Count, "rn", frame),
        new(OverFunction.Rank, null, Count, "rk", frame),
        new(OverFunction.DenseRank, null, Count, "drk", frame),
    ];

    public static TheoryData<string, string, string> Windows => new()
    {
        { "s", "k", "rows unbounded" },
        { "s", "k desc nl, id", "rows 3" },
        { "k, b", "id", "rows 0" },
        { "b", "k", "range unbounded" },
        { "", "k desc", "range unbounded" },
        { "s", "", "range unbounded" },
        { "s", "k", "range 5" },
        { "b", "k desc nl", "range 5" },
        { "s", "d", "range 1.5" },
        { "k", "d desc", "range 0.5" },
        { "b", "m desc", "range 1.25" },
    };

    private static OverFrame Frame(string spec)
    {
        string[] words = spec.Split(' ');
        OverFrameUnit unit = words[0] == "rows" ? OverFrameUnit.Rows : OverFrameUnit.Range;
        return new OverFrame(unit, words[1] == "unbounded" ? null : decimal.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void ComputesEveryFunctionLikeTheReference(string partition, string order, string frame)
    {
        int[] partitionKeys = partition.Length == 0 ? [] : [.. partition.Split(',', StringSplitOptions.TrimEntries).Select(SortTestData.Schema.IndexOf)];
        List<SortKey> orderKeys = order.Length == 0 ? [] : SortOperatorTests.Keys(order);
        List<OverCall> calls = Calls(Frame(frame));
        List<object?[]> rows = SortTestData.Rows(seed: partition.Length * 31 + order.Length + frame.Length, count: 400, keyRange: 15);
        List<object?[]> expected = OverReference.Compute(rows, partitionKeys, orderKeys, calls);
        foreach ((long budget, int batchRows) in new[] { (long.MaxValue, 64), (8_000L, 100) })
        {
            OperatorContext context = Context(budgetBytes: budget, batchRows: batchRows);
            using var op = new OverAggregateOperator(SortTestData.Schema, partitionKeys, orderKeys, calls);
            List<object?[]> actual = Run(op, context, SortTestData.Schema, rows, batchRows: 97, withSelections: true);
            AssertRows(expected, actual, [.. op.OutputSchema.Names]);
            Assert.Equal(budget != long.MaxValue, context.Metrics.SpilledBytes > 0);
        }
    }

    [Fact]
    public void AverageOfIntegersTruncatesTowardZero()
    {
        var schema = new RowSchema([new Field("p", SqlType.Int), new Field("x", SqlType.Int)]);
        List<object?[]> rows = [[1, -3], [1, -4], [2, 7], [2, 8], [2, null]];
        using var op = new OverAggregateOperator(schema, [0], [], [new OverCall(AggregateFunction.Avg, 1, SqlType.Int, "a", OverFrame.RangeUnboundedPreceding)]);
        List<object?[]> actual = Run(op, Context(), schema, rows, batchRows: 2);
        Assert.Equal([-3, -3, 7, 7, 7], actual.Select(r => r[2]));
    }

    [Fact]
    public void SumOverflowingItsResultTypeFails()
    {
        var schema = new RowSchema([new Field("x", SqlType.Int)]);
        List<object?[]> rows = [[int.MaxValue], [1], [5]];
        using var op = new OverAggregateOperator(schema, [], [SortKey.Ascending(0)], [new OverCall(AggregateFunction.Sum, 0, SqlType.Int, "total", OverFrame.RowsUnboundedPreceding)]);
        var error = Assert.Throws<SqlRuntimeException>(() => Run(op, Context(), schema, rows, batchRows: 10));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Contains("total", error.Message);
    }

    [Fact]
    public void EmptyInputEmitsNothing()
    {
        using var op = new OverAggregateOperator(SortTestData.Schema, [0], SortOperatorTests.Keys("d"), Calls(OverFrame.Rows(2)));
        Assert.Empty(Run(op, Context(), SortTestData.Schema, [], batchRows: 10));
    }

    private static void AssertRows(List<object?[]> expected, List<object?[]> actual, string[] names)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
        {
            for (int c = 0; c < names.Length; c++)
            {
                object? e = expected[r][c];
                object? a = actual[r][c];
                if (!Same(e, a))
                {
                    Assert.Fail($"row {r}, column {names[c]}: expected {Show([[e]])}, got {Show([[a]])}\nexpected row {Show([expected[r]])}\nactual row   {Show([actual[r]])}");
                }
            }
        }
    }

    private static bool Same(object? e, object? a) => (e, a) switch
    {
        (null, null) => true,
        (double x, double y) => x.Equals(y) || Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)),
        _ => Equals(e, a),
    };
}
