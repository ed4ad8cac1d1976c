using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators;

/// <summary>SESSION windows against a LINQ reference that walks each key's rows in time order.</summary>
public sealed class SessionWindowOperatorTests : OperatorTest
{
    private static readonly RowSchema Input = new(
    [
        new Field("k", SqlType.Int),
        new Field("id", SqlType.BigInt.WithNullable(false)),
        new Field("ts", SqlType.Timestamp),
        new Field("s", SqlType.Varchar),
    ]);

    public static TheoryData<int, int, long, long> Cases => new()
    {
        // seed, keys (0 = no partition keys), gap, budget
        { 1, 5, 100, long.MaxValue },
        { 2, 40, 30, long.MaxValue },
        { 3, 0, 50, long.MaxValue },
        { 4, 300, 500, long.MaxValue },
        { 5, 60, 100, 8_000 },
        { 6, 0, 5, 8_000 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RowsGetTheirSessionLikeTheReference(int seed, int keys, long gap, long budget)
    {
        List<object?[]> rows = Rows(seed, 2_500, Math.Max(keys, 1), gap);
        int[] partition = keys == 0 ? [] : [0];
        OperatorContext context = Context(budgetBytes: budget, batchRows: 128);
        using var op = new SessionWindowOperator(Input, partition, 2, gap);
        List<object?[]> actual = Run(op, context, Input, rows, batchRows: 101, withSelections: true, seed: seed);
        Dictionary<long, object?[]> expected = Reference(rows, partition.Length > 0, gap);
        Assert.Equal(expected.Count, actual.Count);
        foreach (object?[] row in actual)
        {
            Assert.Equal(expected[(long)row[1]!], row);
        }

        Assert.Equal(rows.Count(r => r[2] is null), context.Metrics.DroppedRows);
        Assert.Equal(budget != long.MaxValue, context.Metrics.SpilledBytes > 0);
    }

    [Fact]
    public void RowsExactlyOneGapApartShareASession()
    {
        List<object?[]> rows = [[1, 0L, 1_000L, "a"], [1, 1L, 1_010L, "b"], [1, 2L, 1_021L, "c"], [2, 3L, 1_010L, "d"], [1, 4L, null, "e"]];
        using var op = new SessionWindowOperator(Input, [0], 2, 10);
        List<object?[]> actual = Run(op, Context(), Input, rows, batchRows: 2);
        Assert.Equal(
            [
                [1, 0L, 1_000L, "a", 1_000L, 1_020L, 1_019L],
                [1, 1L, 1_010L, "b", 1_000L, 1_020L, 1_019L],
                [1, 2L, 1_021L, "c", 1_021L, 1_031L, 1_030L],
                [2, 3L, 1_010L, "d", 1_010L, 1_020L, 1_019L],
            ],
            actual.OrderBy(r => (long)r[1]!).ToList());
    }

    [Fact]
    public void EmptyInputEmitsNothing()
    {
        using var op = new SessionWindowOperator(Input, [0], 2, 10);
        Assert.Empty(Run(op, Context(), Input, [], batchRows: 10));
    }

    private static List<object?[]> Rows(int seed, int count, int keys, long gap)
    {
        var random = new Random(seed);
        var rows = new List<object?[]>(count);
        for (int i = 0; i < count; i++)
        {
            // Times in bursts: most steps are within the gap, some exactly the gap, some far beyond it.
            long ts = (random.Next(40) * gap * 7) + random.Next(3) switch
            {
                0 => random.Next((int)gap * 3),
                1 => random.Next(4) * gap,
                _ => random.Next((int)gap),
            };
            rows.Add(
            [
                random.Next(15) == 0 ? null : random.Next(keys),
                (long)i,
                random.Next(20) == 0 ? null : ts,
                random.Next(6) == 0 ? null : $"v{random.Next(100)}",
            ]);
        }

        return rows;
    }

    private static Dictionary<long, object?[]> Reference(List<object?[]> rows, bool partitioned, long gap)
    {
        var result = new Dictionary<long, object?[]>();
        foreach (var group in rows.Where(r => r[2] is not null).GroupBy(r => partitioned ? r[0]?.ToString() ?? "NULL" : string.Empty))
        {
            List<object?[]> sorted = [.. group.OrderBy(r => (long)r[2]!)];
            int first = 0;
            for (int i = 1; i <= sorted.Count; i++)
            {
                if (i < sorted.Count && (long)sorted[i][2]! - (long)sorted[i - 1][2]! <= gap)
                {
                    continue;
                }

                long start = (long)sorted[first][2]!;
                long end = (long)sorted[i - 1][2]! + gap;
                for (int j = first; j < i; j++)
                {
                    result.Add((long)sorted[j][1]!, [.. sorted[j], start, end, end - 1]);
                }

                first = i;
            }
        }

        return result;
    }
}
