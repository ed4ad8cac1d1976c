using System.Diagnostics;
using VecFlow.Engine.Sessions;

namespace VecFlow.MacroBench;

/// <summary>An embedded VecFlow session with the benchmark's tables declared.</summary>
public sealed class VecFlowEngine : IDisposable
{
    private readonly SqlSession _session = new();

    public VecFlowEngine(BidData data, int parallelism = 1)
    {
        _session.Execute(data.FlinkDdl());
        _session.Execute(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SET 'parallelism.default' = '{parallelism}'"));
    }

    /// <summary>Sets a session option for the following queries (for A/B runs of planner options).</summary>
    public void Set(string key, string value) => _session.Execute($"SET '{key}' = '{value}'");

    /// <summary>Runs <paramref name="sql"/> as a batch job; the time includes reading the Parquet files and the rows out.</summary>
    public QueryRun Run(string sql)
    {
        TimeSpan cpu = ProcessCpu.Now();
        var watch = Stopwatch.StartNew();
        QueryResult result = _session.Query(sql);
        return new QueryRun(result.Rows, watch.Elapsed, ProcessCpu.Now() - cpu);
    }

    public void Dispose() => _session.Dispose();
}
