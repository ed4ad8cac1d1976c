using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Sort;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Tests.Operators.Sort;

public sealed class SortOperatorTests : OperatorTest
{
    public static TheoryData<string> KeySets => ["k", "s", "d", "m", "b", "k desc nl, s", "s desc, d nf", "m nl, b desc nf, d desc", "b, k desc, s nl, d"];

    /// <summary>Parses "col [desc] [nf|nl]" lists; the default null placement is Flink's (NULL smallest).</summary>
    internal static List<SortKey> Keys(string spec) =>
        [.. spec.Split(',', StringSplitOptions.TrimEntries).Select(part =>
        {
            string[] words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int column = SortTestData.Schema.IndexOf(words[0]);
            bool descending = words.Contains("desc");
            bool nullsFirst = words.Contains("nf") || (!words.Contains("nl") && !descending);
            return new SortKey(column, descending, nullsFirst);
        })];

    private static List<object?[]> Reference(IEnumerable<object?[]> rows, List<SortKey> keys) =>
        [.. rows.OrderBy(r => r, new ReferenceOrder(keys))];

    [Theory]
    [MemberData(nameof(KeySets))]
    public void SortsStablyLikeTheReference(string spec)
    {
        List<SortKey> keys = Keys(spec);
        List<object?[]> rows = SortTestData.Rows(seed: spec.Length, count: 1500);
        using var op = new SortOperator(SortTestData.Schema, keys);
        List<object?[]> actual = Run(op, Context(batchRows: 700), SortTestData.Schema, rows, batchRows: 313, withSelections: true);
        Assert.Equal(Show(Reference(rows, keys)), Show(actual));
    }

    [Theory]
    [MemberData(nameof(KeySets))]
    public void SpillsSortedRunsUnderATinyBudgetAndMergesThemExactly(string spec)
    {
        List<SortKey> keys = Keys(spec);
        List<object?[]> rows = SortTestData.Rows(seed: 100 + spec.Length, count: 2000);
        OperatorContext context = Context(budgetBytes: 20_000, batchRows: 250);
        using var op = new SortOperator(SortTestData.Schema, keys);
        List<object?[]> actual = Run(op, context, SortTestData.Schema, rows, batchRows: 257, withSelections: true);
        Assert.Equal(Show(Reference(rows, keys)), Show(actual));
        Assert.True(context.Metrics.SpilledBytes > 0);
        Assert.True(context.Metrics.SpillFiles >= 3, $"expected several runs, got {context.Metrics.SpillFiles}");
        Assert.True(!System.IO.Directory.Exists(context.SpillDirectory) || System.IO.Directory.GetFiles(context.SpillDirectory).Length == 0);
    }

    [Fact]
    public void EmitsBatchesOfAtMostBatchRows()
    {
        List<object?[]> rows = SortTestData.Rows(seed: 3, count: 1000);
        using var op = new SortOperator(SortTestData.Schema, Keys("d desc, s"));
        OperatorContext context = Context(batchRows: 128);
        var output = new CollectingOutput();
        op.Open(context);
        op.Process(0, Batch(SortTestData.Schema, [.. rows]), output);
        op.EndInput(0, output);
        Assert.Equal(8, output.BatchCount);
        Assert.Equal(1000, output.TakeRows().Count);
        Assert.Equal(1000, context.Metrics.RowsOut);
    }

    [Fact]
    public void EmptyInputEmitsNothing()
    {
        using var op = new SortOperator(SortTestData.Schema, Keys("k"), limit: 5);
        Assert.Empty(Run(op, Context(), SortTestData.Schema, [], batchRows: 10));
        using var sort = new SortOperator(SortTestData.Schema, Keys("k"));
        Assert.Empty(Run(sort, Context(budgetBytes: 1), SortTestData.Schema, [], batchRows: 10));
    }

    [Theory]
    [InlineData(10, 0, long.MaxValue)]
    [InlineData(10, 25, long.MaxValue)]
    [InlineData(0, 3, long.MaxValue)]
    [InlineData(1, 0, long.MaxValue)]
    [InlineData(5000, 100, long.MaxValue)]
    [InlineData(50, 7, 30_000)]
    public void TopNWithOffsetMatchesTheReference(long limit, long offset, long budget)
    {
        List<SortKey> keys = Keys("k desc nl, s, m nl");
        List<object?[]> rows = SortTestData.Rows(seed: (int)(limit + offset), count: 3000);
        OperatorContext context = Context(budgetBytes: budget, batchRows: 512);
        using var op = new SortOperator(SortTestData.Schema, keys, limit, offset);
        List<object?[]> actual = Run(op, context, SortTestData.Schema, rows, batchRows: 400, withSelections: true);
        Assert.Equal(Show(Reference(rows, keys).Skip((int)offset).Take((int)limit)), Show(actual));
    }

    [Fact]
    public void TopNKeepsOnlyAboutTwiceItsRowsInMemory()
    {
        List<object?[]> rows = SortTestData.Rows(seed: 9, count: 40_000, keyRange: 1000);
        OperatorContext context = Context(batchRows: 1024);
        using var op = new SortOperator(SortTestData.Schema, Keys("k, id"), limit: 10);
        List<object?[]> actual = Run(op, context, SortTestData.Schema, rows, batchRows: 1000);
        Assert.Equal(Show(Reference(rows, Keys("k, id")).Take(10)), Show(actual));
        // 40k rows are ~2.5 MB buffered; a TopN of 10 prunes whenever it reaches 1024 rows.
        Assert.True(context.Metrics.PeakMemoryBytes < 400_000, $"peak {context.Metrics.PeakMemoryBytes} bytes");
        Assert.Equal(0, context.Metrics.SpilledBytes);
    }

    [Fact]
    public void EqualKeysKeepInputOrder()
    {
        List<object?[]> rows = SortTestData.Rows(seed: 11, count: 2000, keyRange: 2);
        using var op = new SortOperator(SortTestData.Schema, Keys("k desc"));
        List<object?[]> actual = Run(op, Context(budgetBytes: 20_000, batchRows: 100), SortTestData.Schema, rows, batchRows: 100);
        var ids = actual.Select(r => (long)r[SortTestData.Id]!).ToList();
        var keys = actual.Select(r => (int?)r[0]).ToList();
        for (int i = 1; i < ids.Count; i++)
        {
            if (keys[i] == keys[i - 1])
            {
                Assert.True(ids[i] > ids[i - 1], $"row {i}: id {ids[i]} after {ids[i - 1]} with equal key {keys[i]}");
            }
        }

        Assert.Equal(2000, ids.Count);
    }
}
