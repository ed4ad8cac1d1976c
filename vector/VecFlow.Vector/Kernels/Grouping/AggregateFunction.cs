namespace VecFlow.Vector.Kernels;

/// <summary>The SQL aggregate functions the grouped and whole-column kernels implement.</summary>
public enum AggregateFunction
{
    /// <summary>COUNT(x): non-null rows.</summary>
    Count,

    /// <summary>COUNT(*): rows.</summary>
    CountStar,
    Sum,
    Min,
    Max,
    Avg,
}
