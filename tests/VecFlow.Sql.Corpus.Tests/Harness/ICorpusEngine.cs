namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// An engine under test for the corpus. Values come back as null, bool, sbyte/short/int/long, float/double,
/// decimal, string, DateTime (TIMESTAMP, Kind Unspecified), DateOnly (DATE) or TimeOnly (TIME).
/// </summary>
public interface ICorpusEngine
{
    /// <summary>Runs the Flink DDL script (CREATE TABLE ... WITH ('connector'='filesystem', ...)) of the generated tables.</summary>
    void LoadTables(string ddlScript);

    /// <summary>Runs one Flink SQL query in batch mode with the given SET options and returns all its rows.</summary>
    IReadOnlyList<object?[]> Run(string sql, IReadOnlyDictionary<string, string> settings);
}
