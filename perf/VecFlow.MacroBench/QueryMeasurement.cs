namespace VecFlow.MacroBench;

/// <summary>The best times (wall clock and process CPU) of one query on each engine, its row count and whether the answers agreed.</summary>
public sealed record QueryMeasurement(
    string Query,
    string Description,
    double? VecFlowMs,
    string? VecFlowError,
    double? DuckDb1ThreadMs,
    double? DuckDb2ThreadsMs,
    string? DuckDbError,
    long? Rows,
    string? Difference,
    double? VecFlowCpuMs = null,
    double? DuckDb1ThreadCpuMs = null)
{
    /// <summary>VecFlow time over DuckDB's single-thread time; below 1 means VecFlow was faster.</summary>
    public double? RatioTo1Thread => VecFlowMs is double v && DuckDb1ThreadMs is double d && d > 0 ? v / d : null;

    /// <summary>VecFlow's process CPU time over DuckDB's single-thread one (least of the measured runs each).</summary>
    public double? CpuRatioTo1Thread => VecFlowCpuMs is double v && DuckDb1ThreadCpuMs is double d && d > 0 ? v / d : null;
}
