using VecFlow.Sql.Corpus.Tests.Data;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// Stands in for VecFlow until VecFlowCorpusEngine exists: a second, single-threaded DuckDB instance that runs each
/// Flink query's DuckDB text, so the whole pipeline (DDL, settings, value types, comparison) is exercised.
/// </summary>
public sealed class DuckDbStandInEngine(CorpusDataSet data, IReadOnlyList<CorpusQuery> corpus) : ICorpusEngine, IDisposable
{
    private readonly DuckDbReference _duckDb = new(threads: 1);
    private readonly Dictionary<string, string> _dialect = corpus
        .GroupBy(q => q.Sql, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().ReferenceSql, StringComparer.Ordinal);

    public void LoadTables(string ddlScript)
    {
        // DuckDB cannot run Flink DDL; the stand-in checks it got the data set's script and loads the same files.
        if (ddlScript != data.FlinkDdlScript)
        {
            throw new InvalidOperationException("the stand-in engine loads only the DDL script of its own data set");
        }

        _duckDb.Load(data);
    }

    public IReadOnlyList<object?[]> Run(string sql, IReadOnlyDictionary<string, string> settings)
    {
        // SET options tune VecFlow's memory use; DuckDB's answer does not depend on them.
        string duckDbSql = _dialect.TryGetValue(sql, out string? translated) ? translated : sql;
        return _duckDb.Run(duckDbSql);
    }

    public void Dispose() => _duckDb.Dispose();
}
