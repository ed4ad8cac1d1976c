namespace VecFlow.MacroBench.Nexmark;

/// <summary>What the recovery run measured (the child's answer, as one JSON line).</summary>
/// <param name="Status">"ok" or "failed".</param>
/// <param name="Message">Why it failed, or null.</param>
/// <param name="FailedTask">The task the injected failure hit.</param>
/// <param name="StateBytesAtFailure">Full state size of the last checkpoint completed before the failure (what the restart restores).</param>
/// <param name="EventsBeforeFailure">Events the sources had emitted when the task failed.</param>
/// <param name="SecondsBeforeFailure">Seconds from the start of the job to the failure.</param>
/// <param name="PreFailureRate">Events per second over the window before the failure.</param>
/// <param name="RestoreSeconds">The engine's time to deploy the restarted job, restoring its state (RunningStatement.LastRestoreDuration).</param>
/// <param name="ProcessingAfterSeconds">From the failure until the restarted job's sources emitted events again.</param>
/// <param name="FullRateAfterSeconds">From the failure until the restarted job's rate over the window reached the wanted share of the pre-failure rate.</param>
/// <param name="WindowSeconds">The rate window.</param>
/// <param name="Share">The share of the pre-failure rate that counts as full rate.</param>
/// <param name="Checkpoints">Every checkpoint the job completed (before and after the failure).</param>
/// <param name="Samples">The rate samples (seconds, attempt, events), for a plot.</param>
public sealed record RecoveryResult(
    string Status,
    string? Message,
    string? FailedTask,
    long StateBytesAtFailure,
    long EventsBeforeFailure,
    double SecondsBeforeFailure,
    double PreFailureRate,
    double? RestoreSeconds,
    double? ProcessingAfterSeconds,
    double? FullRateAfterSeconds,
    double WindowSeconds,
    double Share,
    IReadOnlyList<CheckpointFigure> Checkpoints,
    IReadOnlyList<RateSample> Samples);
