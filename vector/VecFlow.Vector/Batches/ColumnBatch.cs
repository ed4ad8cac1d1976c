using Apache.Arrow;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Batches;

/// <summary>The unit operators exchange: named columns of equal length, the live rows, and (streaming) row kinds.</summary>
/// <remarks>
/// A filter narrows <see cref="Selection"/> instead of copying; <see cref="Compact"/> copies the live rows when that
/// pays. A batch is reference counted: <see cref="Retain"/> adds an owner, <see cref="Dispose"/> drops one, and the
/// last owner releases the columns, the selection and the row kinds.
/// </remarks>
public sealed class ColumnBatch : IDisposable
{
    private readonly ColumnVector[] _columns;
    private int _references = 1;

    public ColumnBatch(IReadOnlyList<string> names, IReadOnlyList<ColumnVector> columns, int length, Selection? selection = null, ColumnVector? rowKinds = null)
    {
        if (names.Count != columns.Count)
        {
            throw new ArgumentException($"A batch needs one name per column; got {names.Count} names for {columns.Count} columns.");
        }

        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length != length)
            {
                throw new ArgumentException($"ColumnVector '{names[i]}' has {columns[i].Length} rows; the batch has {length}.");
            }
        }

        if (selection is not null && selection.Length != length)
        {
            throw new ArgumentException($"The selection covers {selection.Length} rows; the batch has {length}.");
        }

        if (rowKinds is not null && (rowKinds.Length != length || rowKinds.Type.Kind != SqlTypeKind.TinyInt))
        {
            throw new ArgumentException("Row kinds must be a TINYINT column with one value per row.");
        }

        Names = names;
        _columns = [.. columns];
        Length = length;
        Selection = selection;
        RowKinds = rowKinds;
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<ColumnVector> Columns => _columns;

    /// <summary>Physical rows, live or not.</summary>
    public int Length { get; }

    /// <summary>The live rows; null means all rows are live.</summary>
    public Selection? Selection { get; }

    /// <summary>The row kind of each row (see <see cref="RowKind"/>); null means every row is an insert.</summary>
    public ColumnVector? RowKinds { get; }

    /// <summary>Rows that are live.</summary>
    public int LiveCount => Selection?.Count ?? Length;

    public ColumnVector Column(int index) => _columns[index];

    public ColumnVector Column(string name)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return _columns[i];
            }
        }

        throw new KeyNotFoundException($"The batch has no column '{name}'; its columns are {string.Join(", ", Names)}.");
    }

    public RowKind RowKindAt(int row) => RowKinds is null ? RowKind.Insert : (RowKind)RowKinds.Values<sbyte>()[row];

    /// <summary>Adds an owner; each owner disposes once.</summary>
    public ColumnBatch Retain()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new ObjectDisposedException(nameof(ColumnBatch), "A batch was retained after its last owner disposed it.");
        }

        return this;
    }

    /// <summary>A batch over the same columns with <paramref name="selection"/> (owned by the new batch) as its live rows.</summary>
    public ColumnBatch WithSelection(Selection selection) =>
        new(Names, [.. _columns.Select(c => c.Share())], Length, selection, RowKinds?.Share());

    /// <summary>A batch of only the live rows, with no selection; returns this batch, retained, when all rows are live.</summary>
    public ColumnBatch Compact(BufferPool pool)
    {
        if (Selection is null)
        {
            return Retain();
        }

        return Gather(Selection.ToIndices(), pool);
    }

    /// <summary>A new batch of the given physical rows, in that order, with no selection (row kinds kept).</summary>
    public ColumnBatch Gather(ReadOnlySpan<int> rows, BufferPool pool)
    {
        var columns = new List<ColumnVector>(_columns.Length);
        try
        {
            foreach (ColumnVector column in _columns)
            {
                columns.Add(GatherKernels.Gather(column, rows, pool));
            }

            ColumnVector? kinds = RowKinds is null ? null : GatherKernels.Gather(RowKinds, rows, pool);
            return new ColumnBatch(Names, columns, rows.Length, null, kinds);
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
    }

    /// <summary>
    /// An Arrow record batch over the physical rows (all of them, ignoring the selection); a view valid while this
    /// batch is alive. Compact first to export only live rows.
    /// </summary>
    public RecordBatch ToRecordBatch()
    {
        var schema = new Schema.Builder();
        for (int i = 0; i < _columns.Length; i++)
        {
            schema.Field(f => f.Name(Names[i]).DataType(_columns[i].Type.ToArrow()).Nullable(_columns[i].Type.Nullable));
        }

        return new RecordBatch(schema.Build(), _columns.Select(c => c.Array), Length);
    }

    /// <summary>Wraps an Arrow record batch, taking ownership of it.</summary>
    public static ColumnBatch FromRecordBatch(RecordBatch batch, BufferPool pool)
    {
        var names = batch.Schema.FieldsList.Select(f => f.Name).ToList();
        int length = batch.Length;
        return new ColumnBatch(names, ColumnVector.FromRecordBatch(batch, pool), length);
    }

    public void Dispose()
    {
        int now = Interlocked.Decrement(ref _references);
        if (now != 0)
        {
            if (now < 0)
            {
                throw new ObjectDisposedException(nameof(ColumnBatch), "A batch was disposed more often than it was retained.");
            }

            return;
        }

        foreach (ColumnVector column in _columns)
        {
            column.Dispose();
        }

        Selection?.Dispose();
        RowKinds?.Dispose();
    }
}
