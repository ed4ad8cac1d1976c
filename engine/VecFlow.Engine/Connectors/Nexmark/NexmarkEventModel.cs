namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>Where event n stands in the Nexmark model: its kind, the ids that exist before it, and its event time.</summary>
/// <remarks>
/// <para>Events come in epochs of <c>T = p + a + b</c> (the proportions): offset <c>n mod T</c> below p is a person,
/// below p + a an auction, else a bid. Person and auction ids are dense from 1000 in event order, so the id of the
/// latest person at event n is <c>1000 + epoch * p + min(offset, p - 1)</c>, and likewise for auctions. Before the
/// first person (or auction) exists, references fall back to id 1000.</para>
/// <para>Event time follows Flink's SQUARE rate shape with its default 600 s period: the rate alternates between
/// <c>first-event.rate</c> and <c>next-event.rate</c> every 300 s of event time. Within a step event m is at
/// <c>floor(m * 10^6 / rate)</c> microseconds, exact integer math without accumulated rounding; timestamps are
/// milliseconds (the microseconds floored) after the base time.</para>
/// </remarks>
internal sealed class NexmarkEventModel
{
    public const long FirstPersonId = 1000;
    public const long FirstAuctionId = 1000;
    public const long FirstCategoryId = 10;
    public const int CategoryCount = 5;

    /// <summary>Auctions open at one time, on average; sets the auction length and the "recent auction" window.</summary>
    public const int InFlightAuctions = 100;

    /// <summary>Persons a non-hot seller or bidder is drawn from (the most recent ones).</summary>
    public const int ActivePersons = 1000;

    /// <summary>Hot sellers, bidders and auctions are ids rounded down to a multiple of this.</summary>
    public const int HotIdRatio = 100;

    private const long StepMicros = 300_000_000;
    private const long MicrosPerSecond = 1_000_000;

    private readonly long _firstRate;
    private readonly long _nextRate;
    private readonly long _eventsInFirstStep;
    private readonly long _eventsPerCycle;

    public NexmarkEventModel(NexmarkOptions options)
    {
        PersonProportion = options.PersonProportion;
        AuctionProportion = options.AuctionProportion;
        TotalProportion = options.TotalProportion;
        BaseTimeMillis = options.BaseTimeMillis;
        _firstRate = options.FirstEventRate;
        _nextRate = options.NextEventRate;
        _eventsInFirstStep = StepMicros / MicrosPerSecond * _firstRate;
        _eventsPerCycle = _eventsInFirstStep + (StepMicros / MicrosPerSecond * _nextRate);
        AuctionHorizonEvents = AuctionProportion == 0 ? 0 : (long)InFlightAuctions * TotalProportion / AuctionProportion;
    }

    public int PersonProportion { get; }

    public int AuctionProportion { get; }

    public int TotalProportion { get; }

    public long BaseTimeMillis { get; }

    /// <summary>Events spanned by <see cref="InFlightAuctions"/> auctions; an auction lasts up to twice that much event time.</summary>
    public long AuctionHorizonEvents { get; }

    /// <summary>The kind of the event at <paramref name="offset"/> within its epoch.</summary>
    public NexmarkEventKind KindAt(int offset) =>
        offset < PersonProportion ? NexmarkEventKind.Person
        : offset < PersonProportion + AuctionProportion ? NexmarkEventKind.Auction
        : NexmarkEventKind.Bid;

    /// <summary>Zero-based index of the latest person at or before the event (0 when none exists yet).</summary>
    public long LastPersonIndex(long epoch, int offset)
    {
        if (PersonProportion == 0)
        {
            return 0;
        }

        return (epoch * PersonProportion) + Math.Min(offset, PersonProportion - 1);
    }

    /// <summary>Zero-based index of the latest auction at or before the event (0 when none exists yet).</summary>
    public long LastAuctionIndex(long epoch, int offset)
    {
        if (AuctionProportion == 0)
        {
            return 0;
        }

        if (offset < PersonProportion)
        {
            return epoch == 0 ? 0 : (epoch * AuctionProportion) - 1;
        }

        return (epoch * AuctionProportion) + Math.Min(offset - PersonProportion, AuctionProportion - 1);
    }

    /// <summary>Microseconds of event time from event 0 to event <paramref name="eventNumber"/>.</summary>
    public long TimeMicros(long eventNumber)
    {
        long cycle = eventNumber / _eventsPerCycle;
        long inCycle = eventNumber - (cycle * _eventsPerCycle);
        long start = cycle * 2 * StepMicros;
        return inCycle < _eventsInFirstStep
            ? start + (inCycle * MicrosPerSecond / _firstRate)
            : start + StepMicros + ((inCycle - _eventsInFirstStep) * MicrosPerSecond / _nextRate);
    }

    /// <summary>
    /// Event times (epoch milliseconds) of events <c>first + i * stride</c>, the same values as <see cref="TimeMillis"/>
    /// but without its divisions per event: within a rate step the quotient and remainder of <c>m * 10^6 / rate</c> are
    /// carried from event to event.
    /// </summary>
    public void FillTimesMillis(long first, long stride, Span<long> target)
    {
        int i = 0;
        long n = first;
        while (i < target.Length)
        {
            long cycle = n / _eventsPerCycle;
            long inCycle = n - (cycle * _eventsPerCycle);
            bool firstStep = inCycle < _eventsInFirstStep;
            long rate = firstStep ? _firstRate : _nextRate;
            long stepStartEvent = (cycle * _eventsPerCycle) + (firstStep ? 0 : _eventsInFirstStep);
            long stepEndEvent = firstStep ? stepStartEvent + _eventsInFirstStep : (cycle + 1) * _eventsPerCycle;
            long stepStartMicros = (cycle * 2 * StepMicros) + (firstStep ? 0 : StepMicros);
            long numerator = (n - stepStartEvent) * MicrosPerSecond;
            long quotient = numerator / rate;
            long remainder = numerator - (quotient * rate);
            long increment = stride * MicrosPerSecond;
            long quotientStep = increment / rate;
            long remainderStep = increment - (quotientStep * rate);
            for (; i < target.Length && n < stepEndEvent; i++)
            {
                target[i] = BaseTimeMillis + ((stepStartMicros + quotient) / 1000);
                quotient += quotientStep;
                remainder += remainderStep;
                if (remainder >= rate)
                {
                    remainder -= rate;
                    quotient++;
                }

                n += stride;
            }
        }
    }

    /// <summary>Event time of event <paramref name="eventNumber"/>, epoch milliseconds.</summary>
    public long TimeMillis(long eventNumber) => BaseTimeMillis + (TimeMicros(eventNumber) / 1000);
}
