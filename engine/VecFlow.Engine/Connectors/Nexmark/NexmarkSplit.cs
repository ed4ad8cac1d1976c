using System.Globalization;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>The events one reader generates: numbers <c>First + i * Stride</c> for i in [0, Count), or without end when Count is null.</summary>
/// <remarks>
/// Bounded tables split [0, events.num) into contiguous ranges (stride 1), unless rate-limited. Unbounded and
/// rate-limited tables interleave: split i of k
/// generates events i, i + k, i + 2k, ..., so together the splits still produce every event number exactly once.
/// </remarks>
public sealed record NexmarkSplit(long First, long Stride, long? Count) : SourceSplit(Describe(First, Stride, Count))
{
    private static string Describe(long first, long stride, long? count) => count is { } n
        ? stride == 1
            ? string.Create(CultureInfo.InvariantCulture, $"nexmark events [{first}, {first + n})")
            : string.Create(CultureInfo.InvariantCulture, $"nexmark events {first}, {first + stride}, ... ({n} events, every {stride})")
        : string.Create(CultureInfo.InvariantCulture, $"nexmark events {first}, {first + stride}, {first + (2 * stride)}, ... (every {stride}, unbounded)");
}
