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

    /// <summary>STDDEV_POP(x) over the frame.</summary>
    StddevPop,

    /// <summary>STDDEV_SAMP(x) over the frame; NULL for fewer than two non-null values.</summary>
    StddevSamp,

    /// <summary>VAR_POP(x) over the frame.</summary>
    VarPop,

    /// <summary>VAR_SAMP(x) over the frame; NULL for fewer than two non-null values.</summary>
    VarSamp,

    /// <summary>LAG(x, offset, default): x of the row offset rows earlier in the partition, else the default (NULL without one).</summary>
    Lag,

    /// <summary>LEAD(x, offset, default): x of the row offset rows later in the partition, else the default.</summary>
    Lead,

    /// <summary>FIRST_VALUE(x): the first non-NULL x of the frame (Flink's FIRST_VALUE skips NULLs).</summary>
    FirstValue,

    /// <summary>LAST_VALUE(x): the last non-NULL x of the frame.</summary>
    LastValue,

    /// <summary>NTILE(n): the row's bucket 1..n when the partition is cut into n buckets whose sizes differ by at most one.</summary>
    Ntile,
}
