using System.Collections.Concurrent;

namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The consumer's end of all channels feeding one input of a subtask, with credit-based flow control.</summary>
/// <remarks>
/// Each channel starts with a fixed number of credits; a producer spends one per element and gets it back when the
/// consumer takes the element, so at most <c>credits</c> elements per channel are ever buffered and a slow consumer
/// stops its producers instead of filling memory. Elements of one channel arrive in the order they were sent.
/// </remarks>
public sealed class InputGate : IDisposable
{
    private readonly BlockingCollection<(int Channel, ChannelElement Element)> _queue = new(new ConcurrentQueue<(int, ChannelElement)>());
    private readonly List<SemaphoreSlim> _credits = [];
    private readonly int _creditsPerChannel;
    private readonly CancellationToken _cancellation;
    private int _ended;
    private bool _sealed;

    public InputGate(int creditsPerChannel, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(creditsPerChannel, 1);
        _creditsPerChannel = creditsPerChannel;
        _cancellation = cancellation;
    }

    /// <summary>How many channels feed this gate.</summary>
    public int ChannelCount => _credits.Count;

    /// <summary>Adds a channel and returns its producer end. All channels are added before the consumer starts reading.</summary>
    public IChannelWriter AddChannel()
    {
        if (_sealed)
        {
            throw new InvalidOperationException("Channels are added to an input gate before it is read.");
        }

        _credits.Add(new SemaphoreSlim(_creditsPerChannel));
        return new LocalChannel(this, _credits.Count - 1);
    }

    /// <summary>Blocks for the next batch or watermark of any channel; false once every channel has ended.</summary>
    public bool Next(out ChannelElement element, out int channel)
    {
        _sealed = true;
        while (_ended < _credits.Count)
        {
            (channel, element) = _queue.Take(_cancellation);
            _credits[channel].Release();
            if (element.Kind == ChannelElementKind.EndOfData)
            {
                _ended++;
                continue;
            }

            return true;
        }

        element = default;
        channel = -1;
        return false;
    }

    /// <summary>Disposes batches still buffered (a failed or cancelled job).</summary>
    public void Dispose()
    {
        while (_queue.TryTake(out var item))
        {
            item.Element.Batch?.Dispose();
        }

        foreach (SemaphoreSlim credit in _credits)
        {
            credit.Dispose();
        }

        _queue.Dispose();
    }

    private sealed class LocalChannel(InputGate gate, int index) : IChannelWriter
    {
        public void Send(ChannelElement element)
        {
            try
            {
                gate._credits[index].Wait(gate._cancellation);
                gate._queue.Add((index, element), gate._cancellation);
            }
            catch (OperationCanceledException)
            {
                element.Batch?.Dispose();
                throw;
            }
        }
    }
}
