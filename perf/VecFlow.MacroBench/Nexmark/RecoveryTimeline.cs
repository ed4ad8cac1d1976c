namespace VecFlow.MacroBench.Nexmark;

/// <summary>One sample of a running job: seconds since the run started, which attempt (restarts so far), and the events its sources emitted in that attempt.</summary>
public readonly record struct RateSample(double Seconds, int Attempt, long Events);

/// <summary>When a job that failed once was processing again, and when it was back at its pre-failure rate, read from rate samples.</summary>
/// <param name="PreFailureRate">Events per second over the window before the failure.</param>
/// <param name="ProcessingAfter">Seconds from the failure until the restarted attempt's sources had emitted events (restart and restore done).</param>
/// <param name="FullRateAfter">Seconds from the failure until the events per second over a window of the restarted attempt first reached the wanted share of <paramref name="PreFailureRate"/>; null if not yet.</param>
public sealed record RecoveryTimeline(double PreFailureRate, double? ProcessingAfter, double? FullRateAfter)
{
    /// <summary>Reads the timeline from <paramref name="samples"/> (in time order) around a failure at <paramref name="failedAt"/> seconds.</summary>
    /// <param name="samples">The samples, oldest first.</param>
    /// <param name="failedAt">When the injected failure was thrown, on the samples' clock.</param>
    /// <param name="before">Seconds before the failure its rate is measured over.</param>
    /// <param name="window">Seconds a rate after the failure is measured over.</param>
    /// <param name="share">The share of the pre-failure rate that counts as full rate (0.9: within 10 %).</param>
    public static RecoveryTimeline Read(IReadOnlyList<RateSample> samples, double failedAt, double before, double window, double share)
    {
        var inWindow = samples.Where(s => s.Attempt == 0 && s.Seconds <= failedAt && s.Seconds >= failedAt - before).ToList();
        double rate = inWindow.Count >= 2 && inWindow[^1].Seconds > inWindow[0].Seconds
            ? (inWindow[^1].Events - inWindow[0].Events) / (inWindow[^1].Seconds - inWindow[0].Seconds)
            : 0;
        var after = samples.Where(s => s.Attempt > 0 && s.Seconds > failedAt).ToList();
        double? processing = after.FirstOrDefault(s => s.Events > 0) is { Events: > 0 } first ? first.Seconds - failedAt : null;
        double? full = null;
        for (int i = 0; i < after.Count && full is null && rate > 0; i++)
        {
            // The latest sample of the same attempt at least a window before this one.
            RateSample end = after[i];
            for (int j = i - 1; j >= 0; j--)
            {
                RateSample start = after[j];
                if (start.Attempt != end.Attempt)
                {
                    break;
                }

                if (end.Seconds - start.Seconds >= window)
                {
                    if ((end.Events - start.Events) / (end.Seconds - start.Seconds) >= share * rate)
                    {
                        full = end.Seconds - failedAt;
                    }

                    break;
                }
            }
        }

        return new RecoveryTimeline(rate, processing, full);
    }
}
