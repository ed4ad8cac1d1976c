using VecFlow.Engine.Operators.Sort;

namespace VecFlow.Engine.Tests.Operators.Sort;

public sealed class LimitOperatorTests : OperatorTest
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(10, 5)]
    [InlineData(150, 33)]
    [InlineData(5000, 0)]
    [InlineData(7, 1000)]
    public void PassesTheWindowOfLiveRowsInArrivalOrder(long limit, long offset)
    {
        List<object?[]> rows = SortTestData.Rows(seed: 5, count: 1000);
        using var op = new LimitOperator(limit, offset);
        List<object?[]> actual = Run(op, Context(), SortTestData.Schema, rows, batchRows: 64, withSelections: true);
        Assert.Equal(Show(rows.Skip((int)offset).Take((int)limit)), Show(actual));
    }

    [Fact]
    public void ReportsSatisfiedOnceTheLimitPassed()
    {
        List<object?[]> rows = SortTestData.Rows(seed: 6, count: 100);
        using var op = new LimitOperator(30, 10);
        var output = new CollectingOutput();
        op.Open(Context());
        op.Process(0, Batch(SortTestData.Schema, [.. rows.Take(25)]), output);
        Assert.False(op.IsSatisfied);
        op.Process(0, Batch(SortTestData.Schema, [.. rows.Skip(25).Take(25)]), output);
        Assert.True(op.IsSatisfied);
        op.Process(0, Batch(SortTestData.Schema, [.. rows.Skip(50)]), output);
        op.EndInput(0, output);
        Assert.Equal(Show(rows.Skip(10).Take(30)), Show(output.TakeRows()));
    }
}
