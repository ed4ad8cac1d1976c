using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Tests.Operators.Sort;

public sealed class RankOperatorTests : OperatorTest
{
    /// <summary>ROW_NUMBER over partitions, rows kept when rn is in [start, end], partitions ascending, rn order within.</summary>
    private static List<object?[]> Reference(List<object?[]> rows, int[] partition, List<SortKey> order, long start, long end, bool outputRank)
    {
        var partitionOrder = new ReferenceOrder([.. partition.Select(SortKey.Ascending)]);
        var result = new List<object?[]>();
        foreach (var group in rows.GroupBy(r => string.Join("\u0001", partition.Select(c => Key(r[c]))))
            .OrderBy(g => g.First(), partitionOrder))
        {
            long rn = 0;
            foreach (object?[] row in group.OrderBy(r => r, new ReferenceOrder(order)))
            {
                rn++;
                if (rn >= start && rn <= end)
                {
                    result.Add(outputRank ? [.. row, rn] : row);
                }
            }
        }

        return result;
    }

    // Partition equality is SQL equality: -0.0 = 0.0 and NaN = NaN.
    private static string Key(object? value) => value switch
    {
        null => "NULL",
        double d when d == 0 => "0",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    [Theory]
    [InlineData("k", "d desc", 1, 1, true)]
    [InlineData("k", "d desc", 1, 3, true)]
    [InlineData("s", "m nl, id desc", 2, 4, false)]
    [InlineData("b, s", "k desc nl", 1, long.MaxValue, true)]
    [InlineData("d", "s, b", 1, 2, true)]
    [InlineData("", "k, s desc", 3, 10, true)]
    [InlineData("m", "b nl", 5, 5, true)]
    public void NumbersRowsPerPartitionLikeTheReference(string partition, string order, long start, long end, bool outputRank)
    {
        int[] partitionKeys = partition.Length == 0 ? [] : [.. partition.Split(',', StringSplitOptions.TrimEntries).Select(SortTestData.Schema.IndexOf)];
        List<SortKey> orderKeys = SortOperatorTests.Keys(order);
        List<object?[]> rows = SortTestData.Rows(seed: partition.Length + order.Length, count: 1500, keyRange: 30);
        foreach (long budget in new[] { long.MaxValue, 30_000 })
        {
            OperatorContext context = Context(budgetBytes: budget == long.MaxValue ? budget : 15_000, batchRows: 256);
            using var op = new RankOperator(SortTestData.Schema, partitionKeys, orderKeys, start, end, outputRank);
            List<object?[]> actual = Run(op, context, SortTestData.Schema, rows, batchRows: 300, withSelections: true);
            Assert.Equal(Show(Reference(rows, partitionKeys, orderKeys, start, end, outputRank)), Show(actual));
            Assert.Equal(budget != long.MaxValue, context.Metrics.SpilledBytes > 0);
        }
    }

    [Fact]
    public void DeduplicationKeepsAboutTwicePartitionsInMemory()
    {
        List<object?[]> rows = SortTestData.Rows(seed: 21, count: 30_000, keyRange: 50);
        OperatorContext context = Context(batchRows: 1024);
        using var op = new RankOperator(SortTestData.Schema, [0], [SortKey.DescendingOf(SortTestData.Id)], 1, 1, outputRank: false);
        List<object?[]> actual = Run(op, context, SortTestData.Schema, rows, batchRows: 1000);
        Assert.Equal(Show(Reference(rows, [0], [SortKey.DescendingOf(SortTestData.Id)], 1, 1, false)), Show(actual));
        Assert.Equal(101, actual.Count);
        Assert.True(context.Metrics.PeakMemoryBytes < 400_000, $"peak {context.Metrics.PeakMemoryBytes} bytes");
    }

    [Fact]
    public void EmptyInputEmitsNothing()
    {
        using var op = new RankOperator(SortTestData.Schema, [0], SortOperatorTests.Keys("d"), 1, 3, outputRank: true);
        Assert.Empty(Run(op, Context(), SortTestData.Schema, [], batchRows: 10));
    }
}
