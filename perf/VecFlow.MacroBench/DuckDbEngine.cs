using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace VecFlow.MacroBench;

/// <summary>DuckDB in this process with a fixed thread count, reading the benchmark's Parquet files on every query.</summary>
public sealed class DuckDbEngine : IDisposable
{
    private readonly DuckDBConnection _connection;

    public DuckDbEngine(BidData data, int threads)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute(string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads}"));
        foreach (string statement in data.DuckDbDdl().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Execute(statement);
        }
    }

    /// <summary>Runs <paramref name="sql"/> and reads every value of every row, as a client would.</summary>
    public QueryRun Run(string sql)
    {
        TimeSpan cpu = ProcessCpu.Now();
        var watch = Stopwatch.StartNew();
        var rows = new List<object?[]>();
        using (DuckDBCommand command = _connection.CreateCommand())
        {
            command.CommandText = sql;
            using DuckDBDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (int c = 0; c < row.Length; c++)
                {
                    row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
                }

                rows.Add(row);
            }
        }

        return new QueryRun(rows, watch.Elapsed, ProcessCpu.Now() - cpu);
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
