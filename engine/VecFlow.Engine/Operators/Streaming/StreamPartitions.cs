using VecFlow.Engine.Schema;
using VecFlow.State.Encoding;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Maps the live rows of a batch to the PARTITION BY keys they touch: dense partition ids and one encoded state key per partition.</summary>
/// <remarks>
/// The whole batch is grouped at once (<see cref="GroupIdMap"/>) and the distinct keys encoded with one
/// <see cref="KeyEncoder"/> call, so the caller reads and writes every touched partition's state with one batched call.
/// Without partition keys every row belongs to one partition, kept in the first key group the subtask owns (such an
/// operator runs at parallelism 1).
/// </remarks>
internal sealed class StreamPartitions
{
    private readonly int[] _columns;
    private readonly SqlType[] _types;
    private readonly KeyEncoder? _encoder;
    private readonly int _maxParallelism;

    public StreamPartitions(RowSchema input, IReadOnlyList<int> partitionKeys, int maxParallelism)
    {
        _columns = [.. partitionKeys];
        _types = [.. partitionKeys.Select(k => input[k].Type)];
        _maxParallelism = maxParallelism;
        _encoder = _columns.Length > 0 ? new KeyEncoder(_types, maxParallelism) : null;
        Keys = new EncodedKeys(maxParallelism);
    }

    /// <summary>The state key of each partition the last <see cref="Map"/> touched (key p = partition p).</summary>
    public EncodedKeys Keys { get; }

    /// <summary>Writes the partition of every live row into <paramref name="ids"/> and returns how many partitions the batch touches.</summary>
    public int Map(ColumnBatch batch, Span<int> ids, int firstKeyGroup, BufferPool pool)
    {
        if (_encoder is null)
        {
            ids[..batch.Length].Clear();
            GlobalKey(firstKeyGroup);
            return 1;
        }

        using var map = new GroupIdMap(_types, pool, Math.Min(Math.Max(batch.LiveCount, 1), 1024));
        var keyColumns = new ColumnVector[_columns.Length];
        for (int k = 0; k < keyColumns.Length; k++)
        {
            keyColumns[k] = batch.Column(_columns[k]);
        }

        map.Map(keyColumns, batch.Selection is { } selection ? selection.Words : default, ids);
        IReadOnlyList<ColumnVector> keys = map.Keys(pool);
        using var keyBatch = new ColumnBatch([.. _columns.Select((_, i) => "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))], keys, map.GroupCount);
        _encoder.Encode(keyBatch, Enumerable.Range(0, _columns.Length).ToArray(), Keys);
        return map.GroupCount;
    }

    /// <summary>The key of the one partition: empty bytes with a hash that lands in <paramref name="keyGroup"/>.</summary>
    private void GlobalKey(int keyGroup)
    {
        Keys.Clear();
        Keys.Add([], KeyGroupAssignment.HashInKeyGroup(keyGroup, _maxParallelism), 0);
    }
}
