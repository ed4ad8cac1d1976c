using VecFlow.Engine.Operators.Window;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Cuts TUMBLE / HOP / CUMULATE windows into slices, so each row updates one slice and windows merge slices when they fire.</summary>
/// <remarks>
/// <para>Slices are half-open <c>[end - slice, end)</c> ranges aligned like window starts (Flink's alignment with the
/// offset, the modulo floored). TUMBLE: a slice is the window. HOP: slices of gcd(size, slide), so every window start
/// and end is a slice boundary even when the size is not a multiple of the slide; a window merges size / slice
/// slices. CUMULATE: slices of the step; the window ending at E merges the slices from its period's start up to E.</para>
/// <para>Everything is identified by end times (epoch millis): a slice by its end, a window by its end (unique among the
/// windows of one function). A slice no window holds (a HOP slide longer than the size leaves gaps) reports
/// <see cref="FirstWindowEnd"/> greater than <see cref="LastWindowEnd"/>.</para>
/// <para>Attached (a window aggregate over the output of an upstream window step): the time column already holds each
/// row's window_end, so a slice is the window itself and <see cref="SliceEnd"/> is the time as it is.</para>
/// </remarks>
internal sealed class StreamWindowSlicing
{
    /// <summary>The most slices one window may merge; a HOP whose size and slide share only a tiny divisor would need more.</summary>
    public const long MaxSlicesPerWindow = 10_000;

    public StreamWindowSlicing(WindowTableFunction window, bool attached = false)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Validate();
        Attached = attached;
        Kind = window.Kind;
        Size = window.SizeMillis;
        Step = window.StepMillis;
        Offset = window.OffsetMillis;
        SliceSize = Kind switch
        {
            WindowKind.Tumble => Size,
            WindowKind.Hop => Gcd(Size, Step),
            _ => Step,
        };
        if (Size / SliceSize > MaxSlicesPerWindow)
        {
            throw new NotSupportedException(
                $"not supported in streaming mode: HOP with size {Size} ms and slide {Step} ms; its windows would merge {Size / SliceSize} slices of {SliceSize} ms (at most {MaxSlicesPerWindow}); use a size that is a multiple of the slide");
        }
    }

    public WindowKind Kind { get; }

    /// <summary>True when rows carry their window_end in the time column (a window step after a window step).</summary>
    public bool Attached { get; }

    public long Size { get; }

    /// <summary>HOP's slide or CUMULATE's step; the size for TUMBLE.</summary>
    public long Step { get; }

    public long Offset { get; }

    public long SliceSize { get; }

    /// <summary>The end of the slice holding time <paramref name="time"/>.</summary>
    public long SliceEnd(long time) => Attached ? time : AlignStart(time, Offset, SliceSize) + SliceSize;

    /// <summary>The end of the earliest window holding slice <paramref name="sliceEnd"/>.</summary>
    public long FirstWindowEnd(long sliceEnd) => Kind == WindowKind.Hop && !Attached
        ? sliceEnd + FloorMod(Offset + Size - sliceEnd, Step)
        : sliceEnd;

    /// <summary>The end of the latest window holding slice <paramref name="sliceEnd"/>; after it fires the slice can go.</summary>
    public long LastWindowEnd(long sliceEnd)
    {
        if (Attached)
        {
            return sliceEnd;
        }

        switch (Kind)
        {
            case WindowKind.Tumble:
                return sliceEnd;
            case WindowKind.Hop:
                {
                    // A window [E - size, E) holds the slice when E - size <= sliceEnd - slice, so E <= sliceEnd - slice + size.
                    long reach = sliceEnd - SliceSize + Size;
                    return reach - FloorMod(reach - (Offset + Size), Step);
                }

            default:
                return AlignStart(sliceEnd - 1, Offset, Size) + Size;
        }
    }

    /// <summary>The window after the one ending at <paramref name="windowEnd"/> that may hold the same slice.</summary>
    public long NextWindowEnd(long windowEnd) => windowEnd + Step;

    public long WindowStart(long windowEnd) => Kind == WindowKind.Cumulate
        ? AlignStart(windowEnd - 1, Offset, Size)
        : windowEnd - Size;

    /// <summary>The end of the first slice the window ending at <paramref name="windowEnd"/> merges; the others follow every <see cref="SliceSize"/> up to the window end.</summary>
    public long FirstSliceEnd(long windowEnd) => Attached ? windowEnd : WindowStart(windowEnd) + SliceSize;

    /// <summary>start = t - ((t - offset) mod modulus), the modulo floored so times before the epoch align downward.</summary>
    public static long AlignStart(long time, long offset, long modulus) => time - FloorMod(unchecked(time - offset), modulus);

    private static long FloorMod(long value, long modulus)
    {
        long remainder = value % modulus;
        return remainder < 0 ? remainder + modulus : remainder;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
