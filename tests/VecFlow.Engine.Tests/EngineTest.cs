using System.Globalization;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests;

/// <summary>Base class for engine tests: a pool per test (leaks fail the test) and a private temp directory.</summary>
public abstract class EngineTest : IDisposable
{
    protected EngineTest()
    {
        Pool = new BufferPool(GetType().Name) { TrackRentSites = true };
        Directory = Path.Combine(Path.GetTempPath(), "vecflow-tests", $"{GetType().Name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    protected BufferPool Pool { get; }

    /// <summary>A directory private to this test, deleted afterwards.</summary>
    protected string Directory { get; }

    /// <summary>An operator context over this test's pool, with a spill directory inside the test directory.</summary>
    protected OperatorContext Context(long budgetBytes = long.MaxValue, int batchRows = 65_536) =>
        new(Pool, new MemoryBudget(budgetBytes), Path.Combine(Directory, "spill-" + Guid.NewGuid().ToString("N")[..8])) { BatchRows = batchRows };

    /// <summary>A batch from managed rows (values as <see cref="ColumnFactory.Constant"/> accepts them: long for BIGINT, Int128 unscaled for DECIMAL, ...).</summary>
    protected ColumnBatch Batch(RowSchema schema, params object?[][] rows)
    {
        var columns = new List<ColumnVector>(schema.Count);
        for (int c = 0; c < schema.Count; c++)
        {
            columns.Add(ColumnOf(schema[c].Type, [.. rows.Select(r => r[c])]));
        }

        return new ColumnBatch(schema.Names, columns, rows.Length);
    }

    /// <summary>The live rows of a batch as managed values (see <see cref="ColumnFactory.ToObjects"/>).</summary>
    protected static List<object?[]> Rows(ColumnBatch batch)
    {
        var columns = batch.Columns.Select(ColumnFactory.ToObjects).ToList();
        var rows = new List<object?[]>(batch.LiveCount);
        for (int r = 0; r < batch.Length; r++)
        {
            if (batch.Selection is null || batch.Selection.IsSelected(r))
            {
                rows.Add([.. columns.Select(c => c[r])]);
            }
        }

        return rows;
    }

    /// <summary>Collects emitted batches; <see cref="Rows"/> reads them all back and disposes them.</summary>
    protected sealed class CollectingOutput : IBatchCollector
    {
        private readonly List<ColumnBatch> _batches = [];

        public int BatchCount => _batches.Count;

        public void Collect(ColumnBatch batch) => _batches.Add(batch);

        public List<object?[]> TakeRows()
        {
            var rows = _batches.SelectMany(EngineTest.Rows).ToList();
            _batches.ForEach(b => b.Dispose());
            _batches.Clear();
            return rows;
        }
    }

    public void Dispose()
    {
        try
        {
            Pool.AssertNoLeaks();
        }
        finally
        {
            Pool.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }

            GC.SuppressFinalize(this);
        }
    }

    private ColumnVector ColumnOf(SqlType type, object?[] values)
    {
        if (type.Kind == SqlTypeKind.Varchar)
        {
            return ColumnFactory.FromStrings([.. values.Select(v => (string?)v)], Pool);
        }

        if (type.Kind == SqlTypeKind.Boolean)
        {
            return ColumnFactory.FromBooleans([.. values.Select(v => (bool?)v)], Pool);
        }

        return type.Kind switch
        {
            SqlTypeKind.TinyInt => ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (sbyte?)null : Convert.ToSByte(v, CultureInfo.InvariantCulture))], Pool),
            SqlTypeKind.SmallInt => ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (short?)null : Convert.ToInt16(v, CultureInfo.InvariantCulture))], Pool),
            SqlTypeKind.Int or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.IntervalYearMonth =>
                ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture))], Pool),
            SqlTypeKind.BigInt or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz or SqlTypeKind.IntervalDayTime =>
                ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture))], Pool),
            SqlTypeKind.Float => ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (float?)null : Convert.ToSingle(v, CultureInfo.InvariantCulture))], Pool),
            SqlTypeKind.Double => ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture))], Pool),
            SqlTypeKind.Decimal => ColumnFactory.FromNullable(type, [.. values.Select(v => v is null ? (Int128?)null : v is Int128 i ? i : (Int128)Convert.ToInt64(v, CultureInfo.InvariantCulture))], Pool),
            _ => throw new NotSupportedException($"Test batches cannot hold {type}."),
        };
    }
}
