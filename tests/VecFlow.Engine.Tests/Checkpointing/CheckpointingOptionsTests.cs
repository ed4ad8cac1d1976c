using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>Flink's checkpoint and restart options: parsed with Flink's names and defaults, bad values refused at SET.</summary>
public sealed class CheckpointingOptionsTests
{
    private static CheckpointingOptions Parse(params (string Key, string Value)[] values) =>
        CheckpointingOptions.From(values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Checkpointing_is_off_and_jobs_do_not_restart_by_default()
    {
        CheckpointingOptions options = Parse();
        Assert.Null(options.Interval);
        Assert.Equal(RestartStrategy.None, options.Restart);
        Assert.Equal(1, options.Retained);
        Assert.False(options.RetainOnCancellation);
    }

    [Fact]
    public void Options_use_flinks_names_durations_and_the_older_directory_key()
    {
        CheckpointingOptions options = Parse(
            ("execution.checkpointing.interval", "10s"),
            ("execution.checkpointing.timeout", "2 min"),
            ("execution.checkpointing.min-pause", "500ms"),
            ("execution.checkpointing.max-concurrent-checkpoints", "2"),
            ("execution.checkpointing.tolerable-failed-checkpoints", "3"),
            ("state.checkpoints.dir", "file:///tmp/checkpoints"),
            ("state.checkpoints.num-retained", "4"),
            ("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"));
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.MinPause);
        Assert.Equal(2, options.MaxConcurrent);
        Assert.Equal(3, options.TolerableFailures);
        Assert.Equal("/tmp/checkpoints", options.Directory);
        Assert.Equal(4, options.Retained);
        Assert.True(options.RetainOnCancellation);

        // With checkpointing on and no strategy set, a failed job restarts (a bounded number of times).
        Assert.IsType<RestartStrategy.FixedDelay>(options.Restart);
    }

    [Fact]
    public void Fixed_delay_allows_its_attempts_and_failure_rate_counts_failures_within_its_interval()
    {
        var fixedDelay = (RestartStrategy.FixedDelay)Parse(("restart-strategy.type", "fixed-delay"), ("restart-strategy.fixed-delay.attempts", "2"), ("restart-strategy.fixed-delay.delay", "3s")).Restart;
        DateTimeOffset t = DateTimeOffset.UnixEpoch;
        Assert.Equal(TimeSpan.FromSeconds(3), fixedDelay.NextDelay([t], t));
        Assert.Equal(TimeSpan.FromSeconds(3), fixedDelay.NextDelay([t, t], t));
        Assert.Null(fixedDelay.NextDelay([t, t, t], t));

        RestartStrategy rate = Parse(
            ("restart-strategy.type", "failure-rate"),
            ("restart-strategy.failure-rate.max-failures-per-interval", "2"),
            ("restart-strategy.failure-rate.failure-rate-interval", "1 min"),
            ("restart-strategy.failure-rate.delay", "0")).Restart;
        Assert.NotNull(rate.NextDelay([t, t.AddSeconds(1)], t.AddSeconds(1)));
        Assert.Null(rate.NextDelay([t, t.AddSeconds(1), t.AddSeconds(2)], t.AddSeconds(2)));
        Assert.NotNull(rate.NextDelay([t, t.AddSeconds(1), t.AddMinutes(5)], t.AddMinutes(5)));
        Assert.Null(Parse(("restart-strategy.type", "none"), ("execution.checkpointing.interval", "1s")).Restart.NextDelay([t], t));
    }

    [Theory]
    [InlineData("execution.checkpointing.interval", "ten seconds", "must be a duration such as '10s'")]
    [InlineData("execution.checkpointing.max-concurrent-checkpoints", "0", "must be an integer of at least 1")]
    [InlineData("restart-strategy.type", "sometimes", "must be 'none', 'fixed-delay' or 'failure-rate'")]
    [InlineData("execution.checkpointing.externalized-checkpoint-retention", "KEEP", "RETAIN_ON_CANCELLATION")]
    [InlineData("execution.checkpointing.mode", "AT_LEAST_ONCE", "must be 'EXACTLY_ONCE'")]
    public void A_bad_value_is_refused_at_SET_naming_the_option_and_what_is_valid(string key, string value, string expected)
    {
        var settings = new SessionSettings();
        var error = Assert.Throws<ArgumentException>(() => settings.Set(key, value));
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(settings.Get(key));
    }
}
