using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Graph;

/// <summary>How plans are cut into vertices and exchanges, and the stability of operator ids.</summary>
public sealed class JobGraphBuilderTests : EngineTest
{
    private const string Ddl = """
        CREATE TABLE bids (auction BIGINT, bidder BIGINT, price DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
        CREATE TABLE people (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
        CREATE TABLE out_table (auction BIGINT, total DECIMAL(38, 2)) WITH ('connector' = 'blackhole');
        """;

    private JobGraph Graph(string sql, int parallelism = 4)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "work"), Pool);
        session.Execute(Ddl);
        LogicalNode plan = LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(sql)));
        return JobGraphBuilder.Build([plan], parallelism);
    }

    [Fact]
    public void A_grouped_aggregate_is_fed_by_a_hash_exchange_on_its_keys()
    {
        JobGraph graph = Graph("SELECT auction, SUM(price) FROM bids WHERE price > 10 GROUP BY auction");

        Assert.Equal(2, graph.Vertices.Count);
        Assert.Equal(["Scan", "Calc"], graph.Vertices[0].Chain.Select(o => o.Name.Split('(')[0]));
        JobEdge edge = Assert.Single(graph.Edges);
        Assert.Equal(ExchangeKind.Hash, edge.Kind);
        Assert.Equal(4, graph.Vertices[1].Parallelism);
        Assert.True(graph.Vertices[1].IsResult);
        Assert.Equal("HashAggregate", graph.Vertices[1].Chain[0].Name);
    }

    [Fact]
    public void A_keyless_aggregate_and_a_top_n_run_once_behind_a_global_exchange_with_local_pre_steps()
    {
        JobGraph aggregate = Graph("SELECT COUNT(*) FROM bids");
        Assert.Equal(ExchangeKind.Global, Assert.Single(aggregate.Edges).Kind);
        Assert.Equal(1, aggregate.Vertices[^1].Parallelism);

        JobGraph topN = Graph("SELECT auction, price FROM bids ORDER BY price DESC LIMIT 3");
        Assert.Contains(topN.Vertices[0].Chain, o => o.Local == 3);
        Assert.Equal(ExchangeKind.Global, Assert.Single(topN.Edges).Kind);
        Assert.Equal(1, topN.Vertices[^1].Parallelism);
    }

    [Fact]
    public void A_join_hashes_both_sides_on_their_keys_and_a_union_feeds_its_consumer_from_every_branch()
    {
        JobGraph join = Graph("SELECT b.auction, p.name FROM bids b JOIN people p ON b.bidder = p.id");
        JobVertex joinVertex = join.Vertices.Single(v => v.Chain[0].Name == "HashJoin");
        Assert.Equal(2, joinVertex.InputCount);
        Assert.Equal([0, 1], join.InputsOf(joinVertex.Index).Select(e => e.TargetInput).Order());
        Assert.All(join.InputsOf(joinVertex.Index), e => Assert.Equal(ExchangeKind.Hash, e.Kind));

        JobGraph union = Graph("SELECT auction, COUNT(*) FROM (SELECT auction FROM bids UNION ALL SELECT id FROM people) GROUP BY auction");
        JobVertex aggregate = union.Vertices.Single(v => v.Chain[0].Name == "HashAggregate");
        Assert.Equal(2, union.InputsOf(aggregate.Index).Count());
    }

    [Fact]
    public void At_parallelism_1_a_linear_plan_is_one_chain()
    {
        JobGraph graph = Graph("SELECT auction, SUM(price) AS s FROM bids GROUP BY auction ORDER BY s DESC LIMIT 5", parallelism: 1);

        JobVertex vertex = Assert.Single(graph.Vertices);
        Assert.Empty(graph.Edges);
        string[] names = [.. vertex.Chain.Select(o => o.Name.Split('(')[0])];
        Assert.Equal("Scan", names[0]);
        Assert.True(Array.IndexOf(names, "HashAggregate") < Array.IndexOf(names, "SortLimit"), string.Join(" -> ", names));
        Assert.DoesNotContain(vertex.Chain, o => o.Local is not null);
    }

    [Fact]
    public void Operator_ids_are_stable_across_plannings_and_change_with_the_definition_or_an_input()
    {
        const string Sql = "SELECT auction, SUM(price) FROM bids WHERE price > 10 GROUP BY auction";
        string[] first = [.. Graph(Sql).Vertices.SelectMany(v => v.Chain).Select(o => o.Id)];
        string[] again = [.. Graph(Sql).Vertices.SelectMany(v => v.Chain).Select(o => o.Id)];
        string[] changed = [.. Graph(Sql.Replace("10", "11", StringComparison.Ordinal)).Vertices.SelectMany(v => v.Chain).Select(o => o.Id)];

        Assert.Equal(first, again);
        Assert.Equal(first.Length, first.Distinct().Count());
        Assert.Equal(first[0], changed[0]);
        Assert.NotEqual(first[1], changed[1]);
        Assert.NotEqual(first[^1], changed[^1]);
    }

    [Fact]
    public void Explain_shows_the_job_graph_with_exchanges()
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "work"), Pool);
        session.Execute(Ddl);
        session.Settings.Set("parallelism.default", "2");
        string explain = session.Execute("EXPLAIN INSERT INTO out_table SELECT auction, SUM(price) FROM bids GROUP BY auction")[0].Message;

        Assert.Contains("== Job Graph ==", explain, StringComparison.Ordinal);
        Assert.Contains("parallelism=2, input 0 <- vertex 0 HASH[$0]", explain, StringComparison.Ordinal);
        Assert.Contains("Sink(table=[out_table]", explain, StringComparison.Ordinal);
    }
}
