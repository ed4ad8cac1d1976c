using System.Runtime.CompilerServices;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>Value models shared by the event kinds: prices, person and auction references, random text, padding.</summary>
internal static class NexmarkValues
{
    /// <summary>A log-uniform price between 10^2 and 10^8: round(10^(2 + 6u)), computed as e^((2 + 6u) ln 10), cheaper than pow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Price(ulong bits) => (long)Math.Round(Math.Exp((2 + (6 * NexmarkRandom.Unit(bits))) * Ln10));

    private const double Ln10 = 2.302585092994046;

    /// <summary>One of the <see cref="NexmarkEventModel.ActivePersons"/> most recent persons (zero-based index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RecentPerson(long lastPerson, ulong bits)
    {
        long existing = lastPerson + 1;
        long active = Math.Min(existing, NexmarkEventModel.ActivePersons);
        return existing - active + NexmarkRandom.Below(bits, active);
    }

    /// <summary>One of the <see cref="NexmarkEventModel.InFlightAuctions"/> most recent auctions (zero-based index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RecentAuction(long lastAuction, ulong bits)
    {
        long first = Math.Max(lastAuction - NexmarkEventModel.InFlightAuctions, 0);
        return first + NexmarkRandom.Below(bits, lastAuction - first + 1);
    }

    /// <summary>A hot id: the latest index rounded down to a multiple of <see cref="NexmarkEventModel.HotIdRatio"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Hot(long last) => last / NexmarkEventModel.HotIdRatio * NexmarkEventModel.HotIdRatio;

    /// <summary>
    /// Length of the <c>extra</c> padding that brings a record of <paramref name="currentBytes"/> to
    /// <paramref name="averageBytes"/> on average: uniform within 20% of the missing bytes, 0 when nothing is missing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExtraLength(int currentBytes, int averageBytes, ulong bits)
    {
        int missing = averageBytes - currentBytes;
        if (missing <= 0)
        {
            return 0;
        }

        int delta = (missing + 2) / 5;
        return missing - delta + (int)NexmarkRandom.Below(bits, (2 * delta) + 1);
    }

    /// <summary>Appends <paramref name="length"/> bytes of random words drawn from the stream started at <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AppendWords(StringColumnBuilder builder, int length, ulong bits)
    {
        Span<byte> target = builder.Reserve(length)[..length];
        var random = new NexmarkRandom.Sequence(bits);
        NexmarkVocabulary.WriteWords(target, ref random);
        builder.Commit(length);
    }
}
