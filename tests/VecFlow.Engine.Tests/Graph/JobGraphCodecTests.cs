using VecFlow.Engine.Execution;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Parsing;

namespace VecFlow.Engine.Tests.Graph;

/// <summary>The job graph through protobuf: same shape and ids, and the decoded graph runs to the same answer.</summary>
public sealed class JobGraphCodecTests : EngineTest
{
    private const string Ddl = """
        CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '5000', 'fields.auction.min' = '1', 'fields.auction.max' = '50', 'fields.price.min' = '1', 'fields.price.max' = '100000', 'seed' = '5');
        """;

    private const string Query = """
        SELECT auction, COUNT(*) AS n, SUM(price) AS total FROM bids WHERE bidder > 0 GROUP BY auction
        UNION ALL
        SELECT auction, 0, MAX(price) FROM (SELECT * FROM bids ORDER BY price DESC LIMIT 10) GROUP BY auction
        """;

    private (SqlSession Session, JobGraph Graph) Plan(string query)
    {
        var session = new SqlSession(null, Path.Combine(Directory, "work-" + Guid.NewGuid().ToString("N")), Pool);
        session.Execute(Ddl);
        LogicalNode plan = LogicalOptimizer.Optimize(new QueryBinder(session.Catalog).Bind(SqlParser.ParseQuery(query)));
        return (session, JobGraphBuilder.Build([plan], 3));
    }

    [Fact]
    public void A_decoded_graph_has_the_same_shape_and_ids_and_runs_to_the_same_answer()
    {
        var (sender, sent) = Plan(Query);
        var (receiver, replanned) = Plan(Query);
        using (sender)
        using (receiver)
        {
            JobGraph decoded = JobGraphCodec.Decode(JobGraphCodec.Encode(sent), JobGraphCodec.ResolverFor(replanned));

            Assert.Equal(sent.MaxParallelism, decoded.MaxParallelism);
            Assert.Equal(sent.Edges, decoded.Edges, (a, b) => a.Source == b.Source && a.Target == b.Target && a.TargetInput == b.TargetInput && a.Kind == b.Kind && a.Keys.SequenceEqual(b.Keys));
            Assert.Equal(
                sent.Vertices.Select(v => (v.Parallelism, v.InputCount, v.IsResult, string.Join(",", v.Chain.Select(o => $"{o.Id}:{o.Role}:{o.Local}")))),
                decoded.Vertices.Select(v => (v.Parallelism, v.InputCount, v.IsResult, string.Join(",", v.Chain.Select(o => $"{o.Id}:{o.Role}:{o.Local}")))));

            var executor = new JobExecutor(new ExecutionSettings
            {
                Pool = Pool,
                SpillDirectory = Path.Combine(Directory, "spill"),
                Parallelism = 3,
                Connector = (_, context) => receiver.Connectors.Resolve(context),
            });
            var output = new CollectingOutput();
            executor.Run(decoded, output);
            var rows = output.TakeRows().Select(r => string.Join("|", r)).Order(StringComparer.Ordinal).ToList();
            var expected = sender.Query(Query).Rows.Select(r => string.Join("|", r)).Order(StringComparer.Ordinal).ToList();

            Assert.NotEmpty(expected);
            Assert.Equal(expected, rows);
        }
    }

    [Fact]
    public void A_graph_decoded_against_a_different_plan_is_refused_and_garbage_is_a_clear_error()
    {
        var (sender, sent) = Plan(Query);
        var (other, otherGraph) = Plan("SELECT auction FROM bids WHERE price > 7");
        using (sender)
        using (other)
        {
            var mismatch = Assert.Throws<InvalidDataException>(() => JobGraphCodec.Decode(JobGraphCodec.Encode(sent), JobGraphCodec.ResolverFor(otherGraph)));
            Assert.Contains("which this job's plan does not have", mismatch.Message, StringComparison.Ordinal);

            var garbage = Assert.Throws<InvalidDataException>(() => JobGraphCodec.Decode([0xFF, 0xFF, 0xFF, 0x01], JobGraphCodec.ResolverFor(sent)));
            Assert.Contains("not readable protobuf", garbage.Message, StringComparison.Ordinal);
        }
    }
}
