using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Nexmark queries that run in streaming mode give the batch answer (their changelog applied) on a small, seeded event stream.</summary>
public sealed class NexmarkStreamingTests : EngineTest
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["TPS"] = "1000",
        ["EVENTS_NUM"] = "10000",
        ["PERSON_PROPORTION"] = "1",
        ["AUCTION_PROPORTION"] = "3",
        ["BID_PROPORTION"] = "46",
        ["NEXMARK_TABLE"] = "nexmark",
    };

    [Theory]
    [InlineData("q18", 1, "hashmap")]
    [InlineData("q18", 2, "rocksdb")]
    [InlineData("q19", 1, "hashmap")]
    [InlineData("q19", 2, "rocksdb")]
    public void Query_gives_the_batch_rows_in_streaming_mode(string name, int parallelism, string backend)
    {
        string select = SelectOf(File.ReadAllText(Path.Combine(Examples, name + ".sql")), name);
        List<string> batch = Run(select, "batch", 1, "hashmap");
        List<string> streaming = Run(select, "streaming", parallelism, backend);

        Assert.NotEmpty(batch);
        Assert.Equal(batch, streaming);
    }

    private List<string> Run(string select, string mode, int parallelism, string backend)
    {
        using var session = new SqlSession(Variables, Path.Combine(Directory, $"work-{mode}-{parallelism}"), Pool);
        session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '7',", StringComparison.Ordinal));
        session.Execute($"SET 'execution.runtime-mode' = '{mode}'; SET 'parallelism.default' = '{parallelism}'; SET 'state.backend.type' = '{backend}';");
        QueryResult result = session.Query(select);
        return [.. result.Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }

    /// <summary>The query of the example's INSERT INTO statement.</summary>
    private static string SelectOf(string script, string name)
    {
        string insert = $"INSERT INTO {name}_sink";
        int at = script.IndexOf(insert, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{name}.sql has no '{insert}'");
        return script[(at + insert.Length)..].Trim().TrimEnd(';');
    }
}
