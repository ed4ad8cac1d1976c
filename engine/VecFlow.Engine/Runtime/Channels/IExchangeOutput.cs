namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The end of a producer subtask's chain towards its consumers: data, and the events every consumer must see.</summary>
public interface IExchangeOutput : IBatchCollector
{
    /// <summary>The origin stamp (<see cref="ChannelElement.Origin"/>) of the input the producer is working on; sent with every batch and watermark.</summary>
    long Origin { get; set; }

    void SendWatermark(long watermark);

    void SendStatus(bool idle);

    void SendBarrier(CheckpointBarrier barrier);

    void Finish();
}
