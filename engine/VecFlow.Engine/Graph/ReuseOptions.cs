namespace VecFlow.Engine.Graph;

/// <summary>
/// Which equal subtrees of a job's plan run once and feed all their consumers (Flink's
/// <c>table.optimizer.reuse-sub-plan-enabled</c> and <c>table.optimizer.reuse-source-enabled</c>).
/// </summary>
/// <param name="SubPlan">Share equal deterministic subtrees above the scans (aggregates, windows, calcs, joins).</param>
/// <param name="Source">Share equal scans (the same table, columns and pushed filters).</param>
/// <remarks>
/// Only streaming jobs share: a batch vertex reads its inputs one after the other, so a producer feeding two inputs of
/// one consumer would wait on the input not being read.
/// </remarks>
public sealed record ReuseOptions(bool SubPlan, bool Source)
{
    public const string SubPlanKey = "table.optimizer.reuse-sub-plan-enabled";

    public const string SourceKey = "table.optimizer.reuse-source-enabled";

    /// <summary>Flink's defaults: both on.</summary>
    public static ReuseOptions Enabled { get; } = new(true, true);

    public static ReuseOptions Disabled { get; } = new(false, false);

    /// <summary>True when a subtree rooted at <paramref name="node"/> may be shared at all.</summary>
    public bool Covers(Planning.Logical.LogicalNode node) => node switch
    {
        Planning.Logical.ScanNode => Source,
        Planning.Logical.SinkNode or Planning.Logical.UnionNode or Planning.Logical.ValuesNode => false,
        _ => SubPlan,
    };
}
