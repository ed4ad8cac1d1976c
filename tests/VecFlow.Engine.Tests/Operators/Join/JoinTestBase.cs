using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Operators.Join;

/// <summary>Random rows, batching with selections, and an output that checks batch sizes, for join tests.</summary>
public abstract class JoinTestBase : EngineTest
{
    protected JoinTestBase()
    {
        // A join rents several buffers per chunk of pairs; recording a stack trace for each would dominate the run.
        // Leaks still fail the test; set this to true to see where a leaked buffer was rented.
        Pool.TrackRentSites = false;
    }

    /// <summary>A value of <paramref name="type"/> drawn from a small domain (so keys repeat), NULL with probability <paramref name="nulls"/>.</summary>
    protected static object? RandomValue(Random random, SqlType type, int domain, double nulls)
    {
        if (random.NextDouble() < nulls)
        {
            return null;
        }

        int v = random.Next(domain);
        return type.Kind switch
        {
            SqlTypeKind.Int => v,
            SqlTypeKind.BigInt => (long)v * 1_000_000_007L,
            SqlTypeKind.Varchar => v % 3 == 0 ? $"key-{v}-ü" : $"k{v}",
            SqlTypeKind.Decimal => (Int128)v * 12345 - 7,
            _ => throw new NotSupportedException(type.ToString()),
        };
    }

    protected static List<object?[]> RandomRows(Random random, RowSchema schema, int count, int domain, double nulls) =>
        [.. Enumerable.Range(0, count).Select(_ => schema.Fields.Select(f => RandomValue(random, f.Type, domain, nulls)).ToArray())];

    /// <summary>
    /// Feeds <paramref name="rows"/> to <paramref name="join"/> on <paramref name="input"/> in batches of random size
    /// (some empty), half of them carrying a selection that hides extra junk rows.
    /// </summary>
    protected void Feed(IBatchOperator join, int input, RowSchema schema, IReadOnlyList<object?[]> rows, Random random, IBatchCollector output)
    {
        int at = 0;
        while (at < rows.Count || random.Next(8) == 0)
        {
            int take = Math.Min(rows.Count - at, random.Next(0, 60));
            var real = rows.Skip(at).Take(take).ToList();
            at += take;
            if (random.Next(2) == 0)
            {
                join.Process(input, Batch(schema, [.. real]), output);
                continue;
            }

            var physical = new List<object?[]>();
            var live = new List<int>();
            foreach (object?[] row in real)
            {
                if (random.Next(3) == 0)
                {
                    physical.Add(RandomRows(random, schema, 1, 5, 0.2)[0]);
                }

                live.Add(physical.Count);
                physical.Add(row);
            }

            using ColumnBatch all = Batch(schema, [.. physical]);
            join.Process(input, all.WithSelection(Selection.FromIndices([.. live], physical.Count, Pool)), output);
        }

        join.EndInput(input, output);
    }

    /// <summary>Collects rows, checking every batch against the output schema width and the batch-size limit.</summary>
    protected sealed class CheckedOutput(int columns, int maxRows) : IBatchCollector
    {
        private readonly List<object?[]> _rows = [];

        public IReadOnlyList<object?[]> Rows => _rows;

        public int Batches { get; private set; }

        public void Collect(ColumnBatch batch)
        {
            using (batch)
            {
                Assert.Equal(columns, batch.Columns.Count);
                Assert.InRange(batch.Length, 1, maxRows);
                Assert.True(batch.LiveCount > 0, "An empty batch was emitted.");
                _rows.AddRange(EngineTest.Rows(batch));
                Batches++;
            }
        }
    }
}
