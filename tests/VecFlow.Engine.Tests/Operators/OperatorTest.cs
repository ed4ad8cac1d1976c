using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Engine.Tests.Operators;

/// <summary>Engine tests that push managed rows through one operator in many batches, some with dead rows deselected.</summary>
public abstract class OperatorTest : EngineTest
{
    // Rent-site stack traces make these many-batch tests several times slower; leaks still fail the test.
    protected OperatorTest() => Pool.TrackRentSites = false;

    /// <summary>
    /// Opens <paramref name="op"/>, feeds <paramref name="rows"/> in batches of about <paramref name="batchRows"/> live rows
    /// (with <paramref name="withSelections"/>, each batch also carries dead rows copied from elsewhere that its selection excludes),
    /// ends the input and returns the rows emitted.
    /// </summary>
    protected List<object?[]> Run(IBatchOperator op, OperatorContext context, RowSchema schema, IReadOnlyList<object?[]> rows, int batchRows, bool withSelections = false, int seed = 7)
    {
        var random = new Random(seed);
        var output = new CollectingOutput();
        op.Open(context);
        for (int start = 0; start < rows.Count; start += batchRows)
        {
            var chunk = rows.Skip(start).Take(batchRows).ToList();
            op.Process(0, withSelections ? WithDeadRows(schema, chunk, rows, random) : Batch(schema, [.. chunk]), output);
        }

        op.EndInput(0, output);
        return output.TakeRows();
    }

    private ColumnBatch WithDeadRows(RowSchema schema, List<object?[]> live, IReadOnlyList<object?[]> all, Random random)
    {
        var physical = new List<object?[]>();
        var selected = new List<int>();
        foreach (object?[] row in live)
        {
            while (random.Next(3) == 0)
            {
                physical.Add(all[random.Next(all.Count)]);
            }

            selected.Add(physical.Count);
            physical.Add(row);
        }

        physical.Add(all[random.Next(all.Count)]);
        ColumnBatch batch = Batch(schema, [.. physical]);
        using (batch)
        {
            return batch.WithSelection(Selection.FromIndices([.. selected], physical.Count, Pool));
        }
    }

    protected static string Show(IEnumerable<object?[]> rows) =>
        string.Join("\n", rows.Select(r => string.Join(" | ", r.Select(v => v switch
        {
            null => "NULL",
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }))));
}
