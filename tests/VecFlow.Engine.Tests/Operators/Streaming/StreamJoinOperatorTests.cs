using System.Globalization;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.State.Timers;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Streaming;

public sealed class StreamJoinOperatorTests : EngineTest
{
    private static readonly RowSchema Left = new(
    [
        new Field("lk", SqlType.Int),
        new Field("ls", SqlType.Varchar),
        new Field("lv", SqlType.Int),
        new Field("lt", SqlType.Timestamp),
    ]);

    private static readonly RowSchema Right = new(
    [
        new Field("rk", SqlType.Int),
        new Field("rv", SqlType.Int),
        new Field("rd", SqlType.Decimal(10, 2)),
        new Field("rt", SqlType.Timestamp),
    ]);

    /// <summary>lv &lt; rv: a residual condition over left ++ right columns.</summary>
    private static readonly Expr LessThan = new FunctionCall(
        ComparisonFunction.Less,
        [new ColumnRef(2, SqlType.Int, "lv"), new ColumnRef(Left.Count + 1, SqlType.Int, "rv")],
        SqlType.Boolean);

    public StreamJoinOperatorTests()
    {
        Pool.TrackRentSites = false;
    }

    public static TheoryData<string, string, bool, bool> Cases()
    {
        var data = new TheoryData<string, string, bool, bool>();
        foreach (JoinKind kind in Enum.GetValues<JoinKind>())
        {
            data.Add(kind.ToString(), "heap", true, false);
            data.Add(kind.ToString(), "rocksdb", true, true);
            data.Add(kind.ToString(), "heap", false, true);
        }

        data.Add(nameof(JoinKind.Inner), "heap", false, false);
        data.Add(nameof(JoinKind.Full), "rocksdb", false, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_random_changelog_on_both_sides_materializes_to_the_join_of_the_net_inputs(string kindName, string backend, bool keyed, bool residual)
    {
        JoinKind kind = Enum.Parse<JoinKind>(kindName);
        var random = new Random((kindName.Length * 97) + (backend.Length * 13) + (keyed ? 1 : 0) + (residual ? 2 : 0));
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamJoinOperator(kind, Left, Right, keyed ? [0] : [], keyed ? [0] : [], residual ? LessThan : null, [1, 0]);
        op.Open(StreamContext(state, batchRows: 97));
        var changelog = new Changelog();
        var left = new List<object?[]>();
        var right = new List<object?[]>();
        for (int b = 0; b < 50; b++)
        {
            // Operator input 0 carries the right side here (the feeds say [1, 0]).
            bool toLeft = random.Next(2) == 0;
            var output = new ChangeCollector();
            op.Process(toLeft ? 1 : 0, RandomChanges(random, toLeft ? left : right, toLeft ? Left : Right), output);
            changelog.Apply(output);
        }

        var end = new ChangeCollector();
        op.ProcessWatermark(long.MaxValue, end);
        op.EndInput(0, end);
        op.EndInput(1, end);
        changelog.Apply(end);

        List<string> expected = [.. Reference(kind, left, right, keyed, residual).Select(Text).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, changelog.Rows());
    }

    [Theory]
    [InlineData(nameof(JoinKind.Inner), "heap")]
    [InlineData(nameof(JoinKind.Inner), "rocksdb")]
    [InlineData(nameof(JoinKind.Left), "rocksdb")]
    [InlineData(nameof(JoinKind.Full), "heap")]
    public void Inputs_declared_insert_only_append_duplicates_as_entries_and_still_take_a_retraction(string kindName, string backend)
    {
        // Insert-only batches take the append path (equal rows are entries of their own); a batch with retractions
        // afterwards must find and remove one of the equal entries.
        JoinKind kind = Enum.Parse<JoinKind>(kindName);
        var random = new Random(kindName.Length + backend.Length);
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamJoinOperator(kind, Left, Right, [0], [0], LessThan, [0, 1], insertOnly: [true, true]);
        op.Open(StreamContext(state, batchRows: 53));
        var changelog = new Changelog();
        var left = new List<object?[]>();
        var right = new List<object?[]>();
        for (int b = 0; b < 60; b++)
        {
            bool toLeft = random.Next(2) == 0;
            var output = new ChangeCollector();
            op.Process(toLeft ? 0 : 1, RandomChanges(random, toLeft ? left : right, toLeft ? Left : Right, retractions: b >= 40), output);
            changelog.Apply(output);
        }

        List<string> expected = [.. Reference(kind, left, right, keyed: true, residual: true).Select(Text).Order(StringComparer.Ordinal)];
        Assert.NotEmpty(expected);
        Assert.Equal(expected, changelog.Rows());
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void A_left_join_retracts_the_padded_row_on_the_first_match_and_emits_it_again_after_the_last(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamJoinOperator(JoinKind.Left, Left, Right, [0], [0], null, [0, 1]);
        op.Open(StreamContext(state));

        Assert.Equal(["+I|1|a|5|||||"], Run(op, 0, Changes(Left, RowKind.Insert, L(1, "a", 5))));
        Assert.Equal(["-D|1|a|5|||||", "+I|1|a|5||1|7|0.07|"], Run(op, 1, Changes(Right, RowKind.Insert, R(1, 7))));
        Assert.Equal(["+I|1|a|5||1|8|0.08|"], Run(op, 1, Changes(Right, RowKind.Insert, R(1, 8))));
        Assert.Equal(["+I|1|a|5||1|7|0.07|", "+I|1|a|5||1|8|0.08|"], Run(op, 0, Changes(Left, RowKind.Insert, L(1, "a", 5))));
        Assert.Equal(["-D|1|a|5||1|7|0.07|", "-D|1|a|5||1|7|0.07|"], Run(op, 1, Changes(Right, RowKind.Delete, R(1, 7))));
        Assert.Equal(
            ["-D|1|a|5||1|8|0.08|", "-D|1|a|5||1|8|0.08|", "+I|1|a|5|||||", "+I|1|a|5|||||"],
            Run(op, 1, Changes(Right, RowKind.UpdateBefore, R(1, 8))));

        // A NULL key never matches: padded at once, nothing kept.
        Assert.Equal(["+I||b|1|||||"], Run(op, 0, Changes(Left, RowKind.Insert, L(null, "b", 1))));
        Assert.Empty(Run(op, 1, Changes(Right, RowKind.Insert, R(null, 3))));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void Semi_and_anti_joins_follow_the_first_and_last_match(string backend)
    {
        using IKeyedStateBackend state = Backend(backend);
        using IKeyedStateBackend antiState = Backend(backend, "anti");
        using var semi = new StreamJoinOperator(JoinKind.Semi, Left, Right, [0], [0], null, [0, 1]);
        using var anti = new StreamJoinOperator(JoinKind.Anti, Left, Right, [0], [0], null, [0, 1]);
        semi.Open(StreamContext(state));
        anti.Open(StreamContext(antiState));

        Assert.Empty(Run(semi, 0, Changes(Left, RowKind.Insert, L(1, "a", 5))));
        Assert.Equal(["+I|1|a|5|"], Run(anti, 0, Changes(Left, RowKind.Insert, L(1, "a", 5))));
        Assert.Equal(["+I|1|a|5|"], Run(semi, 1, Changes(Right, RowKind.Insert, R(1, 1), R(1, 2))));
        Assert.Equal(["-D|1|a|5|"], Run(anti, 1, Changes(Right, RowKind.Insert, R(1, 1), R(1, 2))));
        Assert.Empty(Run(semi, 1, Changes(Right, RowKind.Delete, R(1, 1))));
        Assert.Equal(["-D|1|a|5|"], Run(semi, 1, Changes(Right, RowKind.Delete, R(1, 2))));
        Assert.Empty(Run(anti, 1, Changes(Right, RowKind.Delete, R(1, 1))));
        Assert.Equal(["+I|1|a|5|"], Run(anti, 1, Changes(Right, RowKind.Delete, R(1, 2))));
    }

    [Fact]
    public void Retracting_every_row_leaves_no_state()
    {
        using IKeyedStateBackend state = Backend("heap");
        using var op = new StreamJoinOperator(JoinKind.Full, Left, Right, [0], [0], LessThan, [0, 1]);
        op.Open(StreamContext(state));
        object?[][] lefts = [L(1, "a", 1), L(1, "a", 1), L(2, "b", 9), L(3, null, null)];
        object?[][] rights = [R(1, 5), R(2, 3), R(4, 1)];
        var changelog = new Changelog();
        Apply(changelog, op, 0, Changes(Left, RowKind.Insert, lefts));
        Apply(changelog, op, 1, Changes(Right, RowKind.Insert, rights));
        Apply(changelog, op, 0, Changes(Left, RowKind.Delete, lefts));
        Apply(changelog, op, 1, Changes(Right, RowKind.Delete, rights));

        Assert.Empty(changelog.Rows());
        Assert.DoesNotContain(state.StateSizes(), s => s.Entries > 0 && !s.Name.StartsWith("__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void An_interval_join_gives_the_join_of_its_inputs_and_drops_rows_the_watermark_passed(string backend)
    {
        // lt BETWEEN rt - 10 AND rt + 5  <=>  -10 <= lt - rt <= 5
        (Expr between, StreamJoinBounds bounds) = Interval(-10, 5);
        using IKeyedStateBackend state = Backend(backend);
        using var op = new StreamJoinOperator(JoinKind.Inner, Left, Right, [0], [0], between, [0, 1], bounds);
        op.Open(StreamContext(state));
        var random = new Random(5);
        var left = new List<object?[]>();
        var right = new List<object?[]>();
        var changelog = new Changelog();
        long time = 0;
        for (int b = 0; b < 40; b++)
        {
            // Out of order by up to 8 ms; the watermark trails by 10.
            time = IntervalJoinStep(op, random, changelog, left, right, time, new IntervalInput(Keys: 4, Rows: 30, Early: 8, Late: 3, Step: 3), trail: 10);
        }

        int kept = state.StateSizes().Where(s => s.Name.EndsWith("-rows", StringComparison.Ordinal)).Sum(s => (int)s.Entries);
        var end = new ChangeCollector();
        op.ProcessWatermark(long.MaxValue, end);
        changelog.Apply(end);

        List<string> expected = IntervalJoin(left, right, -10, 5);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, changelog.Rows());
        if (state is HeapKeyedStateBackend)
        {
            // While running only the keys of the last few milliseconds stay; at the end nothing does.
            Assert.InRange(kept, 1, 4);
            Assert.DoesNotContain(state.StateSizes(), s => s.Entries > 0);
        }
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void An_interval_join_with_wide_buckets_cleans_all_state_before_the_end_of_input_across_restores(string backend)
    {
        // lt BETWEEN rt - 1000 AND rt + 500: buckets of 93 ms.
        (Expr between, StreamJoinBounds bounds) = Interval(-1000, 500);
        IKeyedStateBackend state = Backend(backend, "r0");
        var op = new StreamJoinOperator(JoinKind.Inner, Left, Right, [0], [0], between, [0, 1], bounds);
        op.Open(StreamContext(state));
        var random = new Random(7);
        var left = new List<object?[]>();
        var right = new List<object?[]>();
        var changelog = new Changelog();
        long time = 0;
        for (int b = 0; b < 120; b++)
        {
            if (b % 30 == 29)
            {
                string snap = Path.Combine(Directory, "snap" + b);
                state.Snapshot(snap);
                op.Dispose();
                state.Dispose();
                state = backend == "heap"
                    ? HeapKeyedStateBackend.Restore([snap], KeyGroupAssignment.RangeOf(0, 128, 1))
                    : RocksDbKeyedStateBackend.Restore([snap], Path.Combine(Directory, "r" + b), KeyGroupAssignment.RangeOf(0, 128, 1), new StateBackendOptions { WriteCacheBytes = 32 << 10 });
                op = new StreamJoinOperator(JoinKind.Inner, Left, Right, [0], [0], between, [0, 1], bounds);
                op.Open(StreamContext(state));
            }

            time = IntervalJoinStep(op, random, changelog, left, right, time, new IntervalInput(Keys: 200, Rows: 40, Early: 300, Late: 50, Step: 30), trail: 300);
        }

        // Far past every expiry but not the end of input: every row and bucket must be gone.
        var late = new ChangeCollector();
        op.ProcessWatermark(time + 10_000, late);
        changelog.Apply(late);
        Assert.Equal(IntervalJoin(left, right, -1000, 500), changelog.Rows());
        Assert.Equal(0, state.Timers.Count(TimeDomain.EventTime));
        if (state is HeapKeyedStateBackend)
        {
            Assert.DoesNotContain(state.StateSizes(), s => s.Entries > 0 && !s.Name.StartsWith("__", StringComparison.Ordinal));
        }

        op.Dispose();
        state.Dispose();
    }

    /// <summary>One random batch of interval-join input into a random side (keys below <see cref="IntervalInput.Keys"/>, times up to Early before and Late after the running time), then the watermark <paramref name="trail"/> ms behind; the new running time.</summary>
    private long IntervalJoinStep(StreamJoinOperator op, Random random, Changelog changelog, List<object?[]> left, List<object?[]> right, long time, IntervalInput input, long trail)
    {
        bool toLeft = random.Next(2) == 0;
        var rows = new List<object?[]>();
        for (int i = random.Next(1, input.Rows); i > 0; i--)
        {
            long t = time + random.Next(-input.Early, input.Late);
            rows.Add(toLeft ? [random.Next(input.Keys), "x", i, t] : [random.Next(input.Keys), i, (Int128)i, t]);
            time += random.Next(0, input.Step);
        }

        (toLeft ? left : right).AddRange(rows);
        Apply(changelog, op, toLeft ? 0 : 1, Changes(toLeft ? Left : Right, RowKind.Insert, [.. rows]));
        var output = new ChangeCollector();
        op.ProcessWatermark(time - trail, output);
        changelog.Apply(output);
        return time;
    }

    /// <summary>The pairs with equal keys and <c>lower &lt;= lt - rt &lt;= upper</c>, as sorted row texts.</summary>
    private static List<string> IntervalJoin(List<object?[]> left, List<object?[]> right, long lower, long upper) =>
        (from l in left
         from r in right
         where Equals(l[0], r[0]) && (long)l[3]! - (long)r[3]! >= lower && (long)l[3]! - (long)r[3]! <= upper
         select Text([.. l, .. r])).Order(StringComparer.Ordinal).ToList();

    /// <summary><c>lt BETWEEN rt + lower AND rt + upper</c> and the interval-join bounds it gives.</summary>
    private static (Expr Condition, StreamJoinBounds Bounds) Interval(long lower, long upper)
    {
        Expr lt = new ColumnRef(3, SqlType.Timestamp, "lt");
        Expr rt = new ColumnRef(Left.Count + 3, SqlType.Timestamp, "rt");
        return (new Between(lt, Minus(rt, -lower), Minus(rt, -upper), false), new StreamJoinBounds(3, 3, lower, upper));
    }

    private static FunctionCall Minus(Expr time, long millis) => new(
        ArithmeticFunction.Subtract,
        [time, new Literal(new ScalarValue(SqlType.IntervalDayTime, millis))],
        SqlType.Timestamp);

    private static IEnumerable<object?[]> Reference(JoinKind kind, List<object?[]> left, List<object?[]> right, bool keyed, bool residual)
    {
        bool Match(object?[] l, object?[] r) =>
            (!keyed || (l[0] is not null && Equals(l[0], r[0]))) && (!residual || (l[2] is int lv && r[1] is int rv && lv < rv));
        object?[] leftNulls = new object?[Left.Count];
        object?[] rightNulls = new object?[Right.Count];
        switch (kind)
        {
            case JoinKind.Semi:
                return left.Where(l => right.Any(r => Match(l, r)));
            case JoinKind.Anti:
                return left.Where(l => !right.Any(r => Match(l, r)));
        }

        var rows = (from l in left from r in right where Match(l, r) select (object?[])[.. l, .. r]).ToList();
        if (kind is JoinKind.Left or JoinKind.Full)
        {
            rows.AddRange(left.Where(l => !right.Any(r => Match(l, r))).Select(l => (object?[])[.. l, .. rightNulls]));
        }

        if (kind is JoinKind.Right or JoinKind.Full)
        {
            rows.AddRange(right.Where(r => !left.Any(l => Match(l, r))).Select(r => (object?[])[.. leftNulls, .. r]));
        }

        return rows;
    }

    /// <summary>A batch of random changes to one side: new rows, and retractions (-D, -U, or -U then +U) of present ones, some rows not selected.</summary>
    private ColumnBatch RandomChanges(Random random, List<object?[]> present, RowSchema schema, bool retractions = true)
    {
        int n = random.Next(1, 40);
        var rows = new List<object?[]>();
        var kinds = new List<RowKind>();
        var selected = new List<bool>();
        for (int i = 0; i < n; i++)
        {
            if (random.Next(8) == 0)
            {
                // Not selected: must change nothing.
                rows.Add(NewRow(random, schema));
                kinds.Add(RowKind.Insert);
                selected.Add(false);
                continue;
            }

            if (retractions && present.Count > 0 && random.Next(3) == 0)
            {
                int at = random.Next(present.Count);
                object?[] old = present[at];
                present.RemoveAt(at);
                rows.Add(old);
                kinds.Add(random.Next(2) == 0 ? RowKind.Delete : RowKind.UpdateBefore);
                selected.Add(true);
                continue;
            }

            object?[] row = random.Next(5) == 0 && present.Count > 0 ? present[random.Next(present.Count)] : NewRow(random, schema);
            present.Add(row);
            rows.Add(row);
            kinds.Add(!retractions || random.Next(2) == 0 ? RowKind.Insert : RowKind.UpdateAfter);
            selected.Add(true);
        }

        ColumnBatch plain = Batch(schema, [.. rows]);
        Selection? selection = null;
        if (selected.Contains(false))
        {
            ulong[] words = new ulong[Bits.WordCount(n)];
            for (int i = 0; i < n; i++)
            {
                Bits.Set(words, i, selected[i]);
            }

            selection = Selection.FromWords(words, n, Pool);
        }

        return WithKinds(plain, [.. kinds], selection);
    }

    private static object?[] NewRow(Random random, RowSchema schema)
    {
        int? key = random.Next(12) == 0 ? null : random.Next(6);
        int? value = random.Next(10) == 0 ? null : random.Next(20);
        return schema == Left
            ? [key, random.Next(4) == 0 ? null : "s" + random.Next(3), value, random.Next(3) == 0 ? null : (long)random.Next(100)]
            : [key, value, value is { } v ? (Int128)v : null, (long)random.Next(100)];
    }

    private static object?[] L(int? key, string? text, int? value) => [key, text, value, null];

    private static object?[] R(int? key, int value) => [key, value, (Int128)value, null];

    /// <summary>The shape of random interval-join input: keys, rows per batch, disorder before / after the running time, time step per row.</summary>
    private readonly record struct IntervalInput(int Keys, int Rows, int Early, int Late, int Step);

    private IKeyedStateBackend Backend(string kind, string name = "rocks") => kind == "heap"
        ? new HeapKeyedStateBackend(KeyGroupAssignment.RangeOf(0, 128, 1))
        : new RocksDbKeyedStateBackend(Path.Combine(Directory, name), KeyGroupAssignment.RangeOf(0, 128, 1), new StateBackendOptions { WriteCacheBytes = 32 << 10 });

    private OperatorContext StreamContext(IKeyedStateBackend state, int batchRows = 65_536) =>
        new(Pool, MemoryBudget.Unlimited, Path.Combine(Directory, "spill")) { KeyedState = state, BatchRows = batchRows };

    private ColumnBatch Changes(RowSchema schema, RowKind kind, params object?[][] rows) => WithKinds(Batch(schema, rows), [.. rows.Select(_ => kind)], null);

    private ColumnBatch WithKinds(ColumnBatch plain, RowKind[] kinds, Selection? selection)
    {
        using (plain)
        {
            ColumnVector rowKinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [.. kinds.Select(k => (sbyte)k)], Pool);
            return new ColumnBatch(plain.Names, [.. plain.Columns.Select(c => c.Share())], plain.Length, selection, rowKinds);
        }
    }

    private static void Apply(Changelog changelog, StreamJoinOperator op, int input, ColumnBatch batch)
    {
        var output = new ChangeCollector();
        op.Process(input, batch, output);
        changelog.Apply(output);
    }

    /// <summary>Runs one batch and returns the changes as "kind|values".</summary>
    private static List<string> Run(StreamJoinOperator op, int input, ColumnBatch batch)
    {
        var output = new ChangeCollector();
        op.Process(input, batch, output);
        return [.. output.TakeChanges().Select(c => c.Kind.ToShortString() + "|" + Text(c.Row))];
    }

    private static string Text(object?[] row) => string.Join("|", row.Select(v => v is Int128 d ? ((decimal)d / 100).ToString("0.00", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture)));

    /// <summary>The output changelog applied to a multiset: +I/+U add a row, -U/-D remove one that must be there.</summary>
    private sealed class Changelog
    {
        private readonly Dictionary<string, int> _rows = [];

        public void Apply(ChangeCollector output)
        {
            foreach ((RowKind kind, object?[] row) in output.TakeChanges())
            {
                string text = Text(row);
                _rows.TryGetValue(text, out int count);
                if (kind.IsRetraction())
                {
                    Assert.True(count > 0, $"{kind.ToShortString()} of a row not in the result: {text}");
                }

                _rows[text] = count + (kind.IsRetraction() ? -1 : 1);
            }
        }

        public List<string> Rows() => [.. _rows.SelectMany(r => Enumerable.Repeat(r.Key, r.Value)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Collects emitted batches and reads them back as (row kind, values), disposing them.</summary>
    private sealed class ChangeCollector : IBatchCollector
    {
        private readonly List<ColumnBatch> _batches = [];

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
    }
}
