using System.Globalization;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.State.Timers;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>The streaming window join against a LINQ join of the same rows, per join kind, with watermarks between batches.</summary>
public sealed class StreamWindowJoinOperatorTests : EngineTest
{
    private const long Size = 1_000;

    private static readonly RowSchema Left = new([
        new Field("k", SqlType.BigInt),
        new Field("ws", SqlType.Timestamp.WithNullable(false)),
        new Field("we", SqlType.Timestamp.WithNullable(false)),
        new Field("v", SqlType.Varchar),
    ]);

    private static readonly RowSchema Right = new([
        new Field("k", SqlType.BigInt),
        new Field("ws", SqlType.Timestamp.WithNullable(false)),
        new Field("we", SqlType.Timestamp.WithNullable(false)),
        new Field("w", SqlType.BigInt),
    ]);

    private static readonly int[] Keys = [0, 1, 2];

    [Fact]
    public void A_window_joins_when_the_watermark_passes_its_end_and_late_rows_are_dropped()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamWindowJoinOperator(JoinKind.Inner, Left, Right, Keys, Keys, null, 2, 2);
        OperatorContext context = Context(state);
        op.Open(context);
        var output = new CollectingOutput();
        op.Process(0, Batch(Left, L(1, 0, "a"), L(2, 0, "b"), L(1, 1_000, "c")), output);
        op.Process(1, Batch(Right, R(1, 0, 10), R(1, 0, 11), R(3, 0, 30), R(1, 1_000, 12)), output);

        op.ProcessWatermark(998, output);
        Assert.Empty(output.TakeRows());
        op.ProcessWatermark(999, output);
        Assert.Equal(["1|0|1000|a|1|0|1000|10", "1|0|1000|a|1|0|1000|11"], Text(output.TakeRows()));

        // The first window fired: a row of it is late now; the second window still takes rows.
        op.Process(1, Batch(Right, R(1, 0, 13), R(1, 1_000, 14)), output);
        Assert.Equal(1, context.Metrics.DroppedRows);
        op.ProcessWatermark(long.MaxValue, output);
        Assert.Equal(["1|1000|2000|c|1|1000|2000|12", "1|1000|2000|c|1|1000|2000|14"], Text(output.TakeRows()));
        Assert.Equal(0, state.Timers.Count(TimeDomain.EventTime));
        Assert.Equal(4, context.Metrics.RowsOut);
    }

    [Theory]
    [InlineData(JoinKind.Inner, "heap", 1)]
    [InlineData(JoinKind.Left, "heap", 2)]
    [InlineData(JoinKind.Right, "rocksdb", 3)]
    [InlineData(JoinKind.Full, "rocksdb", 4)]
    [InlineData(JoinKind.Semi, "heap", 5)]
    [InlineData(JoinKind.Anti, "heap", 6)]
    public void Every_join_kind_gives_the_join_of_all_rows_per_window(JoinKind kind, string backend, int seed)
    {
        var random = new Random(seed);
        var left = new List<object?[]>();
        var right = new List<object?[]>();
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamWindowJoinOperator(kind, Left, Right, Keys, Keys, null, 2, 2);
        op.Open(Context(state, batchRows: 7));
        var output = new CollectingOutput();
        var streamed = new List<object?[]>();
        long watermark = -1;
        for (int b = 0; b < 40; b++)
        {
            // Rows of the three windows from the watermark on, so none is late; some keys NULL.
            long first = (watermark + 1) / Size * Size;
            var rows = new List<object?[]>();
            for (int i = random.Next(0, 12); i > 0; i--)
            {
                long start = first + (random.Next(3) * Size);
                long? key = random.Next(10) == 0 ? null : random.Next(5);
                rows.Add(random.Next(2) == 0 ? L(key, start, $"v{left.Count}") : R(key, start, right.Count));
            }

            List<object?[]> lefts = [.. rows.Where(r => r[3] is string)];
            List<object?[]> rights = [.. rows.Where(r => r[3] is long)];
            left.AddRange(lefts);
            right.AddRange(rights);
            op.Process(0, Batch(Left, [.. lefts]), output);
            op.Process(1, Batch(Right, [.. rights]), output);
            watermark += random.Next(0, 700);
            op.ProcessWatermark(watermark, output);
            streamed.AddRange(output.TakeRows());
        }

        op.ProcessWatermark(long.MaxValue, output);
        streamed.AddRange(output.TakeRows());

        Assert.Equal(Text(Reference(kind, left, right)), Text(streamed));
        Assert.Equal(0, state.Timers.Count(TimeDomain.EventTime));
    }

    private static IEnumerable<object?[]> Reference(JoinKind kind, List<object?[]> left, List<object?[]> right)
    {
        static bool Match(object?[] l, object?[] r) => l[0] is not null && Equals(l[0], r[0]) && Equals(l[1], r[1]) && Equals(l[2], r[2]);
        object?[] nulls = [null, null, null, null];
        var rows = new List<object?[]>();
        foreach (object?[] l in left)
        {
            List<object?[]> matches = [.. right.Where(r => Match(l, r))];
            switch (kind)
            {
                case JoinKind.Semi when matches.Count > 0:
                case JoinKind.Anti when matches.Count == 0:
                    rows.Add(l);
                    break;
                case JoinKind.Semi or JoinKind.Anti:
                    break;
                default:
                    rows.AddRange(matches.Select(r => (object?[])[.. l, .. r]));
                    if (matches.Count == 0 && kind is JoinKind.Left or JoinKind.Full)
                    {
                        rows.Add([.. l, .. nulls]);
                    }

                    break;
            }
        }

        if (kind is JoinKind.Right or JoinKind.Full)
        {
            rows.AddRange(right.Where(r => !left.Any(l => Match(l, r))).Select(r => (object?[])[.. nulls, .. r]));
        }

        return rows;
    }

    private static object?[] L(long? key, long start, string value) => [key, start, start + Size, value];

    private static object?[] R(long? key, long start, long value) => [key, start, start + Size, value];

    private IKeyedStateBackend Backend(string kind)
    {
        KeyGroupRange range = KeyGroupAssignment.RangeOf(0, 128, 1);
        return kind == "heap"
            ? new HeapKeyedStateBackend(range)
            : new RocksDbKeyedStateBackend(Path.Combine(Directory, "rocksdb-" + Guid.NewGuid().ToString("N")[..8]), range);
    }

    private OperatorContext Context(IKeyedStateBackend state, int batchRows = 65_536) =>
        new(Pool, new MemoryBudget(long.MaxValue), Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = batchRows };

    private static List<string> Text(IEnumerable<object?[]> rows) =>
        [.. rows.Select(r => string.Join('|', r.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
}
