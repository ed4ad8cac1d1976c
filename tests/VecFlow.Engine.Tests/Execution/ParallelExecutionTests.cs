using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Execution;

/// <summary>A job at several subtasks per vertex gives exactly the answer of the same job at one.</summary>
public sealed class ParallelExecutionTests : EngineTest
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "nexmark");

    public static TheoryData<string> Queries() =>
    [
        "SELECT auction, COUNT(*) AS n, SUM(price) AS total, MIN(bidder) AS lo, MAX(dateTime) AS last_at FROM bid GROUP BY auction",
        "SELECT COUNT(*), COUNT(DISTINCT bidder), AVG(price) FROM bid",
        "SELECT channel, COUNT(DISTINCT auction) FILTER (WHERE price > 1000) FROM bid GROUP BY channel",
        "SELECT a.id, a.seller, b.price FROM auction a JOIN bid b ON a.id = b.auction WHERE b.price > 5000000",
        "SELECT p.id, p.name, a.id FROM person p LEFT JOIN auction a ON p.id = a.seller",
        "SELECT a.id, b.bidder FROM auction a FULL JOIN (SELECT * FROM bid WHERE price > 90000000) b ON a.id = b.auction",
        "SELECT * FROM (SELECT auction, bidder, price, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC, bidder) AS rn FROM bid) WHERE rn <= 2",
        "SELECT window_start, window_end, auction, COUNT(*) FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end, auction",
        "SELECT auction, price, SUM(price) OVER (PARTITION BY auction ORDER BY dateTime ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM bid",
        "SELECT bidder FROM bid WHERE price > 50000000 UNION SELECT seller FROM auction WHERE category = 10",
        "SELECT id FROM auction WHERE id IN (SELECT auction FROM bid WHERE price > 80000000)",
        "SELECT id FROM person WHERE id NOT IN (SELECT seller FROM auction)",
        "SELECT DISTINCT channel FROM bid",
    ];

    private SqlSession Session(int parallelism)
    {
        var variables = new Dictionary<string, string>
        {
            ["TPS"] = "1000",
            ["EVENTS_NUM"] = "30000",
            ["PERSON_PROPORTION"] = "1",
            ["AUCTION_PROPORTION"] = "3",
            ["BID_PROPORTION"] = "46",
            ["NEXMARK_TABLE"] = "nexmark",
        };
        var session = new SqlSession(variables, Path.Combine(Directory, $"work-{parallelism}-{Guid.NewGuid():N}"), Pool);
        session.Execute(File.ReadAllText(Path.Combine(Examples, "ddl.sql")).Replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '11',", StringComparison.Ordinal));
        session.Settings.Set("parallelism.default", parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture));
        session.Settings.Set("table.exec.resource.memory-per-operator", "256kb");
        return session;
    }

    private static List<string> Multiset(QueryResult result) =>
        [.. result.Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "NULL"))).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Three_subtasks_per_vertex_give_the_single_subtask_answer(string sql)
    {
        using SqlSession serial = Session(1);
        using SqlSession parallel = Session(3);

        List<string> expected = Multiset(serial.Query(sql));
        List<string> actual = Multiset(parallel.Query(sql));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_ordered_limit_keeps_its_order_at_three_subtasks()
    {
        const string Sql = "SELECT auction, bidder, price FROM bid ORDER BY price DESC, auction, bidder LIMIT 25 OFFSET 5";
        using SqlSession serial = Session(1);
        using SqlSession parallel = Session(3);

        Assert.Equal(serial.Query(Sql).Rows, parallel.Query(Sql).Rows);
    }

    [Fact]
    public void A_parallel_filesystem_sink_writes_one_part_file_per_subtask_and_reads_back_the_same_rows()
    {
        string output = Path.Combine(Directory, "out");
        using SqlSession session = Session(3);
        session.Execute($"""
            CREATE TABLE copy (auction BIGINT, bidder BIGINT, price BIGINT) WITH ('connector' = 'filesystem', 'path' = '{output}', 'format' = 'csv');
            INSERT INTO copy SELECT auction, bidder, price FROM bid;
            """);

        Assert.Equal(3, System.IO.Directory.GetFiles(output, "part-*").Length);
        Assert.Equal(
            Multiset(session.Query("SELECT auction, bidder, price FROM bid")),
            Multiset(session.Query("SELECT auction, bidder, price FROM copy")));
    }

    [Fact]
    public void A_failing_subtask_fails_the_job_with_its_one_line_error_and_leaks_nothing()
    {
        using SqlSession session = Session(3);

        var error = Assert.ThrowsAny<Exception>(() => session.Query("SELECT auction, SUM(price / (price - price)) FROM bid GROUP BY auction"));

        Assert.Contains("division by zero", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error.Message);
        // EngineTest's pool fails the test if a batch in flight was not released.
    }
}
