using VecFlow.Engine.Execution;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Operators.Streaming;

/// <summary>The streaming planning rule: which aggregates become streaming window aggregates, with the batch aggregate's schema.</summary>
public sealed class StreamWindowAggregateRuleTests : EngineTest
{
    private const string Ddl = """
        CREATE TABLE bids (auction BIGINT, bidder BIGINT, price DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
        """;

    public static TheoryData<string, string> WindowQueries => new()
    {
        {
            "SELECT auction, window_start, window_end, COUNT(*) AS n, SUM(price) AS total FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) WHERE price > 10 GROUP BY auction, window_start, window_end",
            "TUMBLE"
        },
        {
            "SELECT window_start, window_end, bidder, COUNT(DISTINCT auction) FILTER (WHERE price > 1) AS n FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_end, bidder, window_start",
            "HOP"
        },
        {
            "SELECT window_start, window_end, window_time, MAX(price) AS top FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end, window_time",
            "CUMULATE"
        },
        {
            "SELECT auction, TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, TUMBLE_ROWTIME(ts, INTERVAL '10' SECOND) AS wt, AVG(price) AS p FROM bids GROUP BY auction, TUMBLE(ts, INTERVAL '10' SECOND)",
            "TUMBLE"
        },
        {
            "SELECT HOP_END(ts, INTERVAL '5' SECOND, INTERVAL '15' SECOND) AS we, MIN(bidder) AS b FROM bids WHERE auction > 3 GROUP BY HOP(ts, INTERVAL '5' SECOND, INTERVAL '15' SECOND)",
            "HOP"
        },
    };

    [Theory]
    [MemberData(nameof(WindowQueries))]
    public void A_window_aggregate_becomes_a_streaming_window_aggregate_with_the_same_schema(string sql, string kind)
    {
        LogicalNode plan = Plan(sql);
        AggregateNode aggregate = Assert.Single(Nodes(plan).OfType<AggregateNode>());

        LogicalNode rewritten = StreamWindowAggregateRule.Rewrite(plan);

        Assert.Empty(Nodes(rewritten).OfType<AggregateNode>());
        Assert.Empty(Nodes(rewritten).OfType<WindowTableNode>());
        StreamWindowAggregateNode window = Assert.Single(Nodes(rewritten).OfType<StreamWindowAggregateNode>());
        Assert.Equal(kind, window.Window.Kind.ToString().ToUpperInvariant());
        Assert.Equal(aggregate.Schema.Fields, window.Schema.Fields);
        Assert.Equal(plan.Schema.Fields, rewritten.Schema.Fields);
        Assert.All(window.PartitionKeys, k => Assert.True(window.Input.Schema[k].Name is "auction" or "bidder", window.Input.Schema[k].Name));
        using IStreamOperator op = StreamOperators.Create(window);
        Assert.IsType<StreamWindowAggregateOperator>(op);
        Assert.StartsWith("StreamWindowAggregate(window=[" + kind, window.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT auction, SUM(price) FROM bids GROUP BY auction")]
    [InlineData("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start")]
    [InlineData("SELECT window_start, window_end, MAX(window_time) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end")]
    public void Other_aggregates_are_left_alone(string sql)
    {
        LogicalNode plan = Plan(sql);

        LogicalNode rewritten = StreamWindowAggregateRule.Rewrite(plan);

        Assert.Equal(plan, rewritten);
        Assert.Empty(Nodes(rewritten).OfType<StreamWindowAggregateNode>());
    }

    private LogicalNode Plan(string sql)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "work"), Pool);
        session.Execute(Ddl);
        return LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(sql)));
    }

    private static IEnumerable<LogicalNode> Nodes(LogicalNode node) => node.Inputs.SelectMany(Nodes).Prepend(node);
}
