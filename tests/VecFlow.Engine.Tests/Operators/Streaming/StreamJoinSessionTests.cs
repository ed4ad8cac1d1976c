using System.Globalization;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>Streaming joins end to end on Nexmark events: the streaming job's materialized changelog equals the batch result.</summary>
public sealed class StreamJoinSessionTests : EngineTest
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    private const string IntervalJoin =
        "SELECT b.auction, b.price, a.seller FROM bid AS b JOIN auction AS a ON b.auction = a.id " +
        "AND b.dateTime BETWEEN a.dateTime - INTERVAL '1' SECOND AND a.dateTime + INTERVAL '20' SECOND";

    public StreamJoinSessionTests()
    {
        Pool.TrackRentSites = false;
    }

    public static TheoryData<string, string> Queries() => new()
    {
        { "q3", "hashmap" },
        { "q20", "rocksdb" },
        { "interval", "hashmap" },
        { "interval", "rocksdb" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Streaming_gives_the_batch_rows(string name, string backend)
    {
        string query = name == "interval" ? IntervalJoin : SelectOf(name);
        List<string> batch = Run(query, "batch", backend);
        List<string> streaming = Run(query, "streaming", backend);
        Assert.NotEmpty(batch);
        Assert.Equal(batch, streaming);
    }

    [Fact]
    public void The_interval_condition_is_recognised_on_event_time_attributes_only()
    {
        using SqlSession session = Session();
        Assert.Equal((-1_000L, 20_000L), Interval(Bounds(session, IntervalJoin)));
        Assert.Equal(
            (-10_000L, 0L),
            Interval(Bounds(session, "SELECT * FROM bid AS b JOIN bid AS c ON b.auction = c.auction AND c.dateTime >= b.dateTime AND b.dateTime > c.dateTime - INTERVAL '10' SECOND")));

        // Only one bound, or a column that is not the rowtime attribute: a regular join.
        Assert.Null(Bounds(session, "SELECT * FROM bid AS b JOIN auction AS a ON b.auction = a.id AND b.dateTime > a.dateTime"));
        Assert.Null(Bounds(session, "SELECT * FROM bid AS b JOIN auction AS a ON b.auction = a.id AND b.dateTime BETWEEN a.expires - INTERVAL '1' SECOND AND a.expires"));
        Assert.Null(Bounds(session, "SELECT * FROM bid AS b LEFT JOIN auction AS a ON b.auction = a.id AND b.dateTime BETWEEN a.dateTime AND a.dateTime + INTERVAL '1' SECOND"));
    }

    [Fact]
    public void A_window_aggregate_over_a_join_is_refused_in_streaming_mode_and_runs_in_batch_mode()
    {
        using SqlSession session = Session();
        session.Execute("CREATE VIEW joined AS SELECT b.dateTime, b.price FROM bid AS b JOIN auction AS a ON b.auction = a.id");
        const string windowed = "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE joined, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";
        Assert.NotEmpty(session.Query(windowed).Rows);

        session.Execute("SET 'execution.runtime-mode' = 'streaming';");
        var refused = Assert.ThrowsAny<Exception>(() => session.Query(windowed));
        Assert.Contains("not supported in streaming mode: a window aggregate over the output of a join", refused.Message, StringComparison.Ordinal);
    }

    private static (long, long) Interval(StreamJoinBounds? bounds)
    {
        Assert.NotNull(bounds);
        return (bounds.Lower, bounds.Upper);
    }

    private static StreamJoinBounds? Bounds(SqlSession session, string sql)
    {
        LogicalNode plan = LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(sql, new Dictionary<string, string>())));
        JoinNode join = Find(plan) ?? throw new InvalidOperationException("no join in " + plan.Describe());
        return StreamIntervalJoinRule.Bounds(join);

        static JoinNode? Find(LogicalNode node) => node as JoinNode ?? node.Inputs.Select(Find).FirstOrDefault(j => j is not null);
    }

    private static string SelectOf(string name)
    {
        string text = File.ReadAllText(Path.Combine(Examples, name + ".sql"));
        int insert = text.IndexOf($"INSERT INTO {name}_sink", StringComparison.Ordinal);
        return text[(text.IndexOf('\n', insert) + 1)..].Trim().TrimEnd(';');
    }

    private SqlSession Session()
    {
        var variables = new Dictionary<string, string>
        {
            ["TPS"] = "1000",
            ["EVENTS_NUM"] = "6000",
            ["PERSON_PROPORTION"] = "1",
            ["AUCTION_PROPORTION"] = "3",
            ["BID_PROPORTION"] = "46",
            ["NEXMARK_TABLE"] = "nexmark",
        };
        var session = new SqlSession(variables, Path.Combine(Directory, "work-" + Guid.NewGuid().ToString("N")[..8]), Pool);
        session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '11',", StringComparison.Ordinal));
        return session;
    }

    private List<string> Run(string query, string mode, string backend)
    {
        using SqlSession session = Session();
        session.Execute($"SET 'execution.runtime-mode' = '{mode}'; SET 'parallelism.default' = '2'; SET 'state.backend.type' = '{backend}';");
        QueryResult result = session.Query(query);
        return [.. result.Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }
}
