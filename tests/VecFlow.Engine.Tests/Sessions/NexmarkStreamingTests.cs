using System.Globalization;
using System.Text.RegularExpressions;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Nexmark queries with streaming-only operators give the batch rows in streaming mode: q5 / q8 (a window step after a window step, window joins), q18 / q19 (deduplication, TopN).</summary>
public sealed partial class NexmarkStreamingTests : EngineTest
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    public static TheoryData<string, int, string> Runs() => new()
    {
        { "q5", 1, "hashmap" },
        { "q5", 2, "rocksdb" },
        { "q8", 1, "hashmap" },
        { "q8", 2, "rocksdb" },
        { "q18", 1, "hashmap" },
        { "q18", 2, "rocksdb" },
        { "q19", 1, "hashmap" },
        { "q19", 2, "rocksdb" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Query_gives_the_batch_rows_in_streaming_mode(string name, int parallelism, string backend)
    {
        string select = SelectOf(File.ReadAllText(Path.Combine(Examples, name + ".sql")));

        List<string> batch = Rows(select, "batch", parallelism, backend);
        List<string> streaming = Rows(select, "streaming", parallelism, backend);

        Assert.NotEmpty(batch);
        Assert.Equal(batch, streaming);
    }

    [Fact]
    public void Q5_plans_its_maximum_per_window_as_a_window_aggregate_and_its_join_as_a_window_join()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");
        string select = SelectOf(File.ReadAllText(Path.Combine(Examples, "q5.sql")));

        string plan = string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));

        Assert.Contains("StreamWindowAggregate(window=[ATTACHED HOP(window_end=[window_end_time]", plan, StringComparison.Ordinal);
        Assert.Contains("StreamWindowJoin(", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("HashAggregate", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("HashJoin", plan, StringComparison.Ordinal);
    }

    /// <summary>The query of the example's INSERT INTO ... SELECT.</summary>
    private static string SelectOf(string script)
    {
        Match insert = InsertInto().Match(script);
        Assert.True(insert.Success, "the example has no INSERT INTO ... SELECT");
        return script[(insert.Index + insert.Length)..].Trim().TrimEnd(';');
    }

    private List<string> Rows(string select, string mode, int parallelism, string backend)
    {
        using SqlSession session = Session(mode, parallelism, backend);
        QueryResult result = session.Query(select);
        return [.. result.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }

    private SqlSession Session(string mode, int parallelism, string backend)
    {
        var variables = new Dictionary<string, string>
        {
            ["TPS"] = "1000",
            ["EVENTS_NUM"] = "10000",
            ["PERSON_PROPORTION"] = "1",
            ["AUCTION_PROPORTION"] = "3",
            ["BID_PROPORTION"] = "46",
            ["NEXMARK_TABLE"] = "nexmark",
        };
        var session = new SqlSession(variables, Path.Combine(Directory, $"work-{mode}-{Guid.NewGuid():N}"), Pool);
        try
        {
            session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '7',", StringComparison.Ordinal));
            session.Execute($"SET 'execution.runtime-mode' = '{mode}'; SET 'parallelism.default' = '{parallelism}'; SET 'state.backend.type' = '{backend}';");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    [GeneratedRegex(@"INSERT\s+INTO\s+\w+\s*", RegexOptions.IgnoreCase)]
    private static partial Regex InsertInto();
}
