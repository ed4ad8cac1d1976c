using System.Data.Common;
using DuckDB.NET.Data;
using VecFlow.Sql.Corpus.Tests.Data;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// The reference engine: an in-memory DuckDB holding the generated tables. It is set up to follow Flink where a
/// setting exists (integer '/' truncates; ASC sorts NULLs first and DESC last), so the corpus needs a
/// <c>-- duckdb:</c> text only where the dialects really differ.
/// </summary>
public sealed class DuckDbReference : IDisposable
{
    private readonly DuckDBConnection _connection;

    public DuckDbReference(int threads = 2)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute($"SET threads = {threads}");
        Execute("SET integer_division = true");
        Execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
        Execute("SET TimeZone = 'UTC'");
    }

    /// <summary>Loads every table of <paramref name="data"/> from its CSV file.</summary>
    public void Load(CorpusDataSet data)
    {
        foreach (string statement in data.DuckDbLoadStatements)
        {
            Execute(statement);
        }
    }

    public void Execute(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns its rows with values of the engine result types (see <see cref="ICorpusEngine"/>).</summary>
    public IReadOnlyList<object?[]> Run(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int c = 0; c < row.Length; c++)
            {
                // HUGEINT (SUM of integers) arrives as BigInteger; SqlValue normalizes it with the other integers.
                row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => _connection.Dispose();
}
