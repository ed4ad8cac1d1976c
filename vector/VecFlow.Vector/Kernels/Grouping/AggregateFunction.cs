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

    /// <summary>STDDEV_POP(x): square root of the population variance.</summary>
    StddevPop,

    /// <summary>STDDEV_SAMP(x) (and STDDEV): square root of the sample variance; NULL for fewer than two rows.</summary>
    StddevSamp,

    /// <summary>VAR_POP(x): the mean squared deviation from the mean.</summary>
    VarPop,

    /// <summary>VAR_SAMP(x) (and VARIANCE): the squared deviations over n - 1; NULL for fewer than two rows.</summary>
    VarSamp,
}
