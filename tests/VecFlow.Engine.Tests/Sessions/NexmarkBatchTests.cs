using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Every Nexmark query of examples/nexmark parses, plans and runs in batch mode on a small, seeded event stream.</summary>
public sealed class NexmarkBatchTests : EngineTest
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    public static TheoryData<string> Queries() => [.. Enumerable.Range(0, 23).Select(i => $"q{i}")];

    private static Dictionary<string, string> Variables(int events) => new()
    {
        ["TPS"] = "1000",
        ["EVENTS_NUM"] = events.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PERSON_PROPORTION"] = "1",
        ["AUCTION_PROPORTION"] = "3",
        ["BID_PROPORTION"] = "46",
        ["NEXMARK_TABLE"] = "nexmark",
    };

    /// <summary>Queries that need a feature VecFlow's batch mode does not have yet, and the error that says so.</summary>
    private static readonly Dictionary<string, string> NotYetSupported = [];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Query_runs_in_batch_mode(string name)
    {
        var variables = Variables(20_000);
        variables["NEXMARK_DIR"] = Path.Combine(Directory, "out");

        // q13's side input: a key and a value per line, as the Flink harness writes it.
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "out", "data"));
        File.WriteAllLines(Path.Combine(Directory, "out", "data", "side_input.txt"), Enumerable.Range(0, 10_000).Select(k => $"{k},{k}"));
        variables["SUBMIT_TIME"] = "run1";
        using var session = new SqlSession(variables, Path.Combine(Directory, "work"), Pool);
        session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '7',", StringComparison.Ordinal));
        string query = File.ReadAllText(Path.Combine(Examples, name + ".sql"));
        if (NotYetSupported.TryGetValue(name, out string? error))
        {
            var refused = Assert.ThrowsAny<Exception>(() => session.Execute(query));
            Assert.Contains(error, refused.Message, StringComparison.Ordinal);
            return;
        }

        IReadOnlyList<StatementResult> results = session.Execute(query);
        Assert.Contains(results, r => r.Kind == "INSERT");
    }

    [Fact]
    public void A_count_over_the_bid_view_sees_46_of_every_50_events()
    {
        using var session = new SqlSession(Variables(50_000), Path.Combine(Directory, "work"), Pool);
        session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '7',", StringComparison.Ordinal));
        QueryResult result = session.Query("SELECT COUNT(*), COUNT(DISTINCT auction), MIN(price) >= 100 FROM bid");
        Assert.Equal(46_000L, result.Rows[0][0]);
        Assert.Equal(true, result.Rows[0][2]);
    }
}
