using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Aggregation;

public sealed class FilteredAggregationTests
{
    private static bool Holds(ComparisonOp op, long x, long c) => op switch
    {
        ComparisonOp.Equal => x == c,
        ComparisonOp.NotEqual => x != c,
        ComparisonOp.Less => x < c,
        ComparisonOp.LessOrEqual => x <= c,
        ComparisonOp.Greater => x > c,
        _ => x >= c,
    };

    [Fact]
    public void Fused_sum_where_matches_a_scalar_reference_at_every_length()
    {
        var random = new Random(17);
        foreach (ComparisonOp op in Enum.GetValues<ComparisonOp>())
        {
            for (int n = 0; n <= 257; n++)
            {
                long[] filter = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(-5, 5))];
                long[] values = [.. Enumerable.Range(0, n).Select(_ => random.NextInt64(-1_000_000, 1_000_000))];
                long constant = random.Next(-5, 5);
                long expected = 0;
                for (int i = 0; i < n; i++)
                {
                    expected += Holds(op, filter[i], constant) ? values[i] : 0;
                }

                Assert.Equal(expected, FilteredAggregation.SumWhere(filter, op, constant, values));
            }
        }
    }

    [Fact]
    public void Overflow_that_comes_back_in_range_is_not_an_error_and_a_real_overflow_is()
    {
        for (int n = 1; n <= 40; n++)
        {
            long[] filter = [.. Enumerable.Repeat(1L, n)];
            long[] values = [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? long.MaxValue : -long.MaxValue)];
            long expected = n % 2 == 1 ? long.MaxValue : 0;
            Assert.Equal(expected, FilteredAggregation.SumWhere(filter, ComparisonOp.Equal, 1, values));
        }

        long[] big = [.. Enumerable.Repeat(long.MaxValue / 2, 40)];
        long[] ones = [.. Enumerable.Repeat(1L, 40)];
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => FilteredAggregation.SumWhere(ones, ComparisonOp.Greater, 0, big));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Equal(2, error.Row);

        // Rows the filter rejects never count, even when they would overflow.
        long[] rejectOverflow = [.. Enumerable.Range(0, 40).Select(i => i < 20 ? 0L : 1L)];
        long[] hugeWhereRejected = [.. Enumerable.Range(0, 40).Select(i => i < 20 ? long.MaxValue : 1L)];
        Assert.Equal(20L, FilteredAggregation.SumWhere(rejectOverflow, ComparisonOp.Equal, 1, hugeWhereRejected));
    }
}
