using VecFlow.Engine.Execution;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>Streaming planning over window attributes: which steps after a window step become window steps themselves.</summary>
public sealed class StreamWindowPropagationRuleTests : EngineTest
{
    private const string Ddl = """
        CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
        """;

    private const string Counts = "SELECT window_start, window_end, window_time, auction, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, window_time, auction";

    private const string HopCounts = "SELECT window_start, window_end, auction, COUNT(*) AS n FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end, auction";

    [Theory]
    [InlineData($"SELECT window_start, window_end, MAX(n) AS top FROM ({Counts}) GROUP BY window_start, window_end", 0)]
    [InlineData($"SELECT auction, window_end, window_start, window_time, SUM(n) FROM ({Counts}) WHERE n > 1 GROUP BY auction, window_start, window_end, window_time", 1)]
    [InlineData($"SELECT s, e, COUNT(*) FROM (SELECT window_start AS s, window_end AS e, n FROM ({HopCounts})) GROUP BY s, e", 0)]
    [InlineData("SELECT window_start, window_end, MAX(window_time) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end", 0)]
    public void An_aggregate_on_an_upstream_windows_start_and_end_becomes_an_attached_window_aggregate(string sql, int partitionKeys)
    {
        LogicalNode plan = Plan(sql);

        LogicalNode prepared = StreamPlanning.Prepare(plan);

        Assert.Empty(Nodes(prepared).OfType<AggregateNode>());
        StreamWindowAggregateNode attached = Assert.Single(Nodes(prepared).OfType<StreamWindowAggregateNode>(), n => n.Attached);
        Assert.Equal(plan.Schema.Fields, prepared.Schema.Fields);
        Assert.Equal(partitionKeys, attached.PartitionKeys.Count);
        Assert.Contains(attached.Keys, k => k.Property == StreamWindowProperty.WindowStart);
        Assert.Contains(attached.Keys, k => k.Property == StreamWindowProperty.WindowEnd);
        Assert.False(ChangelogMode.IsUpdating(prepared));
    }

    [Theory]
    [InlineData($"SELECT window_start, MAX(n) FROM ({Counts}) GROUP BY window_start")]
    [InlineData($"SELECT s, window_end, MAX(n) FROM (SELECT window_start + INTERVAL '1' SECOND AS s, window_end, n FROM ({Counts})) GROUP BY s, window_end")]
    [InlineData("SELECT window_start, window_end, MAX(n) FROM (SELECT auction, MIN(ts) AS window_start, MAX(ts) AS window_end, COUNT(*) AS n FROM bids GROUP BY auction) GROUP BY window_start, window_end")]
    public void An_aggregate_without_both_window_attributes_stays_a_group_aggregate(string sql)
    {
        LogicalNode prepared = StreamPlanning.Prepare(Plan(sql));

        Assert.Contains(Nodes(prepared), n => n is AggregateNode);
        Assert.DoesNotContain(Nodes(prepared), n => n is StreamWindowAggregateNode { Attached: true });
    }

    [Theory]
    [InlineData($"SELECT l.auction, r.n FROM ({Counts}) l JOIN ({Counts}) r ON l.window_start = r.window_start AND l.window_end = r.window_end AND l.auction = r.auction")]
    [InlineData($"SELECT l.auction FROM ({Counts}) l LEFT JOIN ({Counts}) r ON l.window_end = r.window_end AND l.window_start = r.window_start AND l.n > r.n")]
    [InlineData("SELECT l.bidder, r.bidder FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) l JOIN TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) r ON l.window_start = r.window_start AND l.window_end = r.window_end AND l.auction = r.auction")]
    public void A_join_on_both_sides_window_start_and_end_becomes_a_window_join(string sql)
    {
        LogicalNode plan = Plan(sql);

        LogicalNode prepared = StreamPlanning.Prepare(plan);

        Assert.Empty(Nodes(prepared).OfType<JoinNode>());
        StreamWindowJoinNode join = Assert.Single(Nodes(prepared).OfType<StreamWindowJoinNode>());
        Assert.Equal(plan.Schema.Fields, prepared.Schema.Fields);
        Assert.Equal("window_end", join.Left.Schema[join.LeftWindowEnd].Name);
        using IStreamOperator op = StreamOperators.Create(join);
        Assert.IsType<StreamWindowJoinOperator>(op);
        Assert.StartsWith("StreamWindowJoin(window_end=[window_end, window_end]", join.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"SELECT l.auction FROM ({Counts}) l JOIN ({Counts}) r ON l.window_start = r.window_start AND l.auction = r.auction")]
    [InlineData($"SELECT l.auction FROM ({Counts}) l JOIN ({HopCounts}) r ON l.window_start = r.window_start AND l.window_end = r.window_end")]
    [InlineData($"SELECT l.auction FROM ({Counts}) l JOIN ({Counts}) r ON l.window_start = r.window_end AND l.window_end = r.window_start")]
    public void Other_joins_are_left_alone(string sql)
    {
        LogicalNode prepared = StreamPlanning.Prepare(Plan(sql));

        Assert.Single(Nodes(prepared).OfType<JoinNode>());
        Assert.Empty(Nodes(prepared).OfType<StreamWindowJoinNode>());
    }

    private LogicalNode Plan(string sql)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "work"), Pool);
        session.Execute(Ddl);
        return LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(sql)));
    }

    private static IEnumerable<LogicalNode> Nodes(LogicalNode node) => node.Inputs.SelectMany(Nodes).Prepend(node);
}
