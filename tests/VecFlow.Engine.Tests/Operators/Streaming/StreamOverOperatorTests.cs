using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Over;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

public sealed class StreamOverOperatorTests : EngineTest
{
    private const int Id = 0;
    private const int Part = 1;
    private const int Value = 2;

    private static readonly RowSchema Input = new(
    [
        new Field("id", SqlType.BigInt),
        new Field("part", SqlType.Int),
        new Field("v", SqlType.Int),
        new Field("s", SqlType.Varchar),
    ]);

    private static readonly OverCall[] Calls =
    [
        new(AggregateFunction.Sum, Value, SqlType.Int, "sum_rows_2", new OverFrame(OverFrameUnit.Rows, 2)),
        new(AggregateFunction.CountStar, null, SqlType.BigInt.WithNullable(false), "count_unbounded", new OverFrame(OverFrameUnit.Rows, null)),
        new(AggregateFunction.Max, Value, SqlType.Int, "max_range", new OverFrame(OverFrameUnit.Range, null)),
        new(OverFunction.RowNumber, null, SqlType.BigInt.WithNullable(false), "rn", new OverFrame(OverFrameUnit.Rows, null)),
        new(OverFunction.Rank, null, SqlType.BigInt.WithNullable(false), "rk", new OverFrame(OverFrameUnit.Rows, null)),
        new(OverFunction.Lag, Id, SqlType.BigInt, "lag_id", new OverFrame(OverFrameUnit.Rows, null)),
        new(OverFunction.Lead, Id, SqlType.BigInt, "lead_id", new OverFrame(OverFrameUnit.Rows, null)),
    ];

    public StreamOverOperatorTests()
    {
        Pool.TrackRentSites = false;
    }

    [Theory]
    [InlineData("heap", true, true)]
    [InlineData("rocksdb", true, true)]
    [InlineData("heap", false, true)]
    [InlineData("heap", true, false)]
    [InlineData("rocksdb", false, false)]
    public void A_random_changelog_materializes_to_the_batch_over_result_of_its_net_input(string backend, bool updating, bool partitioned)
    {
        var random = new Random((updating ? 1 : 2) + (partitioned ? 10 : 20) + backend.Length);
        int[] partition = partitioned ? [Part] : [];

        // ORDER BY v alone has ties: they must break by arrival, as the batch operator breaks them by input order.
        SortKey[] order = [SortKey.Ascending(Value)];
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamOverOperator(Input, partition, order, Calls);
        op.Open(StreamContext(state));
        var changelog = new MaterializedChangelog();
        var present = new List<object?[]>();
        long nextId = 0;
        for (int b = 0; b < 25; b++)
        {
            op.Process(0, RandomChanges(random, present, updating, ref nextId), changelog);
        }

        op.ProcessWatermark(long.MaxValue, changelog);
        op.EndInput(0, changelog);

        Assert.Equal(MaterializedChangelog.Lines(BatchResult(partition, order, present)), changelog.Lines());
        Assert.Equal(present.Count, changelog.Lines().Count);
        Assert.Equal(Input.Count + Calls.Length, op.OutputSchema.Count);
    }

    [Fact]
    public void A_running_count_matches_a_linq_count_of_the_rows_before_each_row()
    {
        using IKeyedStateBackend state = Backend("heap");
        OverCall[] calls = [Calls[1]];
        using var op = new StreamOverOperator(Input, [Part], [SortKey.Ascending(Id)], calls);
        op.Open(StreamContext(state));
        var changelog = new MaterializedChangelog();
        var random = new Random(3);
        var present = new List<object?[]>();
        long nextId = 0;
        for (int b = 0; b < 10; b++)
        {
            op.Process(0, RandomChanges(random, present, true, ref nextId), changelog);
        }

        var expected = present.Select(r => (object?[])[.. r, (long)present.Count(o => Equals(o[Part], r[Part]) && (long)o[Id]! <= (long)r[Id]!)]);
        Assert.Equal(MaterializedChangelog.Lines(expected), changelog.Lines());
    }

    private List<object?[]> BatchResult(int[] partition, SortKey[] order, List<object?[]> rows)
    {
        using var op = new OverAggregateOperator(Input, partition, order, Calls);
        var output = new CollectingOutput();
        op.Open(Context());
        if (rows.Count > 0)
        {
            op.Process(0, Batch(Input, [.. rows]), output);
        }

        op.EndInput(0, output);
        return output.TakeRows();
    }

    private IKeyedStateBackend Backend(string kind, string name = "rocks") => kind == "heap"
        ? new HeapKeyedStateBackend(KeyGroupAssignment.RangeOf(0, 128, 1))
        : new RocksDbKeyedStateBackend(Path.Combine(Directory, name), KeyGroupAssignment.RangeOf(0, 128, 1), new StateBackendOptions { WriteCacheBytes = 32 << 10 });

    private OperatorContext StreamContext(IKeyedStateBackend state) =>
        new(Pool, MemoryBudget.Unlimited, Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = 50 };

    private ColumnBatch WithKinds(ColumnBatch plain, RowKind[] kinds, Selection? selection)
    {
        using (plain)
        {
            ColumnVector rowKinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [.. kinds.Select(k => (sbyte)k)], Pool);
            return new ColumnBatch(plain.Names, [.. plain.Columns.Select(c => c.Share())], plain.Length, selection, rowKinds);
        }
    }

    /// <summary>A batch of random changes: inserts of new rows and, for an updating input, retractions (-D or -U/+U) of present ones; some rows not selected.</summary>
    private ColumnBatch RandomChanges(Random random, List<object?[]> present, bool updating, ref long nextId)
    {
        int n = random.Next(1, 120);
        var rows = new List<object?[]>();
        var kinds = new List<RowKind>();
        var selected = new List<bool>();
        bool withSelection = random.Next(4) == 0;
        var pending = new List<object?[]>(present);
        while (rows.Count < n)
        {
            bool keep = !withSelection || random.Next(5) != 0;
            if (updating && pending.Count > 0 && random.Next(100) < 35)
            {
                object?[] old = pending[random.Next(pending.Count)];
                pending.Remove(old);
                bool update = random.Next(2) == 0;
                rows.Add(old);
                kinds.Add(update ? RowKind.UpdateBefore : RowKind.Delete);
                selected.Add(keep);
                if (keep)
                {
                    present.Remove(old);
                }
                else
                {
                    pending.Add(old);
                }

                if (update)
                {
                    object?[] fresh = RandomRow(random, nextId++);
                    rows.Add(fresh);
                    kinds.Add(RowKind.UpdateAfter);
                    selected.Add(keep);
                    if (keep)
                    {
                        present.Add(fresh);
                    }
                }
            }
            else
            {
                object?[] fresh = RandomRow(random, nextId++);
                rows.Add(fresh);
                kinds.Add(RowKind.Insert);
                selected.Add(keep);
                if (keep)
                {
                    present.Add(fresh);
                    pending.Add(fresh);
                }
            }
        }

        Selection? selection = withSelection ? Selection.FromIndices([.. Enumerable.Range(0, rows.Count).Where(i => selected[i])], rows.Count, Pool) : null;
        return WithKinds(Batch(Input, [.. rows]), [.. kinds], selection);
    }

    private static object?[] RandomRow(Random random, long id) =>
    [
        id,
        random.Next(20) == 0 ? null : random.Next(6),
        random.Next(10) == 0 ? null : random.Next(-20, 20),
        random.Next(10) == 0 ? null : "s" + random.Next(5),
    ];

}
