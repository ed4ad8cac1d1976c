using System.Globalization;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>A window aggregate's window_time (and legacy *_ROWTIME) is an event-time attribute: a join bounding it is an interval join.</summary>
public sealed class IntervalJoinOverWindowTests : EngineTest
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    /// <summary>Each bid next to its auction's highest price in its window: q7's shape over a window table function.</summary>
    private const string TopBids =
        "SELECT b.auction, b.price, b.dateTime, w.max_price, w.window_time FROM bid AS b JOIN (" +
        "SELECT auction, MAX(price) AS max_price, window_time FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND)) " +
        "GROUP BY auction, window_start, window_end, window_time) AS w ON b.auction = w.auction " +
        "AND b.dateTime BETWEEN w.window_time - INTERVAL '2' SECOND AND w.window_time";

    /// <summary>The same with the legacy group window's TUMBLE_ROWTIME.</summary>
    private const string LegacyTopBids =
        "SELECT b.auction, b.price, b.dateTime, w.max_price, w.rt FROM bid AS b JOIN (" +
        "SELECT auction, MAX(price) AS max_price, TUMBLE_ROWTIME(dateTime, INTERVAL '2' SECOND) AS rt FROM bid " +
        "GROUP BY auction, TUMBLE(dateTime, INTERVAL '2' SECOND)) AS w ON b.auction = w.auction " +
        "AND b.dateTime BETWEEN w.rt - INTERVAL '2' SECOND AND w.rt";

    public IntervalJoinOverWindowTests()
    {
        Pool.TrackRentSites = false;
    }

    [Fact]
    public void Window_time_and_legacy_rowtime_are_event_time_attributes_but_window_bounds_are_not()
    {
        using SqlSession session = Session();
        Assert.Equal((-2_000L, 0L), Interval(Bounds(session, TopBids)));
        Assert.Equal((-2_000L, 0L), Interval(Bounds(session, LegacyTopBids)));

        // window_end is a plain TIMESTAMP after the aggregate (Flink: only window_time is a time attribute).
        Assert.Null(Bounds(session, TopBids.Replace("window_time", "window_end", StringComparison.Ordinal)));

        // A value computed from window_time is a plain TIMESTAMP too.
        Assert.Null(Bounds(session, TopBids.Replace(", window_time FROM TABLE", ", window_time + INTERVAL '1' SECOND AS window_time FROM TABLE", StringComparison.Ordinal)));
    }

    [Fact]
    public void Explain_shows_an_interval_join_over_window_output_and_a_regular_join_without_a_lower_time_bound()
    {
        using SqlSession session = Session();
        session.Execute("SET 'execution.runtime-mode' = 'streaming';");

        Assert.Matches(@"IntervalJoin\(time=\[left\.\$\d+ - right\.\$2 BETWEEN -2000 AND 0 ms\]", session.Explain(TopBids));
        string regular = session.Explain(TopBids.Replace("w.window_time - INTERVAL '2' SECOND", "TIMESTAMP '1970-01-01 00:00:00'", StringComparison.Ordinal));
        Assert.DoesNotContain("IntervalJoin", regular, StringComparison.Ordinal);
        Assert.Contains("HashJoin(", regular, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("window", "hashmap", 1)]
    [InlineData("window", "rocksdb", 2)]
    [InlineData("legacy", "rocksdb", 2)]
    public void An_interval_join_over_window_output_gives_the_batch_rows(string query, string backend, int parallelism)
    {
        string sql = query == "window" ? TopBids : LegacyTopBids;
        List<string> batch = Run(sql, "batch", backend, parallelism);
        List<string> streaming = Run(sql, "streaming", backend, parallelism);
        Assert.True(batch.Count > 1000, $"only {batch.Count} rows");
        Assert.Equal(batch, streaming);
    }

    private static (long, long) Interval(StreamJoinBounds? bounds)
    {
        Assert.NotNull(bounds);
        return (bounds.Lower, bounds.Upper);
    }

    /// <summary>The interval of the plan's join as streaming planning sees it (after window aggregates are fused).</summary>
    private static StreamJoinBounds? Bounds(SqlSession session, string sql)
    {
        LogicalNode plan = StreamPlanning.Prepare(LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(sql, new Dictionary<string, string>()))));
        JoinNode join = Find(plan) ?? throw new InvalidOperationException("no join in " + plan.Describe());
        return StreamIntervalJoinRule.Bounds(join);

        static JoinNode? Find(LogicalNode node) => node as JoinNode ?? node.Inputs.Select(Find).FirstOrDefault(j => j is not null);
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
        session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '13',", StringComparison.Ordinal));
        return session;
    }

    private List<string> Run(string query, string mode, string backend, int parallelism)
    {
        using SqlSession session = Session();
        session.Execute($"SET 'execution.runtime-mode' = '{mode}'; SET 'parallelism.default' = '{parallelism}'; SET 'state.backend.type' = '{backend}';");
        QueryResult result = session.Query(query);
        return [.. result.Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }
}
