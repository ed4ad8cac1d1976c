using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

public sealed class StreamRankOperatorTests : EngineTest
{
    private const int Id = 0;
    private const int Part = 1;
    private const int Value = 2;
    private const int Text = 3;

    private static readonly RowSchema Input = new(
    [
        new Field("id", SqlType.BigInt),
        new Field("part", SqlType.Int),
        new Field("v", SqlType.Int),
        new Field("s", SqlType.Varchar),
    ]);

    public StreamRankOperatorTests()
    {
        Pool.TrackRentSites = false;
    }

    public static TheoryData<string, bool, bool, long, long, bool> Cases => new()
    {
        // backend, updating input, output rank, rank start, rank end, order with ties (v only) instead of (v DESC, id)
        { "heap", true, true, 1, 3, false },
        { "rocksdb", true, true, 1, 3, false },
        { "heap", true, false, 1, 1, false },
        { "heap", true, true, 2, 4, true },
        { "rocksdb", true, false, 1, 5, true },
        { "heap", true, true, 1, long.MaxValue, false },
        { "heap", false, true, 1, 3, false },
        { "rocksdb", false, false, 1, 1, true },
        { "heap", false, true, 3, 6, true },
        { "heap", false, false, 1, long.MaxValue, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_random_changelog_materializes_to_the_batch_top_n_of_its_net_input(string backend, bool updating, bool outputRank, long start, long end, bool ties)
    {
        var random = new Random((int)(start * 7 + (end % 1000)) + (updating ? 1 : 0) + (outputRank ? 10 : 0) + (ties ? 100 : 0) + backend.Length);
        SortKey[] order = ties ? [SortKey.Ascending(Value)] : [SortKey.DescendingOf(Value), SortKey.Ascending(Id)];
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamRankOperator(Input, [Part], order, start, end, outputRank, "rn", updating);
        op.Open(StreamContext(state));
        var changelog = new MaterializedChangelog();
        var present = new List<object?[]>();
        long nextId = 0;
        for (int b = 0; b < 40; b++)
        {
            op.Process(0, RandomChanges(random, present, updating, ref nextId), changelog);
        }

        op.ProcessWatermark(long.MaxValue, changelog);
        op.EndInput(0, changelog);

        Assert.Equal(MaterializedChangelog.Lines(Reference(present, ties, start, end, outputRank)), changelog.Lines());
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Deduplication_keeps_the_first_or_the_last_row_by_time_and_replaces_the_kept_row(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        using var first = new StreamRankOperator(Input, [Part], [SortKey.Ascending(Value)], 1, 1, false, "rn", false);
        using var last = new StreamRankOperator(Input, [Part], [SortKey.DescendingOf(Value)], 1, 1, false, "rn", false);
        first.Open(StreamContext(state));
        using IKeyedStateBackend lastState = Backend(backend, "rocks-last");
        last.Open(StreamContext(lastState));

        Assert.Equal(["+I|1|7|10|a"], Run(first, Row(1, 7, 10, "a")));
        Assert.Equal([], Run(first, Row(2, 7, 12, "b"), Row(3, 7, 10, "c")));
        Assert.Equal(["-D|1|7|10|a", "+I|4|7|9|d"], Run(first, Row(4, 7, 9, "d")));

        Assert.Equal(["+I|1|7|10|a"], Run(last, Row(1, 7, 10, "a")));
        Assert.Equal(["-D|1|7|10|a", "+I|2|7|12|b"], Run(last, Row(2, 7, 12, "b"), Row(3, 7, 10, "c")));
    }

    [Fact]
    public void With_the_row_number_a_new_leader_updates_every_rank_below_it()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamRankOperator(Input, [Part], [SortKey.DescendingOf(Value)], 1, 2, true, "rn", false);
        op.Open(StreamContext(state));

        Assert.Equal(["+I|1|1|5|a|1", "+I|2|1|3|b|2"], Run(op, Row(1, 1, 5, "a"), Row(2, 1, 3, "b")));
        Assert.Equal(
            ["-U|1|1|5|a|1", "+U|3|1|9|c|1", "-U|2|1|3|b|2", "+U|1|1|5|a|2"],
            Run(op, Row(3, 1, 9, "c")));
    }

    [Fact]
    public void A_retraction_into_an_append_only_rank_is_refused()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamRankOperator(Input, [Part], [SortKey.Ascending(Value)], 1, 1, false, "rn", false);
        op.Open(StreamContext(state));
        var error = Assert.Throws<InvalidOperationException>(() => op.Process(0, WithKinds(Batch(Input, Row(1, 1, 1, "a")), [RowKind.Delete], null), new MaterializedChangelog()));
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    private static List<object?[]> Reference(List<object?[]> present, bool ties, long start, long end, bool outputRank)
    {
        var result = new List<object?[]>();
        foreach (IGrouping<string, object?[]> partition in present.GroupBy(r => MaterializedChangelog.Text([r[Part]])))
        {
            // LINQ's OrderBy is stable, so ties keep arrival order, as the batch operator keeps input order.
            IEnumerable<object?[]> sorted = ties
                ? partition.OrderBy(r => r[Value] is null ? 0 : 1).ThenBy(r => r[Value] as int? ?? 0)
                : partition.OrderBy(r => r[Value] is null ? 1 : 0).ThenByDescending(r => r[Value] as int? ?? 0).ThenBy(r => (long)r[Id]!);
            long rank = 0;
            foreach (object?[] row in sorted)
            {
                rank++;
                if (rank >= start && rank <= end)
                {
                    result.Add(outputRank ? [.. row, rank] : row);
                }
            }
        }

        return result;
    }

    private IKeyedStateBackend Backend(string kind, string name = "rocks") => kind == "heap"
        ? new HeapKeyedStateBackend(KeyGroupAssignment.RangeOf(0, 128, 1))
        : new RocksDbKeyedStateBackend(Path.Combine(Directory, name), KeyGroupAssignment.RangeOf(0, 128, 1), new StateBackendOptions { WriteCacheBytes = 32 << 10 });

    private OperatorContext StreamContext(IKeyedStateBackend state) =>
        new(Pool, MemoryBudget.Unlimited, Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = 50 };

    private static object?[] Row(long id, int? part, int? value, string? text) => [id, part, value, text];

    private List<string> Run(StreamRankOperator op, params object?[][] rows)
    {
        var lines = new List<string>();
        op.Process(0, Batch(Input, rows), new KindedLines(lines));
        return lines;
    }

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
        random.Next(20) == 0 ? null : random.Next(12),
        random.Next(10) == 0 ? null : random.Next(-20, 20),
        random.Next(10) == 0 ? null : "s" + random.Next(5),
    ];

    /// <summary>Reads emitted changes back as "kind|values" lines.</summary>
    private sealed class KindedLines(List<string> lines) : IBatchCollector
    {
        public void Collect(ColumnBatch batch)
        {
            using (batch)
            {
                List<object?[]> rows = Rows(batch);
                for (int r = 0; r < batch.Length; r++)
                {
                    lines.Add(batch.RowKindAt(r).ToShortString() + "|" + MaterializedChangelog.Text(rows[r]));
                }
            }
        }
    }
}
