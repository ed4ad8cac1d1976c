using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Runtime.Channels;

/// <summary>What travels on a channel: a batch of rows, or the end of the producer's data.</summary>
/// <remarks>Streaming adds watermarks and checkpoint barriers as further kinds; a consumer handles each kind in channel order.</remarks>
public readonly record struct ChannelElement(ChannelElementKind Kind, ColumnBatch? Batch)
{
    public static ChannelElement EndOfData { get; } = new(ChannelElementKind.EndOfData, null);

    public static ChannelElement Data(ColumnBatch batch) => new(ChannelElementKind.Batch, batch);
}

/// <summary>The kinds of <see cref="ChannelElement"/>.</summary>
public enum ChannelElementKind
{
    Batch,
    EndOfData,
}
