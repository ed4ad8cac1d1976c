namespace VecFlow.Engine.Runtime;

/// <summary>A streaming operator: a batch operator that also sees watermarks, and whose batches carry row kinds.</summary>
/// <remarks>
/// Contract on top of <see cref="IBatchOperator"/>:
/// <list type="bullet">
/// <item>Input batches may carry a row-kind column (+I, -U, +U, -D; none means all +I). An operator that consumes
/// updates applies retractions; one that produces updates emits -U/+U pairs (or -D) for rows it emitted before, so
/// that applying its whole output as a changelog gives exactly the batch result.</item>
/// <item><see cref="ProcessWatermark"/> is called when the minimum watermark over all of the operator's input channels
/// advances: no row with an event time at or below it will arrive any more (rows that still do are late: dropped and
/// counted in <c>Metrics.AddDropped</c>). The operator fires its event-time timers up to it and emits; the runtime
/// forwards the same watermark downstream after the call returns.</item>
/// <item>When bounded input ends, the runtime calls <see cref="ProcessWatermark"/> with <see cref="long.MaxValue"/>
/// before <see cref="IBatchOperator.EndInput"/>, so windows fire and the final changelog is complete.</item>
/// <item>Keyed state lives in <see cref="OperatorContext.KeyedState"/> (a backend owning this subtask's key-group range;
/// the runtime routes every row of a key to the subtask owning the key's group through hash exchanges). State
/// descriptors use names unique within the operator; savepoints match state by operator id and state name.</item>
/// <item>Checkpoints: at a checkpoint barrier the runtime calls <see cref="PrepareSnapshot"/> and then snapshots
/// <see cref="OperatorContext.KeyedState"/>; so every piece of state that outlives a call lives in the keyed state
/// (a cache or mini-batch in fields is written back or emitted in <see cref="PrepareSnapshot"/>).</item>
/// </list>
/// </remarks>
public interface IStreamOperator : IBatchOperator
{
    void ProcessWatermark(long watermark, IBatchCollector output);

    /// <summary>
    /// The processing-time clock (epoch millis of the job's clock) has reached <paramref name="now"/>: an operator with
    /// processing-time timers fires those at or below it and emits. The runtime calls it between batches and at least
    /// every <c>execution.buffer-timeout.interval</c> while the input is quiet, with non-decreasing times.
    /// </summary>
    void AdvanceProcessingTime(long now, IBatchCollector output)
    {
    }

    /// <summary>A checkpoint barrier has reached this operator: write back anything held outside the keyed state (or emit it).</summary>
    void PrepareSnapshot(long checkpointId, IBatchCollector output)
    {
    }
}
