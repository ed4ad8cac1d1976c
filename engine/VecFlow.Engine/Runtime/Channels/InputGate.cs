using System.Collections.Concurrent;

namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The consumer's end of the channels feeding a subtask (one input, or all inputs of a streaming subtask), with credit-based flow control.</summary>
/// <remarks>
/// Each channel starts with a fixed number of credits; a producer spends one per element and gets it back when the
/// consumer takes the element, so at most <c>credits</c> elements per channel are ever buffered and a slow consumer
/// stops its producers instead of filling memory. Elements of one channel arrive in the order they were sent.
/// A blocked channel (<see cref="Block"/>, used to align checkpoint barriers) keeps its elements back, without giving
/// their credits back, until <see cref="UnblockAll"/>: its producer soon stops, and nothing after the barrier is seen
/// before the checkpoint.
/// </remarks>
public sealed class InputGate : IDisposable
{
    private readonly BlockingCollection<(int Channel, ChannelElement Element)> _queue = new(new ConcurrentQueue<(int, ChannelElement)>());
    private readonly List<SemaphoreSlim> _credits = [];
    private readonly List<int> _inputs = [];
    private readonly List<Queue<ChannelElement>?> _held = [];
    private readonly Queue<(int Channel, ChannelElement Element)> _released = new();
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

    /// <summary>Adds a channel feeding input <paramref name="input"/> and returns its producer end. All channels are added before the consumer starts reading.</summary>
    public IChannelWriter AddChannel(int input = 0)
    {
        if (_sealed)
        {
            throw new InvalidOperationException("Channels are added to an input gate before it is read.");
        }

        _credits.Add(new SemaphoreSlim(_creditsPerChannel));
        _inputs.Add(input);
        _held.Add(null);
        return new LocalChannel(this, _credits.Count - 1);
    }

    /// <summary>The consumer input a channel feeds.</summary>
    public int InputOf(int channel) => _inputs[channel];

    /// <summary>How many channels feed input <paramref name="input"/>.</summary>
    public int ChannelsOf(int input) => _inputs.Count(i => i == input);

    /// <summary>Blocks for the next batch or watermark of any channel, skipping barriers; false once every channel has ended.</summary>
    public bool Next(out ChannelElement element, out int channel)
    {
        while (NextElement(out element, out channel))
        {
            if (element.Kind is ChannelElementKind.Batch or ChannelElementKind.Watermark)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Blocks for the next element of any unblocked channel, its end of data included (once per channel); false once every channel has ended.</summary>
    public bool NextElement(out ChannelElement element, out int channel) => TryNextElement(Timeout.InfiniteTimeSpan, out element, out channel);

    /// <summary>True once every channel has ended and every element has been taken.</summary>
    public bool Finished => _released.Count == 0 && _ended >= _credits.Count;

    /// <summary>
    /// Like <see cref="NextElement"/>, but waits at most <paramref name="timeout"/>: false when nothing came in time or
    /// every channel has ended (<see cref="Finished"/> tells which), so a streaming consumer can act on the clock
    /// (processing-time timers) while its inputs are quiet.
    /// </summary>
    public bool TryNextElement(TimeSpan timeout, out ChannelElement element, out int channel)
    {
        _sealed = true;
        long started = Environment.TickCount64;
        while (_released.Count > 0 || _ended < _credits.Count)
        {
            if (_released.Count > 0)
            {
                (channel, element) = _released.Dequeue();
            }
            else
            {
                if (timeout == Timeout.InfiniteTimeSpan)
                {
                    (channel, element) = _queue.Take(_cancellation);
                }
                else
                {
                    long left = (long)timeout.TotalMilliseconds - (Environment.TickCount64 - started);
                    if (left <= 0 || !_queue.TryTake(out var item, (int)Math.Min(left, int.MaxValue), _cancellation))
                    {
                        break;
                    }

                    (channel, element) = item;
                }

                if (_held[channel] is { } held)
                {
                    // Keeps the credit: the blocked channel's producer stops after a few more elements.
                    held.Enqueue(element);
                    if (element.Kind == ChannelElementKind.EndOfData)
                    {
                        _ended++;
                    }

                    continue;
                }

                if (element.Kind == ChannelElementKind.EndOfData)
                {
                    _ended++;
                }
            }

            _credits[channel].Release();
            return true;
        }

        element = default;
        channel = -1;
        return false;
    }

    /// <summary>Holds back the channel's further elements until <see cref="UnblockAll"/> (barrier alignment).</summary>
    public void Block(int channel) => _held[channel] ??= new Queue<ChannelElement>();

    /// <summary>Releases every blocked channel; their held elements come next, in their order.</summary>
    public void UnblockAll()
    {
        for (int c = 0; c < _held.Count; c++)
        {
            if (_held[c] is { } held)
            {
                _held[c] = null;
                while (held.TryDequeue(out ChannelElement element))
                {
                    _released.Enqueue((c, element));
                }
            }
        }
    }

    /// <summary>Disposes batches still buffered (a failed or cancelled job).</summary>
    public void Dispose()
    {
        while (_queue.TryTake(out var item))
        {
            item.Element.Batch?.Dispose();
        }

        foreach (var (_, element) in _released)
        {
            element.Batch?.Dispose();
        }

        foreach (Queue<ChannelElement>? held in _held)
        {
            foreach (ChannelElement element in held ?? [])
            {
                element.Batch?.Dispose();
            }
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
