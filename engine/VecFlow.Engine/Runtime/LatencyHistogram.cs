using System.Diagnostics;

namespace VecFlow.Engine.Runtime;

/// <summary>Event-to-sink latencies in logarithmic buckets (2 % wide, from 1 microsecond to over an hour); thread-safe to record and read.</summary>
/// <remarks>
/// Fixed memory whatever the sample count, and percentiles within 2 % of the exact value, which is all a latency
/// figure needs; buckets of several histograms add up, so the subtasks of one operator merge exactly.
/// </remarks>
public sealed class LatencyHistogram
{
    private const double Growth = 1.02;
    private const int BucketCount = 1200;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] _counts = new long[BucketCount];
    private long _samples;

    /// <summary>How many latencies were recorded.</summary>
    public long Count => Interlocked.Read(ref _samples);

    /// <summary>Records the latency from <paramref name="originTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long originTimestamp) => Record(Stopwatch.GetElapsedTime(originTimestamp));

    public void Record(TimeSpan latency)
    {
        double micros = Math.Max(latency.TotalMicroseconds, 1);
        int bucket = (int)Math.Min(BucketCount - 1, Math.Log(micros) / LogGrowth);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _samples);
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the samples lie (the upper edge of its bucket); null with no sample.</summary>
    public TimeSpan? Percentile(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        long total = Count;
        if (total == 0)
        {
            return null;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(fraction * total));
        long seen = 0;
        for (int b = 0; b < BucketCount; b++)
        {
            seen += Interlocked.Read(ref _counts[b]);
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(Math.Pow(Growth, b + 1));
            }
        }

        return TimeSpan.FromMicroseconds(Math.Pow(Growth, BucketCount));
    }

    /// <summary>Adds every sample of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int b = 0; b < BucketCount; b++)
        {
            long count = Interlocked.Read(ref other._counts[b]);
            if (count != 0)
            {
                Interlocked.Add(ref _counts[b], count);
            }
        }

        Interlocked.Add(ref _samples, other.Count);
    }
}
