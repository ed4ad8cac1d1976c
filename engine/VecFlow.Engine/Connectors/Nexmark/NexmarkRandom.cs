using System.Runtime.CompilerServices;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>Random bits that are a pure function of (seed, purpose, event number): a splittable per-event generator.</summary>
/// <remarks>
/// Draw (d, n) is the SplitMix64 output at position n of a stream whose start is derived from the seed and d. Any
/// reader can therefore produce any event's fields without generating the events before it, which makes the output
/// independent of parallelism and split plan. Where one value needs more bits (strings), <see cref="Sequence"/> keeps
/// walking a SplitMix64 stream started from the draw.
/// </remarks>
internal sealed class NexmarkRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private readonly ulong[] _streams;

    public NexmarkRandom(long seed)
    {
        int count = Enum.GetValues<NexmarkDraw>().Length;
        _streams = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            _streams[i] = Mix((ulong)seed ^ Mix((ulong)(i + 1) * 0xD1B54A32D192ED03UL));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Draw(NexmarkDraw draw, long eventNumber) => Mix(_streams[(int)draw] + ((ulong)eventNumber * Golden));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) from the high bits of <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Below(ulong bits, long bound) => (long)Math.BigMul(bits, (ulong)bound, out _);

    /// <summary>A uniform double in [0, 1) from the high 53 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>The SplitMix64 finalizer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A stream of further random words continuing from one draw.</summary>
    public struct Sequence(ulong start)
    {
        private ulong _state = start;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Next()
        {
            _state += Golden;
            return Mix(_state);
        }
    }
}
