namespace VecFlow.MacroBench;

/// <summary>One benchmark query, written once in Flink SQL for VecFlow and once in DuckDB's dialect.</summary>
/// <remarks><c>Ordered</c> says the rows come in a defined order, so they are compared in order rather than as a multiset.</remarks>
public sealed record MacroQuery(string Name, string Description, string FlinkSql, string DuckDbSql, bool Ordered = false);
