using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Runtime.Channels;

/// <summary>What travels on a channel: a batch of rows, a watermark, a checkpoint barrier, or the end of the producer's data.</summary>
/// <remarks>
/// Elements of one channel are handled in the order they were sent.
/// <paramref name="Origin"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the source read the
/// batch this element results from (0: unknown); sinks measure event-to-sink latency from it.
/// </remarks>
public readonly record struct ChannelElement(ChannelElementKind Kind, ColumnBatch? Batch, long Watermark = long.MinValue, CheckpointBarrier? Barrier = null, long Origin = 0)
{
    public static ChannelElement EndOfData { get; } = new(ChannelElementKind.EndOfData, null);

    public static ChannelElement Data(ColumnBatch batch) => new(ChannelElementKind.Batch, batch);

    /// <summary>No row with an event time at or below <paramref name="watermark"/> (epoch millis) follows on this channel.</summary>
    public static ChannelElement Mark(long watermark) => new(ChannelElementKind.Watermark, null, watermark);

    /// <summary>The producer has no data for a while: until it sends <see cref="Active"/>, consumers leave this channel out of their minimum watermark.</summary>
    public static ChannelElement Idle { get; } = new(ChannelElementKind.Idle, null);

    /// <summary>The producer has data again after <see cref="Idle"/>: its channel holds the consumers' watermark back again.</summary>
    public static ChannelElement Active { get; } = new(ChannelElementKind.Active, null);

    /// <summary>Everything the producer sent before this belongs to checkpoint <see cref="CheckpointBarrier.Id"/>; everything after, to later ones.</summary>
    public static ChannelElement Cut(CheckpointBarrier barrier) => new(ChannelElementKind.Barrier, null, Barrier: barrier);
}

/// <summary>The kinds of <see cref="ChannelElement"/>.</summary>
public enum ChannelElementKind
{
    Batch,
    Watermark,
    Barrier,
    EndOfData,

    /// <summary>The producer is idle (<c>table.exec.source.idle-timeout</c>): the channel does not hold watermarks back.</summary>
    Idle,

    /// <summary>The producer is active again after <see cref="Idle"/>.</summary>
    Active,
}

/// <summary>A checkpoint barrier: the cut in a stream between checkpoint <paramref name="Id"/> and the next.</summary>
/// <param name="Id">The checkpoint's number, increasing within a job.</param>
/// <param name="IsSavepoint">True when the user asked for this snapshot (a savepoint) rather than the periodic coordinator.</param>
public sealed record CheckpointBarrier(long Id, bool IsSavepoint = false);
