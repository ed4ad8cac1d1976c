namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>Whether, and after how long, a failed job restarts from its latest checkpoint (Flink's <c>restart-strategy.type</c>).</summary>
public abstract record RestartStrategy
{
    /// <summary>Never restart: the first failure fails the job.</summary>
    public static RestartStrategy None { get; } = new NoRestart();

    /// <summary>The delay before the next attempt after a failure at <paramref name="now"/>, or null when the job must fail.</summary>
    /// <param name="failures">The times of every failure so far, this one included.</param>
    /// <param name="now">The time of this failure.</param>
    public abstract TimeSpan? NextDelay(IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now);

    /// <summary>Restarts at most <see cref="Attempts"/> times, waiting <see cref="Delay"/> before each.</summary>
    public sealed record FixedDelay(int Attempts, TimeSpan Delay) : RestartStrategy
    {
        public override TimeSpan? NextDelay(IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now) =>
            failures.Count <= Attempts ? Delay : null;

        public override string ToString() => $"fixed-delay ({Attempts} attempts, {Delay.TotalMilliseconds:0} ms apart)";
    }

    /// <summary>Restarts unless more than <see cref="MaxFailures"/> failures fall within <see cref="Interval"/>.</summary>
    public sealed record FailureRate(int MaxFailures, TimeSpan Interval, TimeSpan Delay) : RestartStrategy
    {
        public override TimeSpan? NextDelay(IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now) =>
            failures.Count(f => now - f <= Interval) <= MaxFailures ? Delay : null;

        public override string ToString() => $"failure-rate (at most {MaxFailures} failures per {Interval.TotalSeconds:0.###} s, {Delay.TotalMilliseconds:0} ms apart)";
    }

    private sealed record NoRestart : RestartStrategy
    {
        public override TimeSpan? NextDelay(IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now) => null;

        public override string ToString() => "none";
    }
}
