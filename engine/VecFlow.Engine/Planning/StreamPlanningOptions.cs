namespace VecFlow.Engine.Planning;

/// <summary>The session options that change how a streaming plan is built.</summary>
/// <param name="SplitDistinctBuckets">Split distinct aggregates over this many buckets; null leaves them one-phase.</param>
/// <param name="TwoPhase">Group aggregates that can run as local-global do.</param>
public sealed record StreamPlanningOptions(int? SplitDistinctBuckets, bool TwoPhase = false)
{
    public static StreamPlanningOptions Default { get; } = new((int?)null);
}
