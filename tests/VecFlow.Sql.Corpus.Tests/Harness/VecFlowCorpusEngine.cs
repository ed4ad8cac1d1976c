using VecFlow.Engine.Sessions;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>VecFlow under test: one embedded session holding the generated tables; each query runs as a batch job.</summary>
public sealed class VecFlowCorpusEngine : ICorpusEngine, IDisposable
{
    private readonly SqlSession _session = new();
    private string _ddl = string.Empty;

    public void LoadTables(string ddlScript)
    {
        _ddl = ddlScript;
        _session.Execute(ddlScript);
    }

    public IReadOnlyList<object?[]> Run(string sql, IReadOnlyDictionary<string, string> settings)
    {
        if (settings.Count == 0)
        {
            return _session.Query(sql).Rows;
        }

        // Settings apply to one query only: a fresh session keeps them from leaking into the next.
        using var session = new SqlSession();
        session.Execute(_ddl);
        foreach (var (key, value) in settings)
        {
            session.Settings.Set(key, value);
        }

        return session.Query(sql).Rows;
    }

    public void Dispose() => _session.Dispose();
}
