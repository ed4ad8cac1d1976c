using System.Diagnostics;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Expressions.Functions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Cli;

/// <summary>
/// The vector layer end to end, until the SQL front end lands:
/// SELECT auction, COUNT(*), SUM(price) FROM bids WHERE price &gt; 5000 AND channel LIKE 'channel-1%' GROUP BY auction.
/// </summary>
public static class VectorDemo
{
    private static readonly string[] Channels = ["Google", "Facebook", "Baidu", "Apple"];

    public static int Run(long rows, int batchSize, TextWriter output)
    {
        if (rows < 0 || batchSize <= 0)
        {
            output.WriteLine($"error: --rows must be >= 0 and --batch-size > 0 (got {rows} and {batchSize}).");
            return 2;
        }

        using var pool = new BufferPool("demo");
        var evaluator = new ExpressionEvaluator(pool);
        var price = new ColumnRef(1, SqlType.BigInt, "price");
        var channel = new ColumnRef(2, SqlType.Varchar, "channel");
        Expr predicate = new FunctionCall(
            LogicFunction.And,
            [
                new FunctionCall(ComparisonFunction.Greater, [price, new Literal(ScalarValue.BigInt(5000))], SqlType.Boolean),
                new FunctionCall(StringFunction.Like, [channel, new Literal(ScalarValue.String("channel-1%"))], SqlType.Boolean),
            ],
            SqlType.Boolean);

        using var groups = new GroupIdMap([SqlType.BigInt], pool);
        using IGroupedAggregate count = GroupedAggregates.Create(AggregateFunction.CountStar, null);
        using IGroupedAggregate sum = GroupedAggregates.Create(AggregateFunction.Sum, SqlType.BigInt);
        var random = new Random(2026);
        int[] groupIds = new int[batchSize];
        long selectedRows = 0;
        var clock = Stopwatch.StartNew();
        for (long done = 0; done < rows; done += batchSize)
        {
            int n = (int)Math.Min(batchSize, rows - done);
            using ColumnBatch batch = GenerateBids(n, random, pool);
            using Selection selected = evaluator.Filter(predicate, batch);
            selectedRows += selected.Count;
            groups.Map([batch.Column(0)], selected.Words, groupIds.AsSpan(0, n));
            count.EnsureGroups(groups.GroupCount);
            sum.EnsureGroups(groups.GroupCount);
            count.Update(null, groupIds.AsSpan(0, n), selected.Words);
            sum.Update(batch.Column(1), groupIds.AsSpan(0, n), selected.Words);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        IReadOnlyList<ColumnVector> keys = groups.Keys(pool);
        using ColumnVector counts = count.Finish(groups.GroupCount, pool);
        using ColumnVector sums = sum.Finish(groups.GroupCount, pool);
        object?[] k = ColumnFactory.ToObjects(keys[0]);
        object?[] c = ColumnFactory.ToObjects(counts);
        object?[] s = ColumnFactory.ToObjects(sums);
        foreach (ColumnVector key in keys)
        {
            key.Dispose();
        }

        output.WriteLine("SELECT auction, COUNT(*), SUM(price) FROM bids WHERE price > 5000 AND channel LIKE 'channel-1%' GROUP BY auction");
        output.WriteLine($"{"auction",10} {"count",8} {"sum(price)",14}   (top 5 by sum)");
        foreach (int g in Enumerable.Range(0, k.Length).OrderByDescending(g => (long)s[g]!).ThenBy(g => (long)k[g]!).Take(5))
        {
            output.WriteLine($"{k[g],10} {c[g],8} {s[g],14}");
        }

        output.WriteLine($"{rows:N0} rows, {selectedRows:N0} selected, {k.Length:N0} groups in {seconds:0.00} s ({rows / Math.Max(seconds, 1e-9) / 1e6:0.0} M rows/s, generation included)");
        return 0;
    }

    private static ColumnBatch GenerateBids(int n, Random random, BufferPool pool)
    {
        long[] auction = new long[n];
        long[] price = new long[n];
        string?[] channel = new string?[n];
        for (int i = 0; i < n; i++)
        {
            auction[i] = 1000 + random.Next(1000);
            price[i] = (long)Math.Pow(10, 2 + (random.NextDouble() * 6));
            channel[i] = random.Next(2) == 0 ? Channels[random.Next(Channels.Length)] : $"channel-{random.Next(10_000)}";
        }

        return new ColumnBatch(
            ["auction", "price", "channel"],
            [
                ColumnFactory.FromValues<long>(SqlType.BigInt, auction, pool),
                ColumnFactory.FromValues<long>(SqlType.BigInt, price, pool),
                ColumnFactory.FromStrings(channel, pool),
            ],
            n);
    }
}
