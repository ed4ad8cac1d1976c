namespace VecFlow.Engine.Runtime.Channels;

/// <summary>The consumer's end of the channels feeding a subtask (one input, or all inputs of a streaming subtask), with credit-based flow control.</summary>
/// <remarks>
/// Each channel starts with a fixed number of credits; a producer spends one per element and gets it back when the
/// consumer takes the element, so at most <c>credits</c> elements per channel are ever buffered and a slow consumer
/// stops its producers instead of filling memory. Elements of one channel arrive in the order they were sent.
/// A blocked channel (<see cref="Block"/>, used to align checkpoint barriers) keeps its elements back, without giving
/// their credits back, until <see cref="UnblockAll"/>: its producer soon stops, and nothing after the barrier is seen
/// before the checkpoint.
/// <para>Waits block on monitors and never spin: on a machine with few cores, a spinning consumer or producer burns
/// the CPU the subtask it waits for needs (profiles of Nexmark q5 showed a sixth of the job's CPU time in the
/// spin-waits of <c>BlockingCollection</c> and <c>SemaphoreSlim</c>).</para>
/// </remarks>
public sealed class InputGate : IDisposable
{
    private readonly Queue<(int Channel, ChannelElement Element)> _queue = new();
    private readonly object _queueLock = new();
    private readonly List<ChannelCredits> _credits = [];
    private readonly List<int> _inputs = [];
    private readonly List<Queue<ChannelElement>?> _held = [];
    private readonly Queue<(int Channel, ChannelElement Element)> _released = new();
    private readonly int _creditsPerChannel;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _wakeOnCancel;
    private int _ended;
    private bool _sealed;

    public InputGate(int creditsPerChannel, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(creditsPerChannel, 1);
        _creditsPerChannel = creditsPerChannel;
        _cancellation = cancellation;
        _wakeOnCancel = cancellation.Register(WakeAll);
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

        _credits.Add(new ChannelCredits(_creditsPerChannel));
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
                if (!Take(timeout, started, out channel, out element))
                {
                    break;
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

    /// <summary>Takes the oldest queued element, waiting on the queue's monitor until one comes or the timeout passes.</summary>
    private bool Take(TimeSpan timeout, long started, out int channel, out ChannelElement element)
    {
        lock (_queueLock)
        {
            while (_queue.Count == 0)
            {
                _cancellation.ThrowIfCancellationRequested();
                if (timeout == Timeout.InfiniteTimeSpan)
                {
                    Monitor.Wait(_queueLock);
                    continue;
                }

                long left = (long)timeout.TotalMilliseconds - (Environment.TickCount64 - started);
                if (left <= 0)
                {
                    channel = -1;
                    element = default;
                    return false;
                }

                Monitor.Wait(_queueLock, (int)Math.Min(left, int.MaxValue));
            }

            (channel, element) = _queue.Dequeue();
            return true;
        }
    }

    private void Enqueue(int channel, ChannelElement element)
    {
        lock (_queueLock)
        {
            _cancellation.ThrowIfCancellationRequested();
            _queue.Enqueue((channel, element));
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queueLock);
            }
        }
    }

    /// <summary>Wakes every waiter so it sees the cancellation.</summary>
    private void WakeAll()
    {
        lock (_queueLock)
        {
            Monitor.PulseAll(_queueLock);
        }

        foreach (ChannelCredits credit in _credits.ToArray())
        {
            credit.Wake();
        }
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
        _wakeOnCancel.Dispose();
        lock (_queueLock)
        {
            while (_queue.TryDequeue(out var item))
            {
                item.Element.Batch?.Dispose();
            }
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

    }

    private sealed class LocalChannel(InputGate gate, int index) : IChannelWriter
    {
        public void Send(ChannelElement element)
        {
            try
            {
                gate._credits[index].Take(gate._cancellation);
                gate.Enqueue(index, element);
            }
            catch (OperationCanceledException)
            {
                element.Batch?.Dispose();
                throw;
            }
        }
    }

    /// <summary>The credits of one channel: its producer takes one per element and waits on the monitor when none is left.</summary>
    private sealed class ChannelCredits(int initial)
    {
        private int _available = initial;
        private int _waiting;

        public void Take(CancellationToken cancellation)
        {
            lock (this)
            {
                while (_available == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    _waiting++;
                    try
                    {
                        Monitor.Wait(this);
                    }
                    finally
                    {
                        _waiting--;
                    }
                }

                _available--;
            }
        }

        public void Release()
        {
            lock (this)
            {
                _available++;
                if (_waiting > 0)
                {
                    Monitor.Pulse(this);
                }
            }
        }

        public void Wake()
        {
            lock (this)
            {
                Monitor.PulseAll(this);
            }
        }
    }
}
