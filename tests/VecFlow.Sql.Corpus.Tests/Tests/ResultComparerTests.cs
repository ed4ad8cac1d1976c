using System.Numerics;
using VecFlow.Sql.Corpus.Tests.Harness;

namespace VecFlow.Sql.Corpus.Tests.Tests;

/// <summary>The comparer must catch every real difference and forgive only representation differences.</summary>
public sealed class ResultComparerTests
{
    private static readonly CorpusQuery Query = new("sample_query", "sample.sql", 12, "SELECT 1", null, Ordered: false, Tolerance: null, new Dictionary<string, string>());

    private static readonly object?[][] Reference =
    [
        [1, "a", 1.5m, 0.25, null],
        [2, "b", 2.50m, 1e10, new DateOnly(2024, 1, 2)],
        [2, "b", 2.50m, 1e10, new DateOnly(2024, 1, 2)],
        [3, null, null, double.NaN, new DateOnly(2024, 1, 3)],
    ];

    [Fact]
    public void Equal_results_in_another_order_match()
    {
        ResultComparison result = ResultComparer.Compare(Query, Reference, [.. Reference.Reverse()]);

        Assert.True(result.Matches, result.Message);
    }

    [Fact]
    public void Integer_widths_and_decimal_scales_are_representation_only()
    {
        object?[][] actual =
        [
            [(sbyte)1, "a", 1.500m, 0.25, null],
            [(short)2, "b", 2.5m, 1e10, new DateOnly(2024, 1, 2)],
            [new BigInteger(2), "b", 2.5000000000m, 1e10, new DateOnly(2024, 1, 2)],
            [3L, null, null, double.NaN, new DateOnly(2024, 1, 3)],
        ];

        ResultComparison result = ResultComparer.Compare(Query, Reference, actual);

        Assert.True(result.Matches, result.Message);
    }

    [Fact]
    public void A_changed_value_is_reported_as_one_missing_and_one_unexpected_row()
    {
        object?[][] actual = Copy(Reference);
        actual[0][1] = "A";

        ResultComparison result = ResultComparer.Compare(Query, Reference, actual);

        Assert.False(result.Matches);
        Assert.Equal((1, 1), (result.MissingRows, result.UnexpectedRows));
        Assert.Contains("query 'sample_query' (sample.sql:12)", result.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 'a', 1.5m, 0.25d, NULL]", result.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 'A', 1.5m, 0.25d, NULL]", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_row_is_reported()
    {
        ResultComparison result = ResultComparer.Compare(Query, Reference, Reference[..3]);

        Assert.False(result.Matches);
        Assert.Equal((1, 0), (result.MissingRows, result.UnexpectedRows));
        Assert.Contains("expected 4 rows, actual 3", result.Message, StringComparison.Ordinal);
        Assert.Contains("[3, NULL, NULL, NaNd, DATE '2024-01-03']", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_row_is_reported()
    {
        ResultComparison result = ResultComparer.Compare(Query, Reference, [.. Reference, Reference[0]]);

        Assert.False(result.Matches);
        Assert.Equal((0, 1), (result.MissingRows, result.UnexpectedRows));
    }

    [Fact]
    public void A_lost_duplicate_is_reported()
    {
        ResultComparison result = ResultComparer.Compare(Query, Reference, [Reference[0], Reference[1], Reference[3]]);

        Assert.False(result.Matches);
        Assert.Equal((1, 0), (result.MissingRows, result.UnexpectedRows));
    }

    [Theory]
    [InlineData(0.25 + 1e-12, true)]
    [InlineData(0.25 + 1e-6, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void Doubles_compare_within_the_tolerance(double value, bool matches)
    {
        object?[][] actual = Copy(Reference);
        actual[0][3] = value;

        ResultComparison result = ResultComparer.Compare(Query, Reference, actual);

        Assert.Equal(matches, result.Matches);
    }

    [Fact]
    public void Large_doubles_compare_relatively_and_the_query_tolerance_applies()
    {
        object?[][] actual = Copy(Reference);
        actual[1][3] = 1e10 + 1e-3;
        actual[2][3] = 1e10 - 1e-3;
        Assert.True(ResultComparer.Compare(Query, Reference, actual).Matches);

        actual[0][3] = 0.2500001;
        Assert.False(ResultComparer.Compare(Query, Reference, actual).Matches);
        Assert.True(ResultComparer.Compare(Query with { Tolerance = 1e-6 }, Reference, actual).Matches);
    }

    [Fact]
    public void Infinities_and_nan_compare_by_identity()
    {
        object?[][] expected = [[double.PositiveInfinity], [double.NegativeInfinity], [double.NaN]];

        Assert.True(ResultComparer.Compare(Query, expected, [[double.NaN], [double.PositiveInfinity], [double.NegativeInfinity]]).Matches);
        Assert.False(ResultComparer.Compare(Query, expected, [[double.NegativeInfinity], [double.NegativeInfinity], [double.NaN]]).Matches);
    }

    [Fact]
    public void Decimals_compare_exactly_and_against_integers()
    {
        Assert.True(ResultComparer.Compare(Query, [[10L, 1.10m]], [[10.00m, 1.1m]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [[10L, 1.10m]], [[10L, 1.1000000001m]]).Matches);
        // A decimal against a reference double is compared within the tolerance (DuckDB averages decimals to DOUBLE).
        Assert.True(ResultComparer.Compare(Query with { Tolerance = 1e-6 }, [[1.0 / 3]], [[0.333333m]]).Matches);
    }

    [Fact]
    public void Null_equals_only_null()
    {
        Assert.True(ResultComparer.Compare(Query, [[null, 1]], [[null, 1]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [[null, 1]], [[0, 1]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [[""]], [[null]]).Matches);
    }

    [Fact]
    public void Date_time_types_do_not_mix()
    {
        var day = new DateOnly(2024, 1, 2);
        var midnight = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Unspecified);

        Assert.True(ResultComparer.Compare(Query, [[midnight, new TimeOnly(1, 2, 3)]], [[midnight, new TimeOnly(1, 2, 3)]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [[day]], [[midnight]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [[midnight]], [[midnight.AddMilliseconds(1)]]).Matches);
    }

    [Fact]
    public void Strings_compare_exactly()
    {
        Assert.False(ResultComparer.Compare(Query, [["Zoë"]], [["Zoe\u0308"]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [["a "]], [["a"]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [["1"]], [[1]]).Matches);
    }

    [Fact]
    public void Ordered_comparison_reports_the_first_differing_positions()
    {
        CorpusQuery ordered = Query with { Ordered = true };
        object?[][] expected = [[1, "a"], [2, "b"], [3, "c"]];

        Assert.True(ResultComparer.Compare(ordered, expected, Copy(expected)).Matches);

        ResultComparison swapped = ResultComparer.Compare(ordered, expected, [[1, "a"], [3, "c"], [2, "b"]]);
        Assert.False(swapped.Matches);
        Assert.Contains("2 of the first 3 positions differ", swapped.Message, StringComparison.Ordinal);
        Assert.Contains("row 1: expected [2, 'b']", swapped.Message, StringComparison.Ordinal);

        ResultComparison shorter = ResultComparer.Compare(ordered, expected, expected[..2]);
        Assert.False(shorter.Matches);
        Assert.Equal(1, shorter.MissingRows);
        Assert.Contains("[3, 'c']", shorter.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_column_counts_are_reported()
    {
        ResultComparison result = ResultComparer.Compare(Query, [[1, 2]], [[1]]);

        Assert.False(result.Matches);
        Assert.Contains("column counts differ: expected 2 columns, actual 1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_results_match_only_empty_results()
    {
        Assert.True(ResultComparer.Compare(Query, [], []).Matches);
        Assert.False(ResultComparer.Compare(Query, [], [[1]]).Matches);
        Assert.False(ResultComparer.Compare(Query, [[1]], []).Matches);
    }

    [Fact]
    public void Near_equal_doubles_pair_up_even_when_they_sort_apart()
    {
        // 1.0 and 1.0 + 1e-12 sort on either side of the second column's tie-breaker.
        object?[][] expected = [[1.0, "b"], [1.0 + 2e-12, "a"]];
        object?[][] actual = [[1.0 + 1e-12, "b"], [1.0, "a"]];

        Assert.True(ResultComparer.Compare(Query, expected, actual).Matches);
    }

    private static object?[][] Copy(object?[][] rows) => [.. rows.Select(r => (object?[])r.Clone())];
}
