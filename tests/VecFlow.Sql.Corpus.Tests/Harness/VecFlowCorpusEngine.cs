using VecFlow.Engine.Sessions;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>VecFlow under test: embedded sessions holding the generated tables; each query runs as a batch job.</summary>
/// <remarks>Queries with the same settings share one session, so settings never leak into a query that did not ask for them.</remarks>
public sealed class VecFlowCorpusEngine : ICorpusEngine, IDisposable
{
    private readonly Dictionary<string, SqlSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string _ddl = string.Empty;

    public void LoadTables(string ddlScript)
    {
        _ddl = ddlScript;
        Session(new Dictionary<string, string>());
    }

    public IReadOnlyList<object?[]> Run(string sql, IReadOnlyDictionary<string, string> settings) => Session(settings).Query(sql).Rows;

    private SqlSession Session(IReadOnlyDictionary<string, string> settings)
    {
        string key = string.Join(";", settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        lock (_lock)
        {
            if (!_sessions.TryGetValue(key, out SqlSession? session))
            {
                session = new SqlSession();
                session.Execute(_ddl);
                foreach (var (name, value) in settings)
                {
                    session.Settings.Set(name, value);
                }

                _sessions[key] = session;
            }

            return session;
        }
    }

    public void Dispose()
    {
        foreach (SqlSession session in _sessions.Values)
        {
            session.Dispose();
        }
    }
}
