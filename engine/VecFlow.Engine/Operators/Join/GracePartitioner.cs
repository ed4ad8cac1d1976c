using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Hashing;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Join;

/// <summary>Splits the build and probe rows of a join into <see cref="Fanout"/> spill partitions by key hash.</summary>
/// <remarks>
/// Each level of a grace hash join re-mixes the key hash with its own salt, so a partition that is still too large
/// splits again along independent bits, and a row's partition at every level follows from its key alone: matching
/// build and probe rows always land in partitions with the same path.
/// </remarks>
internal sealed class GracePartitioner : IDisposable
{
    public const int Fanout = 16;

    private const long MinFlushBytes = 16 << 10;
    private const long MaxFlushBytes = 1 << 20;

    private readonly int _level;
    private readonly IReadOnlyList<int> _buildKeys;
    private readonly IReadOnlyList<int> _probeKeys;
    private readonly BufferPool _pool;
    private readonly List<GracePartition> _partitions = [];
    private bool _handedOver;

    public GracePartitioner(int level, RowSchema buildSchema, RowSchema probeSchema, IReadOnlyList<int> buildKeys, IReadOnlyList<int> probeKeys, OperatorContext context)
    {
        _level = level;
        _buildKeys = buildKeys;
        _probeKeys = probeKeys;
        _pool = context.Pool;

        // Slices wait per partition until worth a record batch; all partitions together hold about half the budget.
        long flushBytes = Math.Clamp(context.Budget.Bytes / (4 * Fanout), MinFlushBytes, MaxFlushBytes);
        try
        {
            for (int p = 0; p < Fanout; p++)
            {
                _partitions.Add(new GracePartition(context.SpillDirectory, buildSchema, probeSchema, _pool, flushBytes));
            }
        }
        catch
        {
            _partitions.ForEach(p => p.Dispose());
            throw;
        }
    }

    /// <summary>Writes the rows set in <paramref name="rows"/> (live, non-NULL keys) to the build files of their partitions.</summary>
    public void AddBuild(ColumnBatch batch, ReadOnlySpan<ulong> rows) => Split(batch, rows, _buildKeys, build: true);

    /// <summary>Writes the rows set in <paramref name="rows"/> (live, non-NULL keys) to the probe files of their partitions.</summary>
    public void AddProbe(ColumnBatch batch, ReadOnlySpan<ulong> rows) => Split(batch, rows, _probeKeys, build: false);

    /// <summary>Ends writing and hands the partitions to the caller, who disposes each.</summary>
    public IReadOnlyList<GracePartition> Finish(OperatorMetrics metrics)
    {
        foreach (GracePartition partition in _partitions)
        {
            partition.FinishWriting(metrics);
        }

        _handedOver = true;
        return _partitions;
    }

    private void Split(ColumnBatch batch, ReadOnlySpan<ulong> rows, IReadOnlyList<int> keys, bool build)
    {
        int n = batch.Length;
        if (n == 0)
        {
            return;
        }

        ulong[] hashes = new ulong[n];
        HashKernels.Hash([.. keys.Select(batch.Column)], hashes);
        int words = Bits.WordCount(n);
        ulong[][] members = new ulong[Fanout][];
        ulong salt = (ulong)(_level + 1) * HashMixer.NullHash;
        for (int w = 0; w < words; w++)
        {
            ulong word = rows[w];
            while (word != 0)
            {
                int row = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                int p = (int)(HashMixer.Mix(hashes[row] ^ salt) >> 60);
                (members[p] ??= new ulong[words])[w] |= 1UL << row;
                if (build)
                {
                    _partitions[p].NoteBuildHash(hashes[row]);
                }

                word &= word - 1;
            }
        }

        for (int p = 0; p < Fanout; p++)
        {
            if (members[p] is not { } member)
            {
                continue;
            }

            using ColumnBatch part = batch.WithSelection(Selection.FromWords(member, n, _pool));
            _partitions[p].Add(part.Compact(_pool), build);
        }
    }

    public void Dispose()
    {
        if (!_handedOver)
        {
            _partitions.ForEach(p => p.Dispose());
        }
    }
}
