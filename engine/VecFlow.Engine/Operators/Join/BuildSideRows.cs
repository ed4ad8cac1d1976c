using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Join;

/// <summary>A join's build rows as one column per field (row ids 0..Count-1) and which of them found a match.</summary>
/// <remarks>One row-id space lets a chunk of (probe row, build row) pairs gather its build columns with one call each.</remarks>
internal sealed class BuildSideRows : IDisposable
{
    private readonly List<ColumnVector> _columns;
    private readonly ulong[] _matched;
    private readonly BufferPool _pool;

    /// <summary>Concatenates <paramref name="batches"/> (without selections; the caller keeps ownership).</summary>
    public BuildSideRows(RowSchema schema, IReadOnlyList<ColumnBatch> batches, BufferPool pool)
    {
        _pool = pool;
        _columns = new List<ColumnVector>(schema.Count);
        try
        {
            for (int c = 0; c < schema.Count; c++)
            {
                _columns.Add(ColumnConcatenation.Concatenate(schema[c].Type, [.. batches.Select(b => b.Column(c))], pool));
            }
        }
        catch
        {
            _columns.ForEach(c => c.Dispose());
            throw;
        }

        Count = batches.Sum(b => b.Length);
        _matched = new ulong[Bits.WordCount(Count)];
    }

    public int Count { get; }

    public IReadOnlyList<ColumnVector> Columns => _columns;

    /// <summary>Bit r is set once build row r matched a probe row.</summary>
    public Span<ulong> Matched => _matched;

    /// <summary>Puts the rows in the order <paramref name="order"/> lists them (a permutation of 0..Count-1), before any match.</summary>
    public void Reorder(ReadOnlySpan<int> order)
    {
        for (int c = 0; c < _columns.Count; c++)
        {
            ColumnVector reordered = GatherKernels.Gather(_columns[c], order, _pool);
            _columns[c].Dispose();
            _columns[c] = reordered;
        }
    }

    public long MemoryBytes => _columns.Sum(BatchFootprint.Bytes) + ((long)_matched.Length * sizeof(ulong));

    public void Dispose() => _columns.ForEach(c => c.Dispose());
}
