namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// One query of the corpus: its Flink SQL, where it is written, and its directives (the DuckDB text when the
/// dialects differ, whether rows are compared in order, the double tolerance and VecFlow SET options).
/// </summary>
public sealed record CorpusQuery(
    string Name,
    string File,
    int Line,
    string Sql,
    string? DuckDbSql,
    bool Ordered,
    double? Tolerance,
    IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The SQL the reference engine runs: the <c>-- duckdb:</c> text, or the Flink text itself.</summary>
    public string ReferenceSql => DuckDbSql ?? Sql;

    /// <summary>When set, VecFlow must refuse the query with an error containing this text (an unsupported feature).</summary>
    public string? ExpectedError { get; init; }

    /// <summary>file:line of the query's <c>-- query:</c> line.</summary>
    public string Location => $"{File}:{Line}";

    public override string ToString() => Name;
}
