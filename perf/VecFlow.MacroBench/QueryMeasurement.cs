namespace VecFlow.MacroBench;

/// <summary>The best times of one query on each engine, its row count and whether the answers agreed.</summary>
public sealed record QueryMeasurement(
    string Query,
    string Description,
    double? VecFlowMs,
    string? VecFlowError,
    double? DuckDb1ThreadMs,
    double? DuckDb2ThreadsMs,
    string? DuckDbError,
    long? Rows,
    string? Difference)
{
    /// <summary>VecFlow time over DuckDB's single-thread time; below 1 means VecFlow was faster.</summary>
    public double? RatioTo1Thread => VecFlowMs is double v && DuckDb1ThreadMs is double d && d > 0 ? v / d : null;
}
