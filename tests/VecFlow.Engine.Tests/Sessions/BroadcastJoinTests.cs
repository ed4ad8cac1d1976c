using System.Globalization;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Batch joins whose build side is a small table broadcast it to every join subtask: the same rows as a hash exchange of both sides.</summary>
public sealed class BroadcastJoinTests : EngineTest
{
    private const string Join = "SELECT f.id, f.dim, d.name FROM facts AS f LEFT JOIN dims AS d ON f.dim = d.id WHERE f.id % 5 <> 0";

    private SqlSession NewSession(string threshold)
    {
        string facts = Path.Combine(Directory, "facts.csv");
        string dims = Path.Combine(Directory, "dims.csv");
        if (!File.Exists(facts))
        {
            File.WriteAllLines(facts, Enumerable.Range(0, 20_000).Select(i => $"{i},{(i % 11 == 0 ? string.Empty : ((i * 37) % 120).ToString(CultureInfo.InvariantCulture))}"));
            File.WriteAllLines(dims, Enumerable.Range(0, 100).Select(i => $"{i},d{i}"));
        }

        var session = new SqlSession(workDirectory: Path.Combine(Directory, "work-" + Guid.NewGuid().ToString("N")), pool: Pool);
        session.Execute($"""
            CREATE TABLE facts (id BIGINT, dim INT) WITH ('connector' = 'filesystem', 'path' = '{facts}', 'format' = 'csv');
            CREATE TABLE dims (id INT, name STRING) WITH ('connector' = 'filesystem', 'path' = '{dims}', 'format' = 'csv');
            SET 'parallelism.default' = '2';
            SET 'table.optimizer.join.broadcast-threshold' = '{threshold}';
            """);
        return session;
    }

    [Fact]
    public void A_small_build_side_is_broadcast_and_the_probe_side_forwarded()
    {
        using SqlSession session = NewSession("1mb");
        string plan = session.Explain(Join);

        Assert.Contains("broadcast=[right]", plan, StringComparison.Ordinal);
        string graph = plan[plan.IndexOf("== Job Graph ==", StringComparison.Ordinal)..];
        Assert.Contains("BROADCAST", graph, StringComparison.Ordinal);
        Assert.Contains("FORWARD", graph, StringComparison.Ordinal);
        Assert.DoesNotContain("HASH[", graph, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100")]
    public void A_build_side_over_the_threshold_is_hashed(string threshold)
    {
        using SqlSession session = NewSession(threshold);
        Assert.DoesNotContain("broadcast=[right]", session.Explain(Join), StringComparison.Ordinal);
    }

    [Fact]
    public void Broadcast_and_hashed_joins_give_the_reference_rows()
    {
        var expected = Enumerable.Range(0, 20_000).Where(i => i % 5 != 0).Select(i =>
        {
            int? dim = i % 11 == 0 ? null : (i * 37) % 120;
            return $"{i}|{dim}|{(dim is < 100 ? "d" + dim : string.Empty)}";
        }).Order(StringComparer.Ordinal).ToList();

        foreach (string threshold in new[] { "1mb", "-1" })
        {
            using SqlSession session = NewSession(threshold);
            var rows = session.Query(Join).Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, rows);
        }
    }
}
