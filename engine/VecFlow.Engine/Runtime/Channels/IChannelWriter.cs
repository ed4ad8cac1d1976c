namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The producer's end of one channel between two subtasks; in-process and network channels implement it.</summary>
/// <remarks>
/// <see cref="Send"/> blocks while the consumer has granted no credit (a free buffer slot), which is how backpressure
/// travels upstream; it throws <see cref="OperationCanceledException"/> when the job is cancelled, and then disposes
/// the element's batch, so no buffer leaks. Sending <see cref="ChannelElement.EndOfData"/> ends the channel.
/// </remarks>
public interface IChannelWriter
{
    void Send(ChannelElement element);
}
