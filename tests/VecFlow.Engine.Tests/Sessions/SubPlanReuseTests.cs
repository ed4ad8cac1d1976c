using System.Text.RegularExpressions;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>
/// Sub-plan and source reuse: equal subtrees run once and feed every consumer; the rows are those without reuse, in
/// streaming (heap p1, RocksDB p2) and batch.
/// </summary>
public sealed class SubPlanReuseTests : EngineTest
{
    private const string SelfJoin = """
        SELECT a.auction, a.n, b.n AS m
        FROM (SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction) AS a
        JOIN (SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction) AS b ON a.auction = b.auction
        """;

    private const string SelfUnion = """
        SELECT auction, COUNT(*) AS n FROM bid WHERE price > 100 GROUP BY auction
        UNION ALL
        SELECT auction, COUNT(*) AS n FROM bid WHERE price > 100 GROUP BY auction
        """;

    public static TheoryData<string, string, int, string> Runs()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (string query in new[] { "q5", "self-join", "self-union" })
        {
            data.Add(query, "streaming", 1, "hashmap");
            data.Add(query, "streaming", 2, "rocksdb");
            data.Add(query, "batch", 2, "hashmap");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Reuse_on_gives_the_rows_of_reuse_off(string query, string mode, int parallelism, string backend)
    {
        string select = query switch
        {
            "q5" => NexmarkExample.SelectOf(NexmarkExample.Script("q5")),
            "self-join" => SelfJoin,
            _ => SelfUnion,
        };

        List<string> off = Rows(select, mode, parallelism, backend, reuse: false);
        List<string> on = Rows(select, mode, parallelism, backend, reuse: true);

        Assert.NotEmpty(off);
        Assert.Equal(off, on);
    }

    [Fact]
    public void Q5_explains_one_scan_and_one_window_aggregate_vertex_with_two_outputs_when_on_and_two_of_each_when_off()
    {
        string select = NexmarkExample.SelectOf(NexmarkExample.Script("q5"));

        string on = JobGraphOf(select, "streaming", reuse: true);
        string off = JobGraphOf(select, "streaming", reuse: false);

        Assert.Equal(1, Regex.Count(on, @"\n  Scan\(table=\[nexmark\]"));
        Assert.Matches(@"outputs -> \[vertex \d+ input 0 [A-Z]+[^,\]]*, vertex \d+ input \d [A-Z]+[^\n]*\]\n  StreamWindowAggregate\(window=\[HOP", on);
        Assert.Equal(1, Regex.Count(on, @"\n  StreamWindowAggregate\(window=\[HOP"));
        Assert.Equal(2, Regex.Count(off, @"\n  StreamWindowAggregate\(window=\[HOP"));
        Assert.Equal(2, Regex.Count(off, @"\n  Scan\(table=\[nexmark\]"));
        Assert.DoesNotContain("outputs ->", off, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_reuse_alone_shares_the_scan_but_not_the_aggregates()
    {
        using SqlSession session = Session("streaming", 2, "hashmap");
        session.Execute($"SET '{ReuseOptions.SubPlanKey}' = 'false'; SET '{ReuseOptions.SourceKey}' = 'true';");

        string graph = JobGraphSection(session, SelfJoin);

        Assert.Equal(1, Regex.Count(graph, @"\n  Scan\(table=\[nexmark\]"));
        Assert.Equal(2, Regex.Count(graph, @"\n  GroupAggregate\(|\n  HashAggregate\(|\n  Aggregate\("));
    }

    [Fact]
    public void Batch_jobs_do_not_share()
    {
        string graph = JobGraphOf(SelfJoin, "batch", reuse: true);

        Assert.Equal(2, Regex.Count(graph, @"\n  Scan\(table=\[nexmark\]"));
        Assert.DoesNotContain("outputs ->", graph, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subtree_reading_the_processing_time_is_not_shared()
    {
        const string Query = """
            SELECT a.auction, a.t, b.t AS u
            FROM (SELECT auction, PROCTIME() AS t FROM bid) AS a
            JOIN (SELECT auction, PROCTIME() AS t FROM bid) AS b ON a.auction = b.auction
            """;
        using SqlSession session = Session("streaming", 2, "hashmap");

        string graph = JobGraphSection(session, Query);

        // The scans below the clock read are still one; the projections reading the clock are two.
        Assert.Equal(1, Regex.Count(graph, @"\n  Scan\(table=\[nexmark\]"));
        Assert.Equal(2, Regex.Count(graph, @"PROCTIME\(\)"));
    }

    [Fact]
    public void Reuse_options_are_validated()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");

        var error = Assert.Throws<ArgumentException>(() => session.Settings.Set(ReuseOptions.SubPlanKey, "yes"));

        Assert.Contains("'true' or 'false'", error.Message, StringComparison.Ordinal);
        Assert.Equal(ReuseOptions.Enabled, session.Settings.Reuse);
        session.Settings.Set(ReuseOptions.SourceKey, "FALSE");
        Assert.Equal(new ReuseOptions(true, false), session.Settings.Reuse);
    }

    [Fact]
    public void A_graph_with_a_shared_vertex_round_trips_through_protobuf()
    {
        using SqlSession session = Session("streaming", 2, "hashmap");
        JobGraph Build()
        {
            LogicalNode plan = StreamPlanning.Prepare(LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(SelfJoin))));
            return JobGraphBuilder.Build([plan], 2, streaming: true);
        }

        JobGraph sent = Build();
        JobGraph decoded = JobGraphCodec.Decode(JobGraphCodec.Encode(sent), JobGraphCodec.ResolverFor(Build()));

        Assert.Contains(sent.Vertices, v => sent.OutputsOf(v.Index).Count > 1);
        Assert.Equal(sent.Edges, decoded.Edges, (a, b) => a.Source == b.Source && a.Target == b.Target && a.TargetInput == b.TargetInput && a.Kind == b.Kind && a.Keys.SequenceEqual(b.Keys));
        Assert.Equal(sent.Vertices.Select(v => (v.Id, v.InputCount, sent.OutputsOf(v.Index).Count)), decoded.Vertices.Select(v => (v.Id, v.InputCount, decoded.OutputsOf(v.Index).Count)));
        Assert.Equal(sent.Explain(), decoded.Explain());
    }

    private string JobGraphOf(string select, string mode, bool reuse)
    {
        using SqlSession session = Session(mode, 2, "hashmap");
        session.Execute($"SET '{ReuseOptions.SubPlanKey}' = '{(reuse ? "true" : "false")}'; SET '{ReuseOptions.SourceKey}' = '{(reuse ? "true" : "false")}';");
        return JobGraphSection(session, select);
    }

    private static string JobGraphSection(SqlSession session, string select)
    {
        string plan = string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));
        return "\n" + plan[plan.IndexOf("== Job Graph ==", StringComparison.Ordinal)..];
    }

    private List<string> Rows(string select, string mode, int parallelism, string backend, bool reuse)
    {
        using SqlSession session = Session(mode, parallelism, backend);
        session.Execute($"SET '{ReuseOptions.SubPlanKey}' = '{(reuse ? "true" : "false")}'; SET '{ReuseOptions.SourceKey}' = '{(reuse ? "true" : "false")}';");
        return NexmarkExample.SortedRows(session, select);
    }

    private SqlSession Session(string mode, int parallelism, string backend) => NexmarkExample.Open(Directory, Pool, mode, parallelism, backend);
}
