using System.Globalization;
using System.Numerics;
using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators;

public sealed class HashAggregateOperatorTests : EngineTest
{
    // Columns of the generated input.
    private const int KInt = 0;
    private const int KStr = 1;
    private const int KDec = 2;
    private const int VInt = 3;
    private const int VBig = 4;
    private const int VDec = 5;
    private const int VDbl = 6;
    private const int VStr = 7;
    private const int Flag = 8;

    private static readonly RowSchema Input = new(
    [
        new Field("k_int", SqlType.Int),
        new Field("k_str", SqlType.Varchar),
        new Field("k_dec", SqlType.Decimal(10, 2)),
        new Field("v_int", SqlType.Int),
        new Field("v_big", SqlType.BigInt),
        new Field("v_dec", SqlType.Decimal(12, 2)),
        new Field("v_dbl", SqlType.Double),
        new Field("v_str", SqlType.Varchar),
        new Field("flag", SqlType.Boolean),
    ]);

    private static readonly SqlType Dec38s2 = SqlType.Decimal(38, 2);
    private static readonly SqlType Dec38s6 = SqlType.Decimal(38, 6);

    /// <summary>Every function, with and without DISTINCT and FILTER, with the result types Flink's binder derives.</summary>
    private static readonly AggregateCall[] AllCalls =
    [
        new(AggregateFunction.CountStar, null, false, null, SqlType.BigInt.WithNullable(false), "cnt_star"),
        new(AggregateFunction.CountStar, null, false, Flag, SqlType.BigInt.WithNullable(false), "cnt_star_f"),
        new(AggregateFunction.Count, VInt, false, null, SqlType.BigInt.WithNullable(false), "cnt_int"),
        new(AggregateFunction.Count, VInt, true, null, SqlType.BigInt.WithNullable(false), "cnt_d_int"),
        new(AggregateFunction.Count, VStr, true, Flag, SqlType.BigInt.WithNullable(false), "cnt_d_str_f"),
        new(AggregateFunction.Count, VDec, true, null, SqlType.BigInt.WithNullable(false), "cnt_d_dec"),
        new(AggregateFunction.Sum, VInt, false, null, SqlType.Int, "sum_int"),
        new(AggregateFunction.Sum, VInt, true, null, SqlType.BigInt, "sum_d_int"),
        new(AggregateFunction.Sum, VInt, false, Flag, SqlType.Int, "sum_int_f"),
        new(AggregateFunction.Sum, VBig, false, null, SqlType.BigInt, "sum_big"),
        new(AggregateFunction.Sum, VDec, false, null, Dec38s2, "sum_dec"),
        new(AggregateFunction.Sum, VDec, true, Flag, Dec38s2, "sum_d_dec_f"),
        new(AggregateFunction.Sum, VDbl, false, null, SqlType.Double, "sum_dbl"),
        new(AggregateFunction.Min, VInt, false, null, SqlType.Int, "min_int"),
        new(AggregateFunction.Max, VInt, true, Flag, SqlType.Int, "max_d_int_f"),
        new(AggregateFunction.Min, VStr, false, null, SqlType.Varchar, "min_str"),
        new(AggregateFunction.Max, VStr, false, Flag, SqlType.Varchar, "max_str_f"),
        new(AggregateFunction.Min, VDec, false, null, SqlType.Decimal(12, 2), "min_dec"),
        new(AggregateFunction.Max, VDbl, false, null, SqlType.Double, "max_dbl"),
        new(AggregateFunction.Avg, VInt, false, null, SqlType.Int, "avg_int"),
        new(AggregateFunction.Avg, VBig, true, Flag, SqlType.BigInt, "avg_d_big_f"),
        new(AggregateFunction.Avg, VDec, false, null, Dec38s6, "avg_dec"),
        new(AggregateFunction.Avg, VDec, true, null, Dec38s6, "avg_d_dec"),
        new(AggregateFunction.Avg, VDbl, false, Flag, SqlType.Double, "avg_dbl_f"),
    ];

    public HashAggregateOperatorTests()
    {
        // Spilling rents thousands of small buffers; recording a stack trace for each makes the spill cases crawl.
        // Leaks are still detected, only without the rent site.
        Pool.TrackRentSites = false;
    }

    public static TheoryData<string, int, long, int, bool> Cases => new()
    {
        // keys, distinct keys, budget bytes, output batch rows, selections on input batches
        { "int", 50, long.MaxValue, 65_536, false },
        { "int", 3_000, long.MaxValue, 100, true },
        { "str", 400, long.MaxValue, 65_536, true },
        { "dec", 200, long.MaxValue, 65_536, false },
        { "int,str", 300, long.MaxValue, 65_536, true },
        { "str,dec,int", 150, long.MaxValue, 7, false },
        { "", 1, long.MaxValue, 65_536, true },
        // Spilled rows are read back in batches of about the output batch size, so small ones make the levels deep.
        { "int", 3_000, 8_192, 100, true },
        { "str", 2_000, 4_096, 128, false },
        { "int,str", 1_500, 16_384, 333, true },
        { "dec", 1_000, 2_048, 200, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Results_match_a_linq_reference(string keys, int distinctKeys, long budget, int batchRows, bool selections)
    {
        int[] groupKeys = keys.Length == 0 ? [] : [.. keys.Split(',').Select(k => k switch { "int" => KInt, "str" => KStr, _ => KDec })];
        var random = new Random(distinctKeys + (int)Math.Min(budget, 1_000_000) + batchRows);
        List<object?[]> rows = Generate(random, 12_000, distinctKeys);
        OperatorContext context = Context(budget, batchRows);

        (List<object?[]> actual, int batchCount) = Run(context, groupKeys, AllCalls, rows, random, selections, out List<object?[]> liveRows);

        AssertSameGroups(Reference(liveRows, groupKeys, AllCalls), actual, groupKeys.Length);
        Assert.True(batchCount >= (actual.Count + batchRows - 1) / batchRows);
        if (budget != long.MaxValue)
        {
            Assert.True(context.Metrics.SpilledBytes > 0, "a tiny budget must spill");
            Assert.True(context.Metrics.SpillFiles > 16, $"expected more than one spill level, got {context.Metrics.SpillFiles} files");
        }
        else
        {
            Assert.Equal(0, context.Metrics.SpilledBytes);
        }

        Assert.Empty(SpillFilesLeft(context));
    }

    public static TheoryData<bool, long, bool> SumFirstCases => new()
    {
        // NULLs in the key and the summed column, budget bytes, selections on input batches
        { false, long.MaxValue, false },
        { false, 8_192, false },
        { true, long.MaxValue, true },
        { true, 8_192, true },
    };

    /// <summary>A SUM / AVG of integers first under a single integer key: the hash aggregate folds it while mapping keys.</summary>
    [Theory]
    [MemberData(nameof(SumFirstCases))]
    public void A_first_integer_sum_under_one_integer_key_matches_a_linq_reference(bool nulls, long budget, bool selections)
    {
        AggregateCall[] calls =
        [
            new(AggregateFunction.Sum, VBig, false, null, SqlType.BigInt, "sum_big"),
            new(AggregateFunction.CountStar, null, false, null, SqlType.BigInt.WithNullable(false), "cnt_star"),
            new(AggregateFunction.Avg, VInt, false, null, SqlType.Int, "avg_int"),
        ];
        var random = new Random(nulls ? 23 : 29);
        List<object?[]> rows = Generate(random, 12_000, 3_000);
        if (!nulls)
        {
            foreach (object?[] row in rows)
            {
                row[KInt] ??= 1;
                row[VBig] ??= 7L;
            }
        }

        OperatorContext context = Context(budget, 100);
        (List<object?[]> actual, _) = Run(context, [KInt], calls, rows, random, selections, out List<object?[]> liveRows);

        AssertSameGroups(Reference(liveRows, [KInt], calls), actual, 1);
        Assert.Equal(budget != long.MaxValue, context.Metrics.SpilledBytes > 0);
        Assert.Empty(SpillFilesLeft(context));
    }

    [Fact]
    public void A_grouped_bigint_sum_past_its_range_is_an_error_even_when_folded_while_mapping()
    {
        var calls = new[] { new AggregateCall(AggregateFunction.Sum, VBig, false, null, SqlType.BigInt, "s") };
        using var op = new HashAggregateOperator(Input, [KInt], calls);
        var output = new CollectingOutput();
        op.Open(Context());
        object?[] Row(int key, long value) => [key, "a", (Int128)1, 1, value, (Int128)1, 1.0, "a", true];
        op.Process(0, Batch(Input, [.. Enumerable.Range(0, 500).Select(i => Row(i % 5, i))]), output);
        op.Process(0, Batch(Input, Row(3, long.MaxValue - 10), Row(4, 1)), output);
        SqlRuntimeException error = Assert.Throws<SqlRuntimeException>(() => op.EndInput(0, output));
        Assert.Equal(SqlErrorKind.ArithmeticOverflow, error.Kind);
        output.TakeRows();
    }

    [Fact]
    public void Output_batches_hold_at_most_batch_rows()
    {
        var random = new Random(7);
        List<object?[]> rows = Generate(random, 5_000, 1_000);
        OperatorContext context = Context(batchRows: 64);
        using var op = new HashAggregateOperator(Input, [KInt], [AllCalls[0]]);
        var output = new CountingOutput();
        op.Open(context);
        op.Process(0, Batch(Input, [.. rows]), output);
        op.EndInput(0, output);
        int groups = rows.Select(r => r[KInt]).Distinct().Count();
        Assert.Equal(groups, output.Rows);
        Assert.All(output.Sizes, size => Assert.InRange(size, 1, 64));
        Assert.Equal((groups + 63) / 64, output.Sizes.Count);
        Assert.Equal(groups, context.Metrics.RowsOut);
    }

    [Fact]
    public void Empty_input_gives_no_groups_but_one_global_row()
    {
        OperatorContext context = Context();
        using (var grouped = new HashAggregateOperator(Input, [KStr], AllCalls))
        {
            var output = new CollectingOutput();
            grouped.Open(context);
            grouped.Process(0, Batch(Input), output);
            grouped.EndInput(0, output);
            Assert.Empty(output.TakeRows());
        }

        using var global = new HashAggregateOperator(Input, [], AllCalls);
        var globalOutput = new CollectingOutput();
        global.Open(Context());
        using (ColumnBatch batch = Batch(Input, Generate(new Random(1), 10, 5).ToArray()))
        {
            // A batch whose selection keeps no row counts as empty input too.
            global.Process(0, batch.WithSelection(Selection.None(batch.Length, Pool)), globalOutput);
        }

        global.EndInput(0, globalOutput);
        object?[] row = Assert.Single(globalOutput.TakeRows());
        for (int i = 0; i < AllCalls.Length; i++)
        {
            bool isCount = AllCalls[i].Function is AggregateFunction.Count or AggregateFunction.CountStar;
            Assert.Equal(isCount ? 0L : null, row[i]);
        }
    }

    [Fact]
    public void Output_schema_is_keys_then_aggregates_with_their_result_types()
    {
        using var op = new HashAggregateOperator(Input, [KStr, KInt], [AllCalls[0], AllCalls[6], AllCalls[21]]);
        Assert.Equal(["k_str", "k_int", "cnt_star", "sum_int", "avg_dec"], op.OutputSchema.Names);
        Assert.Equal([SqlType.Varchar, SqlType.Int, SqlType.BigInt.WithNullable(false), SqlType.Int, Dec38s6], op.OutputSchema.Fields.Select(f => f.Type));

        OperatorContext context = Context();
        var output = new CollectingOutput();
        op.Open(context);
        op.Process(0, Batch(Input, [.. Generate(new Random(3), 100, 10)]), output);
        op.EndInput(0, output);
        object?[] first = output.TakeRows()[0];
        Assert.IsType<string>(first[0]);
        Assert.IsType<int>(first[3]);
        Assert.IsType<Int128>(first[4]);
    }

    [Fact]
    public void One_huge_key_under_a_tiny_budget_stays_exact()
    {
        var random = new Random(11);
        var rows = new List<object?[]>();
        for (int i = 0; i < 40_000; i++)
        {
            // The huge key first shows up after other keys filled the budget, so it is spilled and must finish later.
            int key = i < 2_000 ? random.Next(100, 1_100) : (random.Next(10) == 0 ? random.Next(100, 1_100) : 7);
            rows.Add([key, "s", (Int128)1, random.Next(-1_000, 1_000), (long)random.Next(), (Int128)random.Next(-9999, 9999), random.NextDouble(), "v" + random.Next(50), random.Next(3) == 0]);
        }

        OperatorContext context = Context(1_024, 4_096);
        AggregateCall[] calls = [AllCalls[0], AllCalls[3], AllCalls[6], AllCalls[15], AllCalls[21]];
        (List<object?[]> actual, _) = Run(context, [KInt], calls, rows, random, selections: false, out List<object?[]> live);
        AssertSameGroups(Reference(live, [KInt], calls), actual, 1);
        Assert.True(context.Metrics.SpilledBytes > 0);
        Assert.Contains(actual, r => (int)r[0]! == 7 && (long)r[1]! > 30_000);
        Assert.Empty(SpillFilesLeft(context));
    }

    [Fact]
    public void Disposing_mid_spill_deletes_the_spill_files_and_releases_memory()
    {
        var random = new Random(5);
        OperatorContext context = Context(2_048, 1_000);
        var op = new HashAggregateOperator(Input, [KInt], AllCalls);
        op.Open(context);
        var output = new CollectingOutput();
        foreach (List<object?[]> chunk in Generate(random, 5_000, 2_000).Chunk(500).Select(c => c.ToList()))
        {
            op.Process(0, Batch(Input, [.. chunk]), output);
        }

        Assert.NotEmpty(SpillFilesLeft(context));
        op.Dispose();
        Assert.Empty(SpillFilesLeft(context));
        Assert.Empty(output.TakeRows());
    }

    [Fact]
    public void A_sum_that_leaves_the_result_type_is_an_error_not_a_wrapped_value()
    {
        var calls = new[] { new AggregateCall(AggregateFunction.Sum, VInt, false, null, SqlType.Int, "s") };
        using var op = new HashAggregateOperator(Input, [], calls);
        var output = new CollectingOutput();
        op.Open(Context());
        op.Process(0, Batch(Input, [1, "a", (Int128)1, int.MaxValue, 1L, (Int128)1, 1.0, "a", true], [1, "a", (Int128)1, int.MaxValue, 1L, (Int128)1, 1.0, "a", true]), output);
        Assert.Throws<SqlRuntimeException>(() => op.EndInput(0, output));
        output.TakeRows();
    }

    [Fact]
    public void Invalid_calls_are_refused_when_the_operator_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashAggregateOperator(Input, [42], []));
        Assert.Throws<ArgumentException>(() => new HashAggregateOperator(Input, [], [new AggregateCall(AggregateFunction.Sum, VInt, false, VInt, SqlType.Int, "s")]));
        Assert.Throws<ArgumentException>(() => new HashAggregateOperator(Input, [], [new AggregateCall(AggregateFunction.Sum, null, false, null, SqlType.Int, "s")]));
    }

    private (List<object?[]> Rows, int Batches) Run(OperatorContext context, int[] groupKeys, AggregateCall[] calls, List<object?[]> rows, Random random, bool selections, out List<object?[]> liveRows)
    {
        liveRows = [];
        using var op = new HashAggregateOperator(Input, groupKeys, calls);
        var output = new CollectingOutput();
        op.Open(context);
        int at = 0;
        while (at < rows.Count)
        {
            int size = Math.Min(rows.Count - at, random.Next(1, 700));
            object?[][] part = [.. rows.Skip(at).Take(size)];
            at += size;
            ColumnBatch batch = Batch(Input, part);
            if (selections && random.Next(3) > 0)
            {
                int[] keep = [.. Enumerable.Range(0, size).Where(_ => random.Next(4) > 0)];
                liveRows.AddRange(keep.Select(i => part[i]));
                ColumnBatch selected = batch.WithSelection(Selection.FromIndices(keep, size, Pool));
                batch.Dispose();
                batch = selected;
            }
            else
            {
                liveRows.AddRange(part);
            }

            op.Process(0, batch, output);
        }

        op.EndInput(0, output);
        int batches = output.BatchCount;
        return (output.TakeRows(), batches);
    }

    private static List<object?[]> Generate(Random random, int count, int distinctKeys)
    {
        var rows = new List<object?[]>(count);
        for (int i = 0; i < count; i++)
        {
            // Skewed: a third of the rows share one key.
            int key = random.Next(3) == 0 ? 0 : random.Next(distinctKeys);
            rows.Add(
            [
                random.Next(20) == 0 ? null : key,
                random.Next(20) == 0 ? null : "key-" + (random.Next(2) == 0 ? key : random.Next(distinctKeys)).ToString(CultureInfo.InvariantCulture),
                random.Next(20) == 0 ? null : (Int128)(key * 125) - 5_000,
                random.Next(10) == 0 ? null : random.Next(-1_000, 1_000),
                random.Next(10) == 0 ? null : (long)random.Next(-30, 30) * 1_000_000_000_000L,
                random.Next(10) == 0 ? null : (Int128)random.Next(-500, 500) * 37,
                random.Next(10) == 0 ? null : Math.Round((random.NextDouble() - 0.5) * 1_000, 3),
                random.Next(10) == 0 ? null : "v" + random.Next(60).ToString(CultureInfo.InvariantCulture),
                random.Next(7) == 0 ? null : random.Next(2) == 0,
            ]);
        }

        return rows;
    }

    private static Dictionary<string, object?[]> Reference(List<object?[]> rows, int[] groupKeys, AggregateCall[] calls)
    {
        if (groupKeys.Length == 0)
        {
            // A global aggregate has exactly one group, also without rows.
            return new Dictionary<string, object?[]> { [KeyOf([])] = [.. calls.Select(c => Aggregate(c, rows))] };
        }

        return rows.GroupBy(r => KeyOf(groupKeys.Select(k => r[k]))).ToDictionary(g => g.Key, g => calls.Select(c => Aggregate(c, [.. g])).ToArray());
    }

    private static object? Aggregate(AggregateCall call, List<object?[]> rows)
    {
        IEnumerable<object?[]> counted = call.Filter is { } f ? rows.Where(r => r[f] is true) : rows;
        if (call.Argument is not { } a)
        {
            return (long)counted.Count();
        }

        List<object> values = [.. counted.Select(r => r[a]).OfType<object>()];
        if (call.Distinct)
        {
            values = [.. values.Distinct()];
        }

        if (call.Function == AggregateFunction.Count)
        {
            return (long)values.Count;
        }

        if (values.Count == 0)
        {
            return null;
        }

        switch (call.Function)
        {
            case AggregateFunction.Min:
                return values.Min(Comparer<object>.Create(CompareValues));
            case AggregateFunction.Max:
                return values.Max(Comparer<object>.Create(CompareValues));
            case AggregateFunction.Sum:
                return values[0] switch
                {
                    double => values.Sum(v => (double)v),
                    Int128 => values.Aggregate(Int128.Zero, (s, v) => s + (Int128)v),
                    _ => call.ResultType.Kind == SqlTypeKind.Int ? (int)values.Sum(Convert.ToInt64) : (object)values.Sum(Convert.ToInt64),
                };
            default:
                {
                    if (values[0] is double)
                    {
                        return values.Average(v => (double)v);
                    }

                    if (values[0] is Int128)
                    {
                        // DECIMAL(12, 2) -> DECIMAL(38, 6), HALF_UP.
                        BigInteger numerator = values.Aggregate(BigInteger.Zero, (s, v) => s + (BigInteger)(Int128)v) * 10_000;
                        BigInteger quotient = BigInteger.DivRem(numerator, values.Count, out BigInteger remainder);
                        if (BigInteger.Abs(remainder) * 2 >= values.Count)
                        {
                            quotient += numerator.Sign;
                        }

                        return (Int128)quotient;
                    }

                    BigInteger total = values.Aggregate(BigInteger.Zero, (s, v) => s + Convert.ToInt64(v));
                    BigInteger mean = total / values.Count;
                    return call.ResultType.Kind == SqlTypeKind.Int ? (int)mean : (object)(long)mean;
                }
        }
    }

    private static int CompareValues(object x, object y) => x switch
    {
        string s => string.CompareOrdinal(s, (string)y),
        IComparable c => c.CompareTo(y),
        _ => throw new InvalidOperationException(),
    };

    private static string KeyOf(IEnumerable<object?> key) =>
        string.Join("|", key.Select(v => v is null ? "<null>" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static void AssertSameGroups(Dictionary<string, object?[]> expected, List<object?[]> actual, int keyCount)
    {
        Assert.Equal(expected.Count, actual.Count);
        var seen = new HashSet<string>();
        foreach (object?[] row in actual)
        {
            string key = KeyOf(row.Take(keyCount));
            Assert.True(seen.Add(key), $"group {key} came out twice");
            Assert.True(expected.TryGetValue(key, out object?[]? values), $"unexpected group {key}");
            for (int i = 0; i < values.Length; i++)
            {
                object? got = row[keyCount + i];
                if (values[i] is double d)
                {
                    double g = Assert.IsType<double>(got);
                    Assert.True(Math.Abs(d - g) <= 1e-9 * Math.Max(1, Math.Abs(d)), $"group {key}, aggregate {AllCallsName(i, values.Length)}: expected {d}, got {g}");
                }
                else
                {
                    Assert.True(Equals(values[i], got), $"group {key}, aggregate {i}: expected {values[i] ?? "NULL"} ({values[i]?.GetType().Name}), got {got ?? "NULL"} ({got?.GetType().Name})");
                }
            }
        }
    }

    private static string AllCallsName(int index, int count) => count == AllCalls.Length ? AllCalls[index].Name : index.ToString(CultureInfo.InvariantCulture);

    private static string[] SpillFilesLeft(OperatorContext context) =>
        System.IO.Directory.Exists(context.SpillDirectory) ? System.IO.Directory.GetFiles(context.SpillDirectory) : [];

    /// <summary>Counts rows per emitted batch and disposes the batches.</summary>
    private sealed class CountingOutput : IBatchCollector
    {
        public List<int> Sizes { get; } = [];

        public int Rows => Sizes.Sum();

        public void Collect(ColumnBatch batch)
        {
            using (batch)
            {
                Sizes.Add(batch.LiveCount);
            }
        }
    }
}
