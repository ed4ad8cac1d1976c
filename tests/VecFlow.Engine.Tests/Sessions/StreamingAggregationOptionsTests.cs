using System.Globalization;
using System.Text;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>
/// Streaming aggregation options: split distinct aggregation (<c>table.optimizer.distinct-agg.split.enabled</c>) and
/// two-phase local-global aggregation (<c>table.optimizer.agg-phase-strategy</c>, mini-batch) give the batch run's
/// rows, over NULLs, FILTERs, several distinct columns, global aggregates, empty and updating inputs.
/// </summary>
public sealed class StreamingAggregationOptionsTests : EngineTest
{
    private const string TwoPhase = "SET 'table.exec.mini-batch.enabled' = 'true'; SET 'table.exec.mini-batch.allow-latency' = '50 ms';";

    public static TheoryData<string, int, string, int> Queries => new()
    {
        { "SELECT k, COUNT(DISTINCT a) AS d, COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(a) AS hi FROM t GROUP BY k", 1, "hashmap", 1024 },
        { "SELECT k, COUNT(DISTINCT a) AS d, COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(a) AS hi FROM t GROUP BY k", 2, "rocksdb", 4 },
        // Two distinct columns (each row copied once per column), FILTERs, SUM(DISTINCT), COUNT of a nullable column.
        { "SELECT k, COUNT(DISTINCT a) FILTER (WHERE v < 50) AS d1, COUNT(DISTINCT b) AS d2, SUM(DISTINCT b) AS sd, COUNT(a) AS na, COUNT(*) FILTER (WHERE v >= 50) AS big FROM t GROUP BY k", 2, "rocksdb", 8 },
        { "SELECT k, COUNT(DISTINCT a) FILTER (WHERE v < 50) AS d1, COUNT(DISTINCT b) AS d2, SUM(DISTINCT b) AS sd, COUNT(a) AS na, COUNT(*) FILTER (WHERE v >= 50) AS big FROM t GROUP BY k", 1, "hashmap", 1024 },
        // Global aggregates, with rows and over an empty input (COUNT stays 0, the others NULL).
        { "SELECT COUNT(DISTINCT a) AS d, MAX(DISTINCT b) AS m, COUNT(*) AS n FROM t", 2, "rocksdb", 16 },
        { "SELECT COUNT(DISTINCT a) AS d, SUM(v) AS s, COUNT(*) AS n FROM t WHERE v > 1000", 1, "hashmap", 16 },
        // An updating input: the distinct aggregate consumes retractions of the inner aggregate's rows.
        { "SELECT MOD(k, 3) AS g, COUNT(DISTINCT n) AS dn, SUM(n) AS total FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) GROUP BY MOD(k, 3)", 2, "rocksdb", 4 },
        { "SELECT k, COUNT(DISTINCT a) AS d FROM t GROUP BY k HAVING COUNT(DISTINCT a) > 20", 2, "hashmap", 32 },
    };

    public static TheoryData<string, int, string> TwoPhaseQueries => new()
    {
        { "SELECT k, COUNT(*) AS n, COUNT(a) AS na, SUM(v) AS s, MIN(a) AS lo, MAX(b) AS hi, SUM(a) FILTER (WHERE v < 10) AS fs FROM t GROUP BY k", 1, "hashmap" },
        { "SELECT k, COUNT(*) AS n, COUNT(a) AS na, SUM(v) AS s, MIN(a) AS lo, MAX(b) AS hi, SUM(a) FILTER (WHERE v < 10) AS fs FROM t GROUP BY k", 2, "rocksdb" },
        // A key that is sometimes NULL, DECIMAL and string aggregates, and a SUM that is NULL for some groups.
        { "SELECT b, SUM(CAST(v AS DECIMAL(10, 2)) / 4) AS d, MAX(CAST(a AS STRING)) AS m, SUM(a) FILTER (WHERE v > 98) AS rare FROM t GROUP BY b", 2, "rocksdb" },
        // Global aggregates, with rows and over an empty input (COUNT stays 0, the others NULL).
        { "SELECT COUNT(*) AS n, SUM(a) AS s, MIN(v) AS lo FROM t", 2, "hashmap" },
        { "SELECT COUNT(*) AS n, SUM(a) AS s, MAX(v) AS hi FROM t WHERE v > 1000", 2, "rocksdb" },
        // An updating input stays one-phase for the outer aggregate; the inner one runs in two phases.
        { "SELECT MOD(k, 3) AS g, SUM(n) AS total, MAX(n) AS most FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) GROUP BY MOD(k, 3)", 2, "rocksdb" },
        // DISTINCT stays one-phase, AVG too; the rest of the query is unchanged.
        { "SELECT k, COUNT(DISTINCT a) AS d, AVG(v) AS mean FROM t GROUP BY k", 2, "hashmap" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Split_distinct_streaming_gives_the_batch_rows(string select, int parallelism, string backend, int buckets)
    {
        string table = WriteTable();
        List<string> batch = Rows(table, select, "batch", parallelism, backend, string.Empty);
        List<string> split = Rows(table, select, "streaming", parallelism, backend, Split(buckets));

        Assert.NotEmpty(batch);
        Assert.Equal(batch, split);
    }

    [Theory]
    [MemberData(nameof(TwoPhaseQueries))]
    public void Two_phase_streaming_gives_the_batch_rows(string select, int parallelism, string backend)
    {
        string table = WriteTable();
        List<string> batch = Rows(table, select, "batch", parallelism, backend, string.Empty);
        List<string> twoPhase = Rows(table, select, "streaming", parallelism, backend, TwoPhase);

        Assert.NotEmpty(batch);
        Assert.Equal(batch, twoPhase);
    }

    [Fact]
    public void Split_distinct_and_two_phase_together_give_the_batch_rows()
    {
        string table = WriteTable();
        const string Select = "SELECT k, COUNT(DISTINCT a) FILTER (WHERE v < 50) AS d, COUNT(DISTINCT b) AS e, COUNT(*) AS n, MAX(v) AS hi FROM t GROUP BY k";

        List<string> batch = Rows(table, Select, "batch", 2, "rocksdb", string.Empty);
        List<string> both = Rows(table, Select, "streaming", 2, "rocksdb", Split(16) + TwoPhase);

        Assert.Equal(batch, both);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("SET 'table.exec.mini-batch.enabled' = 'true';", true)]
    [InlineData("SET 'table.exec.mini-batch.enabled' = 'true'; SET 'table.optimizer.agg-phase-strategy' = 'ONE_PHASE';", false)]
    [InlineData("SET 'table.optimizer.agg-phase-strategy' = 'TWO_PHASE';", true)]
    public void Explain_shows_the_local_aggregate_when_two_phase_applies(string options, bool local)
    {
        string table = WriteTable();

        string plan = Explain(table, "SELECT k, COUNT(*) AS n, SUM(v) AS s FROM t GROUP BY k", options);

        Assert.Equal(local, plan.Contains("LocalAggregate(group=[k], select=[COUNT(*) AS $local0, SUM($arg1) AS $local1])", StringComparison.Ordinal));
        Assert.Equal(local, plan.Contains("Aggregate(group=[k], select=[SUM($local0) AS $agg0, SUM($local1) AS $agg1])", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_shows_the_partial_aggregate_by_hash_bucket_only_when_enabled()
    {
        string table = WriteTable();
        const string Select = "SELECT k, COUNT(DISTINCT a) AS d, COUNT(DISTINCT b) AS e FROM t GROUP BY k";

        string split = Explain(table, Select, Split(64));
        string plain = Explain(table, Select, string.Empty);

        Assert.Contains("HASH_BUCKET($arg0, 64) AS $bucket", split, StringComparison.Ordinal);
        Assert.Contains("HASH_BUCKET($arg1, 64) AS $bucket", split, StringComparison.Ordinal);
        Assert.Contains("Aggregate(group=[k, $bucket, $copy], select=[COUNT(DISTINCT $arg0) FILTER $filter0", split, StringComparison.Ordinal);
        Assert.Contains("Aggregate(group=[k], select=[SUM($partial0) AS $agg0, SUM($partial1) AS $agg1])", split, StringComparison.Ordinal);
        Assert.DoesNotContain("HASH_BUCKET", plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table.optimizer.distinct-agg.split.enabled", "yes", "'table.optimizer.distinct-agg.split.enabled' must be 'true' or 'false', not 'yes'")]
    [InlineData("table.optimizer.distinct-agg.split.bucket-num", "0", "'table.optimizer.distinct-agg.split.bucket-num' must be a positive integer, not '0'")]
    [InlineData("table.optimizer.agg-phase-strategy", "THREE_PHASE", "'table.optimizer.agg-phase-strategy' must be 'AUTO', 'ONE_PHASE' or 'TWO_PHASE', not 'THREE_PHASE'")]
    [InlineData("table.exec.mini-batch.enabled", "on", "'table.exec.mini-batch.enabled' must be 'true' or 'false', not 'on'")]
    [InlineData("table.exec.mini-batch.size", "-5", "'table.exec.mini-batch.size' must be a positive integer, not '-5'")]
    public void Bad_option_values_are_refused_at_SET(string key, string value, string message)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, $"set-{Guid.NewGuid():N}"), Pool);

        var error = Assert.ThrowsAny<Exception>(() => session.Execute($"SET '{key}' = '{value}'"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static string Split(int buckets) =>
        $"SET 'table.optimizer.distinct-agg.split.enabled' = 'true'; SET 'table.optimizer.distinct-agg.split.bucket-num' = '{buckets.ToString(CultureInfo.InvariantCulture)}';";

    private string Explain(string table, string select, string options)
    {
        using SqlSession session = Session(table, "streaming", 1, "hashmap", options);
        return string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));
    }

    private List<string> Rows(string table, string select, string mode, int parallelism, string backend, string options)
    {
        using SqlSession session = Session(table, mode, parallelism, backend, options);
        QueryResult result = session.Query(select);
        return [.. result.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }

    private SqlSession Session(string table, string mode, int parallelism, string backend, string options)
    {
        var session = new SqlSession(null, Path.Combine(Directory, $"{mode}-{Guid.NewGuid():N}"), Pool) { BatchRows = 512 };
        try
        {
            session.Execute($"""
                SET 'execution.runtime-mode' = '{mode}';
                SET 'parallelism.default' = '{parallelism.ToString(CultureInfo.InvariantCulture)}';
                SET 'state.backend.type' = '{backend}';
                {options}
                CREATE TABLE t (k INT, a BIGINT, b INT, v INT) WITH ('connector' = 'filesystem', 'path' = '{table}', 'format' = 'csv', 'csv.null-literal' = 'null');
                """);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>6,000 seeded rows: 10 keys, a (200 values, some NULL), b (50 values, some NULL), v in 0..99.</summary>
    private string WriteTable()
    {
        string path = Path.Combine(Directory, "t.csv");
        if (File.Exists(path))
        {
            return path;
        }

        var random = new Random(17);
        var text = new StringBuilder();
        for (int i = 0; i < 6_000; i++)
        {
            string a = random.Next(20) == 0 ? "null" : random.Next(200).ToString(CultureInfo.InvariantCulture);
            string b = random.Next(15) == 0 ? "null" : random.Next(50).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(10)},{a},{b},{random.Next(100)}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
