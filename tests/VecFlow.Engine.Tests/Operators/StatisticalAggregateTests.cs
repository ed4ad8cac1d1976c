using System.Numerics;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators;

/// <summary>STDDEV / VARIANCE in the hash aggregate against a two-pass LINQ reference, in memory and spilling.</summary>
public sealed class StatisticalAggregateTests : OperatorTest
{
    private const int G = 0;
    private const int I = 1;
    private const int D = 2;
    private const int M = 3;
    private const int F = 4;

    private static readonly RowSchema Input = new(
    [
        new Field("g", SqlType.Int),
        new Field("i", SqlType.Int),
        new Field("d", SqlType.Double),
        new Field("m", SqlType.Decimal(12, 2)),
        new Field("f", SqlType.Boolean),
    ]);

    private static readonly AggregateCall[] Calls =
    [
        new(AggregateFunction.VarPop, I, false, null, SqlType.Int, "var_pop_i"),
        new(AggregateFunction.StddevSamp, I, false, null, SqlType.Int, "stddev_samp_i"),
        new(AggregateFunction.VarSamp, I, true, null, SqlType.Int, "var_samp_distinct_i"),
        new(AggregateFunction.StddevPop, D, false, null, SqlType.Double, "stddev_pop_d"),
        new(AggregateFunction.VarSamp, D, false, F, SqlType.Double, "var_samp_d_filtered"),
        new(AggregateFunction.StddevPop, D, true, null, SqlType.Double, "stddev_pop_distinct_d"),
        new(AggregateFunction.StddevSamp, M, false, null, SqlType.Decimal(38, 6), "stddev_samp_m"),
        new(AggregateFunction.VarPop, M, false, F, SqlType.Decimal(38, 6), "var_pop_m_filtered"),
    ];

    public static TheoryData<int, int, long> Cases => new()
    {
        { 1, 3, long.MaxValue },
        { 2, 40, long.MaxValue },
        { 3, 1_500, long.MaxValue },
        { 4, 1_500, 16_000 },
        { 5, 0, long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheTwoPassReference(int seed, int groups, long budget)
    {
        List<object?[]> rows = Rows(seed, groups == 0 ? 0 : 3_000, Math.Max(groups, 1));
        OperatorContext context = Context(budgetBytes: budget, batchRows: 256);
        using var op = new HashAggregateOperator(Input, [G], Calls);
        List<object?[]> actual = Run(op, context, Input, rows, batchRows: 97, withSelections: true, seed: seed);
        Dictionary<string, object?[]> expected = Reference(rows);
        Assert.Equal(expected.Count, actual.Count);
        foreach (object?[] row in actual)
        {
            object?[] want = expected[Key(row[0])];
            for (int c = 1; c < row.Length; c++)
            {
                if (!Close(want[c], row[c]))
                {
                    Assert.Fail($"group {Key(row[0])}, {Calls[c - 1].Name}: expected {Show([[want[c]]])}, got {Show([[row[c]]])}");
                }
            }
        }

        Assert.Equal(budget != long.MaxValue, context.Metrics.SpilledBytes > 0);
    }

    [Fact]
    public void WholeNumberVarianceIsNotRoundedDown()
    {
        // 1, 3, 5, 7: population variance exactly 5, sample variance exactly 6.666 -> 6, stddev_pop sqrt(5) -> 2.
        var schema = new RowSchema([new Field("x", SqlType.BigInt)]);
        List<object?[]> rows = [[1L], [3L], [5L], [7L], [null]];
        AggregateCall[] calls =
        [
            new(AggregateFunction.VarPop, 0, false, null, SqlType.BigInt, "vp"),
            new(AggregateFunction.VarSamp, 0, false, null, SqlType.BigInt, "vs"),
            new(AggregateFunction.StddevPop, 0, false, null, SqlType.BigInt, "sp"),
            new(AggregateFunction.StddevSamp, 0, false, null, SqlType.BigInt, "ss"),
        ];
        using var op = new HashAggregateOperator(schema, [], calls);
        object?[] result = Assert.Single(Run(op, Context(), schema, rows, batchRows: 2));
        Assert.Equal(new object?[] { 5L, 6L, 2L, 2L }, result);
    }

    [Fact]
    public void DoubleVarianceIsStableUnderALargeOffset()
    {
        // Sums of squares in double lose every digit here (1e18 squared); Welford keeps the spread of 1, 2, 3.
        var schema = new RowSchema([new Field("x", SqlType.Double)]);
        List<object?[]> rows = [[1e9 + 1], [1e9 + 2], [1e9 + 3]];
        using var op = new HashAggregateOperator(schema, [], [new AggregateCall(AggregateFunction.VarSamp, 0, false, null, SqlType.Double, "v")]);
        object?[] result = Assert.Single(Run(op, Context(), schema, rows, batchRows: 1));
        Assert.Equal(1.0, (double)result[0]!, 9);
    }

    [Fact]
    public void SquaresBeyondInt128Fail()
    {
        var schema = new RowSchema([new Field("x", SqlType.BigInt)]);
        List<object?[]> rows = [.. Enumerable.Repeat<object?[]>([long.MaxValue], 40)];
        using var op = new HashAggregateOperator(schema, [], [new AggregateCall(AggregateFunction.VarPop, 0, false, null, SqlType.BigInt, "v")]);
        var error = Assert.Throws<SqlRuntimeException>(() => Run(op, Context(), schema, rows, batchRows: 8));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        Assert.Contains("VAR_POP", error.Message);
    }

    private static List<object?[]> Rows(int seed, int count, int groups)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>(count);
        for (int r = 0; r < count; r++)
        {
            rows.Add(
            [
                random.Next(13) == 0 ? null : random.Next(groups),
                random.Next(9) == 0 ? null : random.Next(-1_000, 1_000),
                random.Next(8) == 0 ? null : Math.Round((random.NextDouble() * 200) + 1e6, 3),
                random.Next(10) == 0 ? null : (Int128)random.Next(-100_000, 100_000),
                random.Next(6) == 0 ? null : random.Next(3) != 0,
            ]);
        }

        return rows;
    }

    private static Dictionary<string, object?[]> Reference(List<object?[]> rows)
    {
        var result = new Dictionary<string, object?[]>();
        foreach (var group in rows.GroupBy(r => Key(r[G])))
        {
            var output = new object?[Calls.Length + 1];
            output[0] = group.First()[G];
            for (int c = 0; c < Calls.Length; c++)
            {
                AggregateCall call = Calls[c];
                IEnumerable<object?[]> kept = call.Filter is { } f ? group.Where(r => r[f] is true) : group;
                var values = kept.Select(r => r[call.Argument!.Value]).Where(v => v is not null).Select(v => v!).ToList();
                if (call.Distinct)
                {
                    values = [.. values.Distinct()];
                }

                output[c + 1] = Expected(call, values);
            }

            result.Add(group.Key, output);
        }

        return result;
    }

    private static object? Expected(AggregateCall call, List<object> values)
    {
        bool sample = call.Function is AggregateFunction.StddevSamp or AggregateFunction.VarSamp;
        bool root = call.Function is AggregateFunction.StddevPop or AggregateFunction.StddevSamp;
        int n = values.Count;
        if (n == 0 || (sample && n == 1))
        {
            return null;
        }

        if (values[0] is int)
        {
            // Exact: n^2 * sum((x - mean)^2) = sum((n*x - S)^2), divided by n^2 * divisor and truncated.
            BigInteger s = values.Aggregate(BigInteger.Zero, (a, v) => a + (int)v);
            BigInteger deviations = values.Aggregate(BigInteger.Zero, (a, v) => a + BigInteger.Pow((n * (BigInteger)(int)v) - s, 2));
            BigInteger variance = deviations / ((BigInteger)n * n * (sample ? n - 1 : n));
            return (int)(root ? (BigInteger)Math.Floor(Math.Sqrt((double)variance)) : variance);
        }

        double[] x = [.. values.Select(v => v is Int128 m ? (double)m / 100 : (double)v)];
        double mean = x.Average();
        double result = x.Sum(v => (v - mean) * (v - mean)) / (sample ? n - 1 : n);
        return root ? Math.Sqrt(result) : result;
    }

    private static bool Close(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double e, double a) => Math.Abs(e - a) <= 1e-6 * Math.Max(1, Math.Abs(e)),
        (double e, Int128 a) => Math.Abs(e - ((double)a / 1e6)) <= 1e-6 * Math.Max(1, Math.Abs(e)),
        _ => Equals(expected, actual),
    };

    private static string Key(object? value) => value?.ToString() ?? "NULL";
}
