using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests;

public sealed class SpillFileTests : IDisposable
{
    private readonly BufferPool _pool = new("spill-tests");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vecflow-spill-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Live_rows_round_trip_through_an_arrow_ipc_spill_file()
    {
        var schema = new RowSchema([new Field("id", SqlType.BigInt), new Field("name", SqlType.Varchar), new Field("price", SqlType.Decimal(10, 2))]);
        using (SpillFile file = SpillFile.Create(_directory, schema))
        {
            using (ColumnBatch batch = Batch([1, 2, 3], ["a", null, "ccc"], [100, 250, -5], selected: [0, 2]))
            {
                file.Append(batch, _pool);
            }

            using (ColumnBatch batch = Batch([4], ["d"], [1], selected: null))
            {
                file.Append(batch, _pool);
            }

            file.FinishWriting();
            Assert.Equal(3, file.Rows);
            var rows = new List<object?[]>();
            foreach (ColumnBatch read in file.Read(_pool))
            {
                using (read)
                {
                    for (int r = 0; r < read.Length; r++)
                    {
                        rows.Add([.. read.Columns.Select(c => ColumnFactory.ToObjects(c)[r])]);
                    }
                }
            }

            Assert.Equal(
                [[1L, "a", (Int128)100], [3L, "ccc", (Int128)(-5)], [4L, "d", (Int128)1]],
                rows);
            Assert.True(File.Exists(file.Path));
            string path = file.Path;
            file.Dispose();
            Assert.False(File.Exists(path));
        }

        _pool.AssertNoLeaks();
    }

    [Fact]
    public void Reading_before_finishing_is_refused()
    {
        var schema = new RowSchema([new Field("id", SqlType.BigInt)]);
        using SpillFile file = SpillFile.Create(_directory, schema);
        using (ColumnBatch batch = new(["id"], [ColumnFactory.FromValues<long>(SqlType.BigInt, [1L], _pool)], 1))
        {
            file.Append(batch, _pool);
        }

        Assert.Throws<InvalidOperationException>(() => file.Read(_pool).ToList());
        file.FinishWriting();
    }

    private ColumnBatch Batch(long[] ids, string?[] names, long[] cents, int[]? selected)
    {
        int n = ids.Length;
        Int128[] prices = [.. cents.Select(c => (Int128)c)];
        return new ColumnBatch(
            ["id", "name", "price"],
            [
                ColumnFactory.FromValues<long>(SqlType.BigInt, ids, _pool),
                ColumnFactory.FromStrings(names, _pool),
                ColumnFactory.FromValues<Int128>(SqlType.Decimal(10, 2), prices, _pool),
            ],
            n,
            selected is null ? null : Selection.FromIndices(selected, n, _pool));
    }

    public void Dispose()
    {
        _pool.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
