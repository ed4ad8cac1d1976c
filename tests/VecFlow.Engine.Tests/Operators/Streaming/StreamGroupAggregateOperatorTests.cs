using System.Globalization;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

public sealed class StreamGroupAggregateOperatorTests : EngineTest
{
    private const int KInt = 0;
    private const int KStr = 1;
    private const int VInt = 2;
    private const int VBig = 3;
    private const int VDec = 4;
    private const int VDbl = 5;
    private const int VStr = 6;
    private const int Flag = 7;

    private static readonly RowSchema Input = new(
    [
        new Field("k_int", SqlType.Int),
        new Field("k_str", SqlType.Varchar),
        new Field("v_int", SqlType.Int),
        new Field("v_big", SqlType.BigInt),
        new Field("v_dec", SqlType.Decimal(12, 2)),
        new Field("v_dbl", SqlType.Double),
        new Field("v_str", SqlType.Varchar),
        new Field("flag", SqlType.Boolean),
    ]);

    private static readonly SqlType Count = SqlType.BigInt.WithNullable(false);

    private static readonly AggregateCall[] AllCalls =
    [
        new(AggregateFunction.CountStar, null, false, null, Count, "cnt_star"),
        new(AggregateFunction.CountStar, null, false, Flag, Count, "cnt_star_f"),
        new(AggregateFunction.Count, VInt, false, null, Count, "cnt_int"),
        new(AggregateFunction.Count, VInt, true, null, Count, "cnt_d_int"),
        new(AggregateFunction.Count, VStr, true, Flag, Count, "cnt_d_str_f"),
        new(AggregateFunction.Sum, VInt, false, null, SqlType.Int, "sum_int"),
        new(AggregateFunction.Sum, VInt, true, null, SqlType.BigInt, "sum_d_int"),
        new(AggregateFunction.Sum, VBig, false, Flag, SqlType.BigInt, "sum_big_f"),
        new(AggregateFunction.Sum, VDec, false, null, SqlType.Decimal(38, 2), "sum_dec"),
        new(AggregateFunction.Sum, VDec, true, Flag, SqlType.Decimal(38, 2), "sum_d_dec_f"),
        new(AggregateFunction.Sum, VDbl, false, null, SqlType.Double, "sum_dbl"),
        new(AggregateFunction.Min, VInt, false, null, SqlType.Int, "min_int"),
        new(AggregateFunction.Max, VInt, true, Flag, SqlType.Int, "max_d_int_f"),
        new(AggregateFunction.Min, VStr, false, null, SqlType.Varchar, "min_str"),
        new(AggregateFunction.Max, VStr, false, null, SqlType.Varchar, "max_str"),
        new(AggregateFunction.Min, VDec, false, null, SqlType.Decimal(12, 2), "min_dec"),
        new(AggregateFunction.Max, VDbl, false, null, SqlType.Double, "max_dbl"),
        new(AggregateFunction.Min, Flag, false, null, SqlType.Boolean, "min_flag"),
        new(AggregateFunction.Avg, VInt, false, null, SqlType.Int, "avg_int"),
        new(AggregateFunction.Avg, VBig, true, null, SqlType.BigInt, "avg_d_big"),
        new(AggregateFunction.Avg, VDec, false, null, SqlType.Decimal(38, 6), "avg_dec"),
        new(AggregateFunction.Avg, VDbl, false, Flag, SqlType.Double, "avg_dbl_f"),
        new(AggregateFunction.VarPop, VInt, false, null, SqlType.Int, "var_pop_int"),
        new(AggregateFunction.StddevSamp, VBig, true, null, SqlType.BigInt, "stddev_d_big"),
        new(AggregateFunction.StddevSamp, VDec, false, null, SqlType.Decimal(38, 6), "stddev_dec"),
        new(AggregateFunction.VarSamp, VDbl, false, null, SqlType.Double, "var_samp_dbl"),

        // A second DISTINCT over v_int with a FILTER: it shares cnt_d_int's and sum_d_int's value counts.
        new(AggregateFunction.Count, VInt, true, Flag, Count, "cnt_d_int_f"),
    ];

    public StreamGroupAggregateOperatorTests()
    {
        // Every batch rents many small buffers; a stack trace per rent makes the random cases crawl. Leaks still fail.
        Pool.TrackRentSites = false;
    }

    public static TheoryData<string, string, int> Cases => new()
    {
        // backend, group keys, distinct keys
        { "heap", "int", 40 },
        { "rocksdb", "int", 40 },
        { "heap", "str,int", 25 },
        { "rocksdb", "str,int", 25 },
        { "heap", "", 1 },
        { "rocksdb", "", 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_random_changelog_materializes_to_the_batch_result_of_its_net_input(string backend, string keys, int distinctKeys)
    {
        int[] groupKeys = keys.Length == 0 ? [] : [.. keys.Split(',').Select(k => k == "int" ? KInt : KStr)];
        var random = new Random(distinctKeys * 31 + keys.Length + backend.Length);
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamGroupAggregateOperator(Input, groupKeys, AllCalls);
        op.Open(StreamContext(state));
        var changelog = new Changelog(groupKeys.Length);
        var present = new List<object?[]>();
        for (int b = 0; b < 60; b++)
        {
            var output = new ChangeCollector();
            op.Process(0, RandomChanges(random, present, distinctKeys, out int _), output);
            changelog.Apply(output);
        }

        var end = new ChangeCollector();
        op.ProcessWatermark(long.MaxValue, end);
        op.EndInput(0, end);
        changelog.Apply(end);

        List<object?[]> expected = BatchResult(groupKeys, AllCalls, present);
        AssertSameGroups(expected, changelog.Rows(), groupKeys.Length, AllCalls);
        AssertLinqReference(present, changelog.Rows(), groupKeys);
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void State_of_a_key_survives_across_batches(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        AggregateCall[] calls = [AllCalls[0], AllCalls[5], AllCalls[11], AllCalls[14]];
        using var op = new StreamGroupAggregateOperator(Input, [KStr], calls);
        op.Open(StreamContext(state));

        Assert.Equal(["+I|a|1|5|5|x"], Run(op, Changes(RowKind.Insert, Row(1, "a", 5, "x"))));
        for (int b = 2; b <= 4; b++)
        {
            Assert.Equal([$"+I|k{b}|1|{b}|{b}|y"], Run(op, Changes(RowKind.Insert, Row(b, "k" + b, b, "y"))));
        }

        Assert.Equal(["-U|a|1|5|5|x", "+U|a|2|8|3|z"], Run(op, Changes(RowKind.Insert, Row(1, "a", 3, "z"))));
        Assert.Equal(["-U|a|2|8|3|z", "+U|a|1|3|3|z"], Run(op, Changes(RowKind.Delete, Row(1, "a", 5, "x"))));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void A_key_retracted_to_zero_rows_is_deleted_and_forgotten(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        AggregateCall[] calls = [AllCalls[0], AllCalls[3], AllCalls[11], AllCalls[14]];
        using var op = new StreamGroupAggregateOperator(Input, [KStr], calls);
        op.Open(StreamContext(state));

        Assert.Equal(
            ["+I|a|2|2|1|y"],
            Run(op, Changes(RowKind.Insert, Row(1, "a", 1, "x"), Row(1, "a", 2, "y"))));
        Assert.Equal(["-U|a|2|2|1|y", "+U|a|1|1|2|y"], Run(op, Changes(RowKind.UpdateBefore, Row(1, "a", 1, "x"))));
        Assert.Equal(["-D|a|1|1|2|y"], Run(op, Changes(RowKind.Delete, Row(1, "a", 2, "y"))));
        if (state is HeapKeyedStateBackend)
        {
            // (RocksDB only estimates its entry counts.)
            Assert.DoesNotContain(state.StateSizes(), s => s.Entries > 0 && !s.Name.StartsWith("__", StringComparison.Ordinal));
        }

        // Back with new rows: a new +I that knows nothing of the old values.
        Assert.Equal(["+I|a|1|1|7|q"], Run(op, Changes(RowKind.Insert, Row(1, "a", 7, "q"))));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void A_retracted_extreme_is_replaced_by_the_next_one(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        AggregateCall[] calls = [AllCalls[11], new(AggregateFunction.Max, VInt, false, null, SqlType.Int, "max_int")];
        using var op = new StreamGroupAggregateOperator(Input, [KInt], calls);
        op.Open(StreamContext(state));
        Assert.Equal(["+I|1|-3|9"], Run(op, Changes(RowKind.Insert, Row(1, "a", 4), Row(1, "a", -3), Row(1, "a", 9), Row(1, "a", 9), Row(1, "a", 0))));

        // One of two 9s goes: MAX stays; the only -3 goes: MIN becomes 0.
        Assert.Equal(["-U|1|-3|9", "+U|1|0|9"], Run(op, Changes(RowKind.Delete, Row(1, "a", -3), Row(1, "a", 9))));
        Assert.Equal(["-U|1|0|9", "+U|1|0|4"], Run(op, Changes(RowKind.Delete, Row(1, "a", 9))));

        // An unchanged result emits nothing.
        Assert.Empty(Run(op, Changes(RowKind.Insert, Row(1, "a", 2))));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void A_global_aggregate_keeps_its_one_row(string backend)
    {
        AggregateCall[] calls = [AllCalls[0], AllCalls[5], AllCalls[13]];
        using (IKeyedStateBackend state = Backend(backend))
        using (var empty = new StreamGroupAggregateOperator(Input, [], calls))
        {
            empty.Open(StreamContext(state));
            var output = new ChangeCollector();
            empty.EndInput(0, output);
            Assert.Equal(["0||"], output.TakeRows().Select(Text));
        }

        using IKeyedStateBackend second = Backend(backend, "second");
        using var op = new StreamGroupAggregateOperator(Input, [], calls);
        op.Open(StreamContext(second));
        Assert.Equal(["+I|2|3|a"], Run(op, Changes(RowKind.Insert, Row(1, "k", 1, "a"), Row(2, "k", 2, "b"))));
        Assert.Equal(["-U|2|3|a", "+U|0||"], Run(op, Changes(RowKind.Delete, Row(1, "k", 1, "a"), Row(2, "k", 2, "b"))));
        var end = new ChangeCollector();
        op.EndInput(0, end);
        Assert.Empty(end.TakeRows());
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Keys_idle_longer_than_the_ttl_start_over(string backend)
    {
        var clock = new ManualClock();
        var options = new StateBackendOptions { Clock = clock };
        using IKeyedStateBackend state = backend == "heap"
            ? new HeapKeyedStateBackend(KeyGroupAssignment.RangeOf(0, 128, 1), options)
            : new RocksDbKeyedStateBackend(Path.Combine(Directory, "rocks"), KeyGroupAssignment.RangeOf(0, 128, 1), options);
        AggregateCall[] calls = [AllCalls[0], AllCalls[11]];
        using var op = new StreamGroupAggregateOperator(Input, [KStr], calls, new StateTtl(TimeSpan.FromMinutes(1)));
        op.Open(StreamContext(state));

        Assert.Equal(["+I|a|1|5", "+I|b|1|6"], Run(op, Changes(RowKind.Insert, Row(1, "a", 5), Row(1, "b", 6))));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(["-U|b|1|6", "+U|b|2|3"], Run(op, Changes(RowKind.Insert, Row(1, "b", 3))));
        clock.Advance(TimeSpan.FromSeconds(40));

        // "a" was last written 80 s ago: its state expired, so it starts again; "b" was written 40 s ago.
        Assert.Equal(["+I|a|1|9", "-U|b|2|3", "+U|b|3|3"], Run(op, Changes(RowKind.Insert, Row(1, "a", 9), Row(1, "b", 4))));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Insert_only_extremes_without_value_maps_give_the_same_changes(string kind)
    {
        AggregateCall[] calls = [.. AllCalls.Where(c => c.Function is AggregateFunction.Min or AggregateFunction.Max && c.Argument != Flag)];
        using IKeyedStateBackend mapState = Backend(kind, "maps");
        using IKeyedStateBackend plainState = Backend(kind, "plain");
        using var withMaps = new StreamGroupAggregateOperator(Input, [KStr], calls);
        using var insertOnly = new StreamGroupAggregateOperator(Input, [KStr], calls, null, insertOnly: true);
        withMaps.Open(StreamContext(mapState));
        insertOnly.Open(StreamContext(plainState));
        var random = new Random(21);
        for (int b = 0; b < 30; b++)
        {
            object?[][] rows = [.. Enumerable.Range(0, random.Next(0, 200)).Select(_ =>
            {
                object?[] row = Row(random.Next(-50, 50), "k" + random.Next(12), random.Next(-1000, 1000), random.Next(6) == 0 ? null : "s" + random.Next(500));
                if (random.Next(8) == 0)
                {
                    row[VInt] = null;
                }

                row[VDbl] = random.Next(10) == 0 ? -0.0 : (double)row[VDbl]! * (random.Next(2) == 0 ? 1 : -1);
                return row;
            })];
            Assert.Equal(Run(withMaps, Changes(RowKind.Insert, rows)), Run(insertOnly, Changes(RowKind.Insert, rows)));
        }

        Assert.DoesNotContain(plainState.StateSizes(), s => s.Name.StartsWith("minmax", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidOperationException>(() => Run(insertOnly, Changes(RowKind.Delete, Row(1, "k1", 5))));
        Assert.Contains("insert-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_batches_hold_at_most_batch_rows()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamGroupAggregateOperator(Input, [KInt], [AllCalls[0]]);
        op.Open(new OperatorContext(Pool, MemoryBudget.Unlimited, Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = 16 });
        var output = new ChangeCollector();
        op.Process(0, Changes(RowKind.Insert, [.. Enumerable.Range(0, 100).Select(i => Row(i, "a", i))]), output);
        Assert.Equal(7, output.BatchCount);
        Assert.Equal(100, output.TakeRows().Count);
    }

    [Fact]
    public void Output_schema_matches_the_batch_aggregate()
    {
        using var stream = new StreamGroupAggregateOperator(Input, [KStr, KInt], AllCalls);
        using var batch = new HashAggregateOperator(Input, [KStr, KInt], AllCalls);
        Assert.Equal(batch.OutputSchema.Names, stream.OutputSchema.Names);
        Assert.Equal(batch.OutputSchema.Fields.Select(f => f.Type), stream.OutputSchema.Fields.Select(f => f.Type));
    }

    private IKeyedStateBackend Backend(string kind, string name = "rocks") => kind == "heap"
        ? new HeapKeyedStateBackend(KeyGroupAssignment.RangeOf(0, 128, 1))
        : new RocksDbKeyedStateBackend(Path.Combine(Directory, name), KeyGroupAssignment.RangeOf(0, 128, 1), new StateBackendOptions { WriteCacheBytes = 32 << 10 });

    private OperatorContext StreamContext(IKeyedStateBackend state) =>
        new(Pool, MemoryBudget.Unlimited, Path.Combine(Directory, "spill")) { KeyedState = state };

    private static object?[] Row(int key, string keyText, int value, string? text = null) =>
        [key, keyText, value, (long)value * 1_000_003, (Int128)value * 101, value / 4.0, text, value % 2 == 0];

    private ColumnBatch Changes(RowKind kind, params object?[][] rows) => WithKinds(Batch(Input, rows), [.. rows.Select(_ => kind)], null);

    private ColumnBatch WithKinds(ColumnBatch plain, RowKind[] kinds, Selection? selection)
    {
        using (plain)
        {
            ColumnVector rowKinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [.. kinds.Select(k => (sbyte)k)], Pool);
            return new ColumnBatch(plain.Names, [.. plain.Columns.Select(c => c.Share())], plain.Length, selection, rowKinds);
        }
    }

    /// <summary>Runs one batch and returns the changes as "kind|values".</summary>
    private static List<string> Run(StreamGroupAggregateOperator op, ColumnBatch batch)
    {
        var output = new ChangeCollector();
        op.Process(0, batch, output);
        return output.TakeChanges().Select(c => c.Kind.ToShortString() + "|" + Text(c.Row)).ToList();
    }

    private static string Text(object?[] row) => string.Join("|", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    /// <summary>A batch of random changes: inserts of new rows, retractions (-D or -U/+U pairs) of present ones, some rows not selected.</summary>
    private ColumnBatch RandomChanges(Random random, List<object?[]> present, int distinctKeys, out int live)
    {
        int n = random.Next(1, 300);
        var rows = new List<object?[]>();
        var kinds = new List<RowKind>();
        var selected = new List<bool>();
        bool withSelection = random.Next(4) == 0;
        var pending = new List<object?[]>(present);
        while (rows.Count < n)
        {
            bool keep = !withSelection || random.Next(5) != 0;
            if (pending.Count > 0 && random.Next(100) < 40)
            {
                int at = random.Next(pending.Count);
                object?[] old = pending[at];
                pending.RemoveAt(at);
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
                    object?[] fresh = RandomRow(random, distinctKeys);
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
                object?[] fresh = RandomRow(random, distinctKeys);
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

        live = selected.Count(s => s);
        Selection? selection = withSelection ? Selection.FromIndices([.. Enumerable.Range(0, rows.Count).Where(i => selected[i])], rows.Count, Pool) : null;
        return WithKinds(Batch(Input, [.. rows]), [.. kinds], selection);
    }

    private static object?[] RandomRow(Random random, int distinctKeys)
    {
        int key = random.Next(distinctKeys);
        bool nullKey = random.Next(30) == 0;
        int value = random.Next(-50, 50);
        return
        [
            nullKey ? null : key,
            random.Next(25) == 0 ? null : "k" + (key % 7),
            random.Next(10) == 0 ? null : value,
            random.Next(10) == 0 ? null : (long)random.Next(-1_000_000, 1_000_000) * 1_000,
            random.Next(10) == 0 ? null : (Int128)random.Next(-99_999, 99_999),
            random.Next(10) == 0 ? null : Math.Round((random.NextDouble() * 200) - 100, 3),
            random.Next(10) == 0 ? null : "s" + random.Next(12),
            random.Next(8) == 0 ? null : random.Next(3) != 0,
        ];
    }

    private List<object?[]> BatchResult(int[] groupKeys, AggregateCall[] calls, List<object?[]> rows)
    {
        using var op = new HashAggregateOperator(Input, groupKeys, calls);
        var output = new CollectingOutput();
        op.Open(Context());
        if (rows.Count > 0)
        {
            op.Process(0, Batch(Input, [.. rows]), output);
        }

        op.EndInput(0, output);
        return output.TakeRows();
    }

    private static void AssertSameGroups(List<object?[]> expected, List<object?[]> actual, int keyCount, AggregateCall[] calls)
    {
        Assert.Equal(expected.Count, actual.Count);
        Dictionary<string, object?[]> byKey = actual.ToDictionary(r => Text(r[..keyCount]));
        Assert.Equal(actual.Count, byKey.Count);
        foreach (object?[] row in expected)
        {
            Assert.True(byKey.TryGetValue(Text(row[..keyCount]), out object?[]? other), $"group {Text(row[..keyCount])} is missing");
            for (int c = keyCount; c < row.Length; c++)
            {
                AssertClose(row[c], other![c], calls[c - keyCount]);
            }
        }
    }

    private static void AssertClose(object? expected, object? actual, AggregateCall call)
    {
        bool approximate = call.ResultType.Kind == SqlTypeKind.Double
            || call.Function is AggregateFunction.StddevPop or AggregateFunction.StddevSamp or AggregateFunction.VarPop or AggregateFunction.VarSamp && call.ResultType.Kind == SqlTypeKind.Decimal;
        if (!approximate || expected is null || actual is null)
        {
            Assert.True(Equals(expected, actual), $"{call.Name}: expected {expected}, got {actual}");
            return;
        }

        double e = expected is Int128 i ? (double)i : Convert.ToDouble(expected, CultureInfo.InvariantCulture);
        double a = actual is Int128 j ? (double)j : Convert.ToDouble(actual, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(e - a) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"{call.Name}: expected {e}, got {a}");
    }

    /// <summary>An obviously-correct reference for the plain calls: COUNT(*), COUNT, SUM, MIN, MAX over the net rows, grouped with LINQ.</summary>
    private static void AssertLinqReference(List<object?[]> rows, List<object?[]> actual, int[] groupKeys)
    {
        int k = groupKeys.Length;
        var groups = rows.GroupBy(r => Text([.. groupKeys.Select(g => r[g])])).ToDictionary(g => g.Key, g => g.ToList());
        if (k == 0 && groups.Count == 0)
        {
            groups[string.Empty] = [];
        }

        Assert.Equal(groups.Count, actual.Count);
        foreach (object?[] row in actual)
        {
            List<object?[]> members = groups[Text(row[..k])];
            Assert.Equal((long)members.Count, row[k + 0]);
            Assert.Equal((long)members.Count(m => m[Flag] is true), row[k + 1]);
            Assert.Equal((long)members.Count(m => m[VInt] is not null), row[k + 2]);
            Assert.Equal((long)members.Where(m => m[VInt] is not null).Select(m => m[VInt]).Distinct().Count(), row[k + 3]);
            Assert.Equal((long)members.Where(m => m[VInt] is not null && m[Flag] is true).Select(m => m[VInt]).Distinct().Count(), row[k + 26]);
            List<int> ints = [.. members.Where(m => m[VInt] is not null).Select(m => (int)m[VInt]!)];
            Assert.Equal(ints.Count == 0 ? null : ints.Sum(), row[k + 5]);
            Assert.Equal(ints.Count == 0 ? null : ints.Min(), row[k + 11]);
            List<string> texts = [.. members.Where(m => m[VStr] is not null).Select(m => (string)m[VStr]!)];
            Assert.Equal(texts.Count == 0 ? null : texts.Min(StringComparer.Ordinal), row[k + 13]);
            Assert.Equal(texts.Count == 0 ? null : texts.Max(StringComparer.Ordinal), row[k + 14]);
        }
    }

    /// <summary>The output changelog applied to a multiset: +I/+U add a row, -U/-D remove one that must be there.</summary>
    private sealed class Changelog(int keyCount)
    {
        private readonly Dictionary<string, (object?[] Row, int Count)> _rows = [];

        public void Apply(ChangeCollector output)
        {
            foreach ((RowKind kind, object?[] row) in output.TakeChanges())
            {
                string text = Text(row);
                _rows.TryGetValue(text, out (object?[] Row, int Count) entry);
                if (kind.IsRetraction())
                {
                    Assert.True(entry.Count > 0, $"{kind.ToShortString()} of a row not in the result: {text}");
                    _rows[text] = (row, entry.Count - 1);
                }
                else
                {
                    _rows[text] = (row, entry.Count + 1);
                }
            }

            // A key has at most one row in an aggregate's result at any time.
            Assert.Equal(
                _rows.Values.Sum(v => v.Count),
                _rows.Values.Where(v => v.Count > 0).Select(v => Text(v.Row[..keyCount])).Distinct().Count());
        }

        public List<object?[]> Rows() => [.. _rows.Values.Where(v => v.Count > 0).Select(v => v.Row)];
    }

    /// <summary>Collects emitted batches and reads them back as (row kind, values), disposing them.</summary>
    private sealed class ChangeCollector : IBatchCollector
    {
        private readonly List<ColumnBatch> _batches = [];

        public int BatchCount => _batches.Count;

        public void Collect(ColumnBatch batch) => _batches.Add(batch);

        public List<(RowKind Kind, object?[] Row)> TakeChanges()
        {
            var changes = new List<(RowKind, object?[])>();
            foreach (ColumnBatch batch in _batches)
            {
                List<object?[]> rows = Rows(batch);
                int i = 0;
                for (int r = 0; r < batch.Length; r++)
                {
                    if (batch.Selection is null || batch.Selection.IsSelected(r))
                    {
                        changes.Add((batch.RowKindAt(r), rows[i++]));
                    }
                }

                batch.Dispose();
            }

            _batches.Clear();
            return changes;
        }

        public List<object?[]> TakeRows() => [.. TakeChanges().Select(c => c.Row)];
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
