using Apache.Arrow;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Tests.Core;

public sealed class ColumnBatchTests : PooledTest
{
    [Fact]
    public void Filter_selects_and_compaction_copies_only_live_rows()
    {
        ColumnVector ids = ColumnFactory.FromNullable(SqlType.BigInt, new long?[] { 1, null, 3, 4 }, Pool);
        ColumnVector names = ColumnFactory.FromStrings(["a", "bb", null, "dddd"], Pool);
        ColumnVector flags = ColumnFactory.FromBooleans([true, false, null, true], Pool);
        using var batch = new ColumnBatch(["id", "name", "flag"], [ids, names, flags], 4);
        using ColumnBatch filtered = batch.WithSelection(Selection.FromIndices([1, 2, 3], 4, Pool));
        Assert.Equal(3, filtered.LiveCount);
        using ColumnBatch compact = filtered.Compact(Pool);
        Assert.Null(compact.Selection);
        Assert.Equal(new object?[] { null, 3L, 4L }, ColumnFactory.ToObjects(compact.Column("id")));
        Assert.Equal(new object?[] { "bb", null, "dddd" }, ColumnFactory.ToObjects(compact.Column("name")));
        Assert.Equal(new object?[] { false, null, true }, ColumnFactory.ToObjects(compact.Column("flag")));
    }

    [Fact]
    public void Row_kinds_travel_with_the_batch()
    {
        ColumnVector v = ColumnFactory.FromValues<long>(SqlType.BigInt, [10, 20], Pool);
        ColumnVector kinds = ColumnFactory.FromValues<sbyte>(SqlType.TinyInt, [(sbyte)RowKind.Insert, (sbyte)RowKind.UpdateBefore], Pool);
        using var batch = new ColumnBatch(["v"], [v], 2, null, kinds);
        Assert.Equal(RowKind.UpdateBefore, batch.RowKindAt(1));
        Assert.True(batch.RowKindAt(1).IsRetraction());
        Assert.Equal("-U", batch.RowKindAt(1).ToShortString());
    }

    [Fact]
    public void Retained_batch_lives_until_the_last_owner_disposes()
    {
        ColumnVector v = ColumnFactory.FromValues<long>(SqlType.BigInt, [1, 2, 3], Pool);
        var batch = new ColumnBatch(["v"], [v], 3);
        batch.Retain();
        batch.Dispose();
        Assert.True(Pool.OutstandingBuffers > 0);
        batch.Dispose();
        Assert.Equal(0, Pool.OutstandingBuffers);
    }

    [Fact]
    public void Sliced_foreign_arrow_arrays_are_normalized()
    {
        var array = new Int64Array.Builder().AppendRange([1, 2, 3, 4, 5]).AppendNull().Append(7).Build();
        IArrowArray sliced = ArrowArrayFactory.Slice(array, 2, 5);
        using ColumnVector column = ColumnVector.FromArrow(sliced, Pool);
        Assert.Equal(new object?[] { 3L, 4L, 5L, null, 7L }, ColumnFactory.ToObjects(column));
        array.Dispose();
    }

    [Fact]
    public void Record_batch_round_trip_through_arrow()
    {
        ColumnVector v = ColumnFactory.FromNullable(SqlType.Int, new int?[] { 1, null, 3 }, Pool);
        using var batch = new ColumnBatch(["v"], [v], 3);
        RecordBatch arrow = batch.ToRecordBatch();
        var values = (Int32Array)arrow.Column(0);
        Assert.Equal(new int?[] { 1, null, 3 }, values.ToArray());
    }
}
