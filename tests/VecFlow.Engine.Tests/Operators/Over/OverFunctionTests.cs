using System.Numerics;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Over;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Tests.Operators.Sort;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Over;

/// <summary>LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTILE and the variance family over windows, against LINQ per partition.</summary>
public sealed class OverFunctionTests : OperatorTest
{
    private const int P = 0;
    private const int Id = 1;
    private const int I = 2;
    private const int D = 3;
    private const int S = 4;
    private const int M = 5;
    private const int DefaultD = 6;

    /// <summary>(p INT, id BIGINT NOT NULL, i INT, d DOUBLE, s STRING, m DECIMAL(12, 2), dflt DOUBLE): id is unique.</summary>
    private static readonly RowSchema Input = new(
    [
        new Field("p", SqlType.Int),
        new Field("id", SqlType.BigInt.WithNullable(false)),
        new Field("i", SqlType.Int),
        new Field("d", SqlType.Double),
        new Field("s", SqlType.Varchar),
        new Field("m", SqlType.Decimal(12, 2)),
        new Field("dflt", SqlType.Double),
    ]);

    public static TheoryData<string, long> Frames => new()
    {
        { "rows 0", long.MaxValue },
        { "rows 2", long.MaxValue },
        { "rows 70", long.MaxValue },
        { "rows unbounded", long.MaxValue },
        { "range unbounded", long.MaxValue },
        { "rows 3", 6_000 },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void PickingFunctionsMatchTheReference(string frameSpec, long budget)
    {
        OverFrame frame = Frame(frameSpec);
        List<OverCall> calls =
        [
            new(OverFunction.Lag, D, SqlType.Double, "lag_d", frame),
            new(OverFunction.Lag, S, SqlType.Varchar, "lag3_s", frame, Offset: 3),
            new(OverFunction.Lead, D, SqlType.Double, "lead2_d_dflt", frame, Offset: 2, Default: DefaultD),
            new(OverFunction.Lead, M, SqlType.Decimal(12, 2), "lead0_m", frame, Offset: 0),
            new(OverFunction.FirstValue, S, SqlType.Varchar, "first_s", frame),
            new(OverFunction.LastValue, D, SqlType.Double, "last_d", frame),
            new(OverFunction.FirstValue, M, SqlType.Decimal(12, 2), "first_m", frame),
            new(OverFunction.Ntile, null, SqlType.BigInt.WithNullable(false), "ntile4", frame, Offset: 4),
            new(OverFunction.Ntile, null, SqlType.BigInt.WithNullable(false), "ntile50", frame, Offset: 50),
        ];
        Check(calls, frame, budget, seed: frameSpec.Length);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void VarianceFamilyMatchesTheReference(string frameSpec, long budget)
    {
        OverFrame frame = Frame(frameSpec);
        List<OverCall> calls =
        [
            new(AggregateFunction.VarPop, I, SqlType.Int, "var_pop_i", frame),
            new(AggregateFunction.StddevSamp, I, SqlType.Int, "stddev_samp_i", frame),
            new(AggregateFunction.StddevPop, D, SqlType.Double, "stddev_pop_d", frame),
            new(AggregateFunction.VarSamp, D, SqlType.Double, "var_samp_d", frame),
            new(AggregateFunction.StddevSamp, M, SqlType.Decimal(38, 6), "stddev_samp_m", frame),
        ];
        Check(calls, frame, budget, seed: 100 + frameSpec.Length);
    }

    [Fact]
    public void LagOfAnEmptyInputEmitsNothing()
    {
        using var op = new OverAggregateOperator(Input, [P], [SortKey.Ascending(Id)], [new OverCall(OverFunction.Lag, D, SqlType.Double, "x", OverFrame.RowsUnboundedPreceding)]);
        Assert.Empty(Run(op, Context(), Input, [], batchRows: 10));
    }

    [Fact]
    public void DefaultOfAnotherTypeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new OverAggregateOperator(Input, [P], [SortKey.Ascending(Id)], [new OverCall(OverFunction.Lag, D, SqlType.Double, "x", OverFrame.RowsUnboundedPreceding, 1, S)]));
    }

    private void Check(List<OverCall> calls, OverFrame frame, long budget, int seed)
    {
        List<object?[]> rows = Rows(seed, 1_200);
        List<SortKey> order = [SortKey.Ascending(Id)];
        OperatorContext context = Context(budgetBytes: budget, batchRows: 128);
        using var op = new OverAggregateOperator(Input, [P], order, calls);
        List<object?[]> actual = Run(op, context, Input, rows, batchRows: 89, withSelections: true, seed: seed);
        Dictionary<long, object?[]> expected = Reference(rows, calls, frame);
        Assert.Equal(rows.Count, actual.Count);
        foreach (object?[] row in actual)
        {
            object?[] want = expected[(long)row[Id]!];
            for (int c = Input.Count; c < row.Length; c++)
            {
                if (!Close(want[c], row[c]))
                {
                    Assert.Fail($"id {row[Id]}, {calls[c - Input.Count].Name}: expected {Show([[want[c]]])}, got {Show([[row[c]]])}");
                }
            }
        }

        Assert.Equal(budget != long.MaxValue, context.Metrics.SpilledBytes > 0);
    }

    private static List<object?[]> Rows(int seed, int count)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>(count);
        foreach (int id in Enumerable.Range(0, count).OrderBy(_ => random.Next()))
        {
            rows.Add(
            [
                random.Next(11) == 0 ? null : random.Next(7),
                (long)id,
                random.Next(6) == 0 ? null : random.Next(-50, 50),
                random.Next(5) == 0 ? null : random.Next(3) == 0 ? 42.5 : Math.Round(random.NextDouble() * 100, 2),
                random.Next(4) == 0 ? null : SortTestData.Words[random.Next(SortTestData.Words.Length)],
                random.Next(5) == 0 ? null : (Int128)random.Next(-10_000, 10_000),
                random.Next(3) == 0 ? null : -1.0 - random.Next(5),
            ]);
        }

        return rows;
    }

    private static Dictionary<long, object?[]> Reference(List<object?[]> rows, List<OverCall> calls, OverFrame frame)
    {
        var result = new Dictionary<long, object?[]>();
        foreach (var group in rows.GroupBy(r => r[P]?.ToString() ?? "NULL"))
        {
            List<object?[]> sorted = [.. group.OrderBy(r => (long)r[Id]!)];
            for (int i = 0; i < sorted.Count; i++)
            {
                // ORDER BY id is unique, so RANGE UNBOUNDED and ROWS UNBOUNDED frames are the same rows.
                int start = frame.Preceding is { } n ? (int)Math.Max(0, i - n) : 0;
                List<object?[]> rowsOfFrame = sorted[start..(i + 1)];
                object?[] output = [.. sorted[i], .. calls.Select(call => Value(call, sorted, i, rowsOfFrame))];
                result.Add((long)sorted[i][Id]!, output);
            }
        }

        return result;
    }

    private static object? Value(OverCall call, List<object?[]> partition, int i, List<object?[]> frame)
    {
        switch (call.Function)
        {
            case OverFunction.Lag or OverFunction.Lead:
                {
                    long target = call.Function == OverFunction.Lag ? i - call.Offset : i + call.Offset;
                    return target >= 0 && target < partition.Count ? partition[(int)target][call.Argument!.Value]
                        : call.Default is { } d ? partition[i][d] : null;
                }

            case OverFunction.FirstValue:
                return frame.Select(r => r[call.Argument!.Value]).FirstOrDefault(v => v is not null);
            case OverFunction.LastValue:
                return frame.Select(r => r[call.Argument!.Value]).LastOrDefault(v => v is not null);
            case OverFunction.Ntile:
                {
                    // Deal rows into buckets the way a card dealer would not: consecutively, bigger buckets first.
                    int size = partition.Count;
                    int buckets = (int)call.Offset;
                    int[] sizes = [.. Enumerable.Range(0, buckets).Select(b => (size / buckets) + (b < size % buckets ? 1 : 0))];
                    int seen = 0;
                    for (int b = 0; b < buckets; b++)
                    {
                        seen += sizes[b];
                        if (i < seen)
                        {
                            return (long)(b + 1);
                        }
                    }

                    throw new InvalidOperationException("row beyond the last bucket");
                }

            default:
                return Moments(call, frame.Select(r => r[call.Argument!.Value]).Where(v => v is not null).Select(v => v!).ToList());
        }
    }

    private static object? Moments(OverCall call, List<object> values)
    {
        bool sample = call.Function is OverFunction.StddevSamp or OverFunction.VarSamp;
        bool root = call.Function is OverFunction.StddevPop or OverFunction.StddevSamp;
        int n = values.Count;
        if (n == 0 || (sample && n == 1))
        {
            return null;
        }

        if (values[0] is int)
        {
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

    private static OverFrame Frame(string spec)
    {
        string[] words = spec.Split(' ');
        OverFrameUnit unit = words[0] == "rows" ? OverFrameUnit.Rows : OverFrameUnit.Range;
        return new OverFrame(unit, words[1] == "unbounded" ? null : decimal.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool Close(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double e, double a) => Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)),
        (double e, Int128 a) => Math.Abs(e - ((double)a / 1e6)) <= 1e-6 * Math.Max(1, Math.Abs(e)),
        _ => Equals(expected, actual),
    };
}
