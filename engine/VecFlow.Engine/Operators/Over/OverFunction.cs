namespace VecFlow.Engine.Operators.Over;

/// <summary>The functions an OVER window computes: the aggregates plus the ranking functions.</summary>
public enum OverFunction
{
    /// <summary>COUNT(x): non-null rows of the frame.</summary>
    Count,

    /// <summary>COUNT(*): rows of the frame.</summary>
    CountStar,
    Sum,
    Min,
    Max,
    Avg,

    /// <summary>ROW_NUMBER(): position in the partition, from 1.</summary>
    RowNumber,

    /// <summary>RANK(): 1 + rows of the partition ordered strictly before the row's peers (gaps after ties).</summary>
    Rank,

    /// <summary>DENSE_RANK(): 1 + distinct order-key values before the row's peers (no gaps).</summary>
    DenseRank,
}
