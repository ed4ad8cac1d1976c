using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators;

public sealed class WindowTableFunctionOperatorTests : EngineTest
{
    private static readonly RowSchema Input = new([new Field("id", SqlType.BigInt), new Field("name", SqlType.Varchar), new Field("ts", SqlType.Timestamp)]);

    public static TheoryData<string, long, long, long> Windows => new()
    {
        // kind, size, step (slide for HOP), offset
        { "tumble", 10_000, 10_000, 0 },
        { "tumble", 7, 7, 3 },
        { "tumble", 60_000, 60_000, -15_000 },
        { "tumble", 1_000, 1_000, 1_000_003 },
        { "hop", 10_000, 2_500, 0 },
        { "hop", 9, 4, -2 },
        { "hop", 5, 5, 1 },
        { "hop", 3, 10, 0 },
        { "cumulate", 12_000, 3_000, 0 },
        { "cumulate", 10, 1, -4 },
        { "cumulate", 20, 20, 7 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Rows_get_the_windows_a_brute_force_enumeration_finds(string kind, long size, long step, long offset)
    {
        WindowTableFunction window = kind switch
        {
            "tumble" => WindowTableFunction.Tumble(2, size, offset),
            "hop" => WindowTableFunction.Hop(2, step, size, offset),
            _ => WindowTableFunction.Cumulate(2, step, size, offset),
        };
        var random = new Random((int)(size + step + offset));
        OperatorContext context = Context(batchRows: 97);
        using var op = new WindowTableFunctionOperator(Input, window);
        var output = new CollectingOutput();
        op.Open(context);
        var expected = new List<object?[]>();
        long dropped = 0;
        for (int b = 0; b < 12; b++)
        {
            int n = random.Next(0, 60);
            object?[][] rows = [.. Enumerable.Range(0, n).Select(i => Row(random, b * 100 + i, size))];
            ColumnBatch batch = Batch(Input, rows);
            IEnumerable<object?[]> live = rows;
            if (b % 2 == 1)
            {
                int[] keep = [.. Enumerable.Range(0, n).Where(_ => random.Next(3) > 0)];
                live = keep.Select(i => rows[i]);
                ColumnBatch selected = batch.WithSelection(Selection.FromIndices(keep, n, Pool));
                batch.Dispose();
                batch = selected;
            }

            foreach (object?[] row in live)
            {
                if (row[2] is not long ts)
                {
                    dropped++;
                    continue;
                }

                foreach ((long start, long end) in BruteForce(kind, ts, size, step, offset))
                {
                    expected.Add([.. row, start, end, end - 1]);
                }
            }

            op.Process(0, batch, output);
        }

        op.EndInput(0, output);
        Assert.True(output.BatchCount >= (expected.Count + 96) / 97);
        List<object?[]> actual = output.TakeRows();
        var missing = expected.Select(r => string.Join(",", r)).Except(actual.Select(r => string.Join(",", r))).Take(5).ToList();
        var extra = actual.Select(r => string.Join(",", r)).Except(expected.Select(r => string.Join(",", r))).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"missing {string.Join(" ; ", missing)} extra {string.Join(" ; ", extra)}");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }

        Assert.Equal(dropped, context.Metrics.DroppedRows);
        Assert.Equal(expected.Count, context.Metrics.RowsOut);
    }

    [Fact]
    public void Boundaries_align_to_the_epoch_plus_offset_also_before_1970()
    {
        Assert.Equal([(-10_000L, 0L)], Assign(WindowTableFunction.Tumble(2, 10_000), -1));
        Assert.Equal([(-10_000L, 0L)], Assign(WindowTableFunction.Tumble(2, 10_000), -10_000));
        Assert.Equal([(0L, 10_000L)], Assign(WindowTableFunction.Tumble(2, 10_000), 0));
        Assert.Equal([(0L, 10_000L)], Assign(WindowTableFunction.Tumble(2, 10_000), 9_999));
        Assert.Equal([(-7_000L, 3_000L)], Assign(WindowTableFunction.Tumble(2, 10_000, 3_000), 2_999));
        Assert.Equal([(3_000L, 13_000L)], Assign(WindowTableFunction.Tumble(2, 10_000, -7_000), 3_000));
        Assert.Equal([(-15L, -5L), (-10L, 0L)], Assign(WindowTableFunction.Hop(2, 5, 10), -6));
        Assert.Equal([(-10L, 0L), (-5L, 5L)], Assign(WindowTableFunction.Hop(2, 5, 10), -5));
        Assert.Equal([(-10L, -8L), (-10L, -6L), (-10L, -4L), (-10L, -2L), (-10L, 0L)], Assign(WindowTableFunction.Cumulate(2, 2, 10), -10));
        Assert.Equal([(-10L, 0L)], Assign(WindowTableFunction.Cumulate(2, 2, 10), -1));
    }

    [Fact]
    public void Window_columns_are_typed_like_flink_and_an_ltz_time_keeps_its_type()
    {
        var ltz = new RowSchema([new Field("ts", SqlType.TimestampLtz)]);
        using var op = new WindowTableFunctionOperator(ltz, WindowTableFunction.Tumble(0, 1_000));
        Assert.Equal(["ts", "window_start", "window_end", "window_time"], op.OutputSchema.Names);
        Assert.Equal(SqlType.Timestamp.WithNullable(false), op.OutputSchema[1].Type);
        Assert.Equal(SqlType.Timestamp.WithNullable(false), op.OutputSchema[2].Type);
        Assert.Equal(SqlType.TimestampLtz.WithNullable(false), op.OutputSchema[3].Type);

        var output = new CollectingOutput();
        op.Open(Context());
        op.Process(0, Batch(ltz, [1_500L]), output);
        Assert.Equal([[1_500L, 1_000L, 2_000L, 1_999L]], output.TakeRows());
    }

    [Fact]
    public void Invalid_windows_and_time_columns_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WindowTableFunctionOperator(Input, WindowTableFunction.Cumulate(2, 3, 10)));
        Assert.Throws<ArgumentException>(() => new WindowTableFunctionOperator(Input, WindowTableFunction.Tumble(2, 0)));
        Assert.Throws<ArgumentException>(() => new WindowTableFunctionOperator(Input, WindowTableFunction.Hop(2, -1, 10)));
        Assert.Throws<ArgumentException>(() => new WindowTableFunctionOperator(Input, WindowTableFunction.Hop(2, 1, 10_000_000)));
        Assert.Throws<ArgumentException>(() => new WindowTableFunctionOperator(Input, WindowTableFunction.Tumble(0, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowTableFunctionOperator(Input, WindowTableFunction.Tumble(5, 10)));
    }

    private List<(long Start, long End)> Assign(WindowTableFunction window, long ts)
    {
        using var op = new WindowTableFunctionOperator(Input, window);
        var output = new CollectingOutput();
        op.Open(Context());
        op.Process(0, Batch(Input, [1L, "a", ts]), output);
        return [.. output.TakeRows().Select(r => ((long)r[3]!, (long)r[4]!))];
    }

    private static object?[] Row(Random random, long id, long size)
    {
        // Times cluster around the epoch (both signs) and around a far timestamp, so boundaries and negatives are hit.
        long ts = random.Next(4) switch
        {
            0 => random.NextInt64(-3 * size, 3 * size),
            1 => 1_700_000_000_000L + random.NextInt64(-2 * size, 2 * size),
            2 => -86_400_000L * 365 * 30 + random.NextInt64(-2 * size, 2 * size),
            _ => random.NextInt64(-5, 5) * size,
        };
        return [id, random.Next(5) == 0 ? null : "n" + id, random.Next(8) == 0 ? null : ts];
    }

    /// <summary>Every window of the family, found by walking all candidate starts: no modular arithmetic to share a bug with.</summary>
    private static IEnumerable<(long Start, long End)> BruteForce(string kind, long ts, long size, long step, long offset)
    {
        long period = kind == "hop" ? step : size;

        // A start of the family: offset + k * period for some integer k; walk from well below ts upward.
        long anchor = offset + ((ts - offset) / period * period) - (period * ((size / period) + 2));
        for (long start = anchor; start <= ts; start += period)
        {
            if (kind == "cumulate")
            {
                for (long end = start + step; end <= start + size; end += step)
                {
                    if (ts >= start && ts < end)
                    {
                        yield return (start, end);
                    }
                }
            }
            else if (ts >= start && ts < start + size)
            {
                yield return (start, start + size);
            }
        }
    }
}
