using VecFlow.Engine.Jobs;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Sessions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Jobs;

public sealed class RowMultisetDiffTests
{
    private static readonly RowSchema Schema = new([new Field("k", SqlType.BigInt), new Field("v", SqlType.Double)]);

    private static QueryResult Result(params object?[][] rows) => new(Schema, rows);

    [Fact]
    public void Same_rows_in_another_order_do_not_differ()
    {
        Assert.Empty(RowMultisetDiff.Compare(Result([1L, 0.5], [2L, null], [1L, 0.5]), Result([2L, null], [1L, 0.5], [1L, 0.5])));
        Assert.Empty(RowMultisetDiff.Compare(Result(), Result()));
    }

    [Fact]
    public void Multiplicity_counts_and_each_extra_occurrence_is_one_difference()
    {
        IReadOnlyList<RowDifference> diff = RowMultisetDiff.Compare(
            Result([1L, 0.5], [1L, 0.5], [1L, 0.5], [3L, 1.0]),
            Result([1L, 0.5], [4L, null], [4L, null]));

        Assert.Equal(
            [("-", 1L), ("-", 1L), ("-", 3L), ("+", 4L), ("+", 4L)],
            diff.Select(d => (d.Side, (long)d.Row[0]!)));
        Assert.All(diff, d => Assert.Equal(["k", "v"], d.Columns));
    }

    [Fact]
    public void Doubles_equal_to_twelve_significant_digits_match_and_nulls_match_nulls()
    {
        double sum = 0.1 + 0.2;
        Assert.Empty(RowMultisetDiff.Compare(Result([1L, sum], [null, null]), Result([1L, 0.3], [null, null])));
        Assert.Equal(2, RowMultisetDiff.Compare(Result([1L, 0.3]), Result([1L, 0.3000001])).Count);
    }

    [Fact]
    public void Decimals_compare_exactly()
    {
        var schema = new RowSchema([new Field("d", SqlType.Decimal(10, 2))]);
        Assert.Empty(RowMultisetDiff.Compare(new QueryResult(schema, [[1.10m]]), new QueryResult(schema, [[1.1m]])));
        Assert.Equal(2, RowMultisetDiff.Compare(new QueryResult(schema, [[1.10m]]), new QueryResult(schema, [[1.11m]])).Count);
    }

    [Fact]
    public void Result_lists_compare_query_by_query_and_a_missing_query_counts_all_its_rows()
    {
        IReadOnlyList<RowDifference> diff = RowMultisetDiff.Compare([Result([1L, 1.0]), Result([2L, 2.0])], [Result([1L, 1.0])]);
        RowDifference only = Assert.Single(diff);
        Assert.Equal((1, "-", 2L), (only.Query, only.Side, (long)only.Row[0]!));
    }

    [Fact]
    public void Different_column_counts_are_an_error_naming_both()
    {
        var narrow = new QueryResult(new RowSchema([new Field("k", SqlType.BigInt)]), []);
        var error = Assert.Throws<ArgumentException>(() => RowMultisetDiff.Compare(Result(), narrow));
        Assert.Equal("query 0 returns 2 columns (k, v) on one side and 1 (k) on the other", error.Message);
    }

    [Fact]
    public void Against_a_linq_reference_on_seeded_random_multisets()
    {
        var random = new Random(11);
        for (int round = 0; round < 50; round++)
        {
            object?[][] left = [.. Enumerable.Range(0, random.Next(30)).Select(_ => new object?[] { (long)random.Next(5), random.Next(3) == 0 ? null : (double)random.Next(3) })];
            object?[][] right = [.. Enumerable.Range(0, random.Next(30)).Select(_ => new object?[] { (long)random.Next(5), random.Next(3) == 0 ? null : (double)random.Next(3) })];
            IReadOnlyList<RowDifference> diff = RowMultisetDiff.Compare(Result(left), Result(right));

            static string Key(object?[] r) => $"{r[0]}|{r[1] ?? "null"}";
            var l = left.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
            var r = right.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
            var expected = l.Keys.Union(r.Keys)
                .SelectMany(k => Enumerable.Repeat(("-", k), Math.Max(0, l.GetValueOrDefault(k) - r.GetValueOrDefault(k)))
                    .Concat(Enumerable.Repeat(("+", k), Math.Max(0, r.GetValueOrDefault(k) - l.GetValueOrDefault(k)))))
                .Order();
            Assert.Equal(expected, diff.Select(d => (d.Side, Key(d.Row))).Order());
        }
    }
}
