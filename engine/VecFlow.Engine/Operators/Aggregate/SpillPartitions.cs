using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Aggregate;

/// <summary>Raw input rows of one aggregation pass that did not fit, hash-partitioned by group key into spill files.</summary>
/// <remarks>
/// Level L uses hash bits [4L, 4L + 4): every row of one partition shares the bits of all levels above it, so the next
/// level splits on fresh bits. <see cref="GroupIdMap"/> places keys by the hash's high bits, which these low bits never
/// reach in practice (8 levels use 32 bits).
/// </remarks>
internal sealed class SpillPartitions : IDisposable
{
    public const int BitsPerLevel = 4;
    public const int Fanout = 1 << BitsPerLevel;

    private readonly SpillFile?[] _files = new SpillFile?[Fanout];
    private readonly RowSchema _schema;
    private readonly IReadOnlyList<int> _keyColumns;
    private readonly OperatorContext _context;
    private readonly int _shift;
    private readonly int _level;

    public SpillPartitions(RowSchema schema, IReadOnlyList<int> keyColumns, int level, OperatorContext context)
    {
        _schema = schema;
        _keyColumns = keyColumns;
        _level = level;
        _shift = level * BitsPerLevel;
        _context = context;
    }

    /// <summary>Appends the rows of <paramref name="batch"/> set in <paramref name="rows"/> to their partitions (the caller keeps the batch).</summary>
    public void Append(ColumnBatch batch, ReadOnlySpan<ulong> rows)
    {
        int n = batch.Length;
        int words = Bits.WordCount(n);
        BufferPool pool = _context.Pool;
        NativeBuffer hashBuffer = pool.Rent(n * sizeof(ulong));
        NativeBuffer partitionBuffer = pool.Rent(Fanout * words * sizeof(ulong), zeroed: true);
        try
        {
            Span<ulong> hashes = hashBuffer.As<ulong>()[..n];
            var keys = new ColumnVector[_keyColumns.Count];
            for (int k = 0; k < keys.Length; k++)
            {
                keys[k] = batch.Column(_keyColumns[k]);
            }

            HashKernels.Hash(keys, hashes);
            Span<ulong> bits = partitionBuffer.As<ulong>();
            Span<int> counts = stackalloc int[Fanout];
            foreach (int row in new SetBitEnumerator(rows, n))
            {
                int partition = (int)(hashes[row] >> _shift) & (Fanout - 1);
                Bits.Set(bits.Slice(partition * words, words), row);
                counts[partition]++;
            }

            for (int p = 0; p < Fanout; p++)
            {
                if (counts[p] == 0)
                {
                    continue;
                }

                SpillFile file = _files[p] ??= SpillFile.Create(_context.SpillDirectory, _schema, $"aggregate-L{_level}-p{p}");
                using ColumnBatch part = batch.WithSelection(Selection.FromWords(bits.Slice(p * words, words), n, pool));
                file.Append(part, pool);
            }
        }
        finally
        {
            hashBuffer.Release();
            partitionBuffer.Release();
        }
    }

    /// <summary>Finishes writing and hands over the non-empty partition files (the caller disposes them).</summary>
    public List<SpillFile> Finish()
    {
        var finished = new List<SpillFile>();
        for (int p = 0; p < Fanout; p++)
        {
            if (_files[p] is { } file)
            {
                _files[p] = null;
                finished.Add(file);
                file.FinishWriting();
                _context.Metrics.AddSpill(file.Bytes);
            }
        }

        return finished;
    }

    public void Dispose()
    {
        for (int p = 0; p < Fanout; p++)
        {
            _files[p]?.Dispose();
            _files[p] = null;
        }
    }
}
