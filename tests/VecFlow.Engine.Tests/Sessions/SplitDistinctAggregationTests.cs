using System.Globalization;
using System.Text;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>
/// Streaming split distinct aggregation (<c>table.optimizer.distinct-agg.split.enabled</c>): the same rows as the
/// batch run, over NULLs, FILTERs, several distinct columns, a global aggregate and an updating input.
/// </summary>
public sealed class SplitDistinctAggregationTests : EngineTest
{
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

    [Theory]
    [MemberData(nameof(Queries))]
    public void Split_distinct_streaming_gives_the_batch_rows(string select, int parallelism, string backend, int buckets)
    {
        string table = WriteTable();
        List<string> batch = Rows(table, select, "batch", parallelism, backend, null);
        List<string> split = Rows(table, select, "streaming", parallelism, backend, buckets);

        Assert.NotEmpty(batch);
        Assert.Equal(batch, split);
    }

    [Fact]
    public void Explain_shows_the_partial_aggregate_by_hash_bucket_only_when_enabled()
    {
        string table = WriteTable();
        const string Select = "SELECT k, COUNT(DISTINCT a) AS d, COUNT(DISTINCT b) AS e FROM t GROUP BY k";

        string split = Explain(table, Select, 64);
        string plain = Explain(table, Select, null);

        Assert.Contains("HASH_BUCKET($arg0, 64) AS $bucket", split, StringComparison.Ordinal);
        Assert.Contains("HASH_BUCKET($arg1, 64) AS $bucket", split, StringComparison.Ordinal);
        Assert.Contains("Aggregate(group=[k, $bucket, $copy], select=[COUNT(DISTINCT $arg0) FILTER $filter0", split, StringComparison.Ordinal);
        Assert.Contains("Aggregate(group=[k], select=[SUM($partial0) AS $agg0, SUM($partial1) AS $agg1])", split, StringComparison.Ordinal);
        Assert.DoesNotContain("HASH_BUCKET", plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table.optimizer.distinct-agg.split.enabled", "yes", "'table.optimizer.distinct-agg.split.enabled' must be 'true' or 'false', not 'yes'")]
    [InlineData("table.optimizer.distinct-agg.split.bucket-num", "0", "'table.optimizer.distinct-agg.split.bucket-num' must be a positive integer, not '0'")]
    public void Bad_option_values_are_refused_at_SET(string key, string value, string message)
    {
        using var session = new SqlSession(null, Path.Combine(Directory, $"set-{Guid.NewGuid():N}"), Pool);

        var error = Assert.ThrowsAny<Exception>(() => session.Execute($"SET '{key}' = '{value}'"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private string Explain(string table, string select, int? buckets)
    {
        using SqlSession session = Session(table, "streaming", 1, "hashmap", buckets);
        return string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));
    }

    private List<string> Rows(string table, string select, string mode, int parallelism, string backend, int? buckets)
    {
        using SqlSession session = Session(table, mode, parallelism, backend, buckets);
        QueryResult result = session.Query(select);
        return [.. result.Rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
    }

    private SqlSession Session(string table, string mode, int parallelism, string backend, int? buckets)
    {
        var session = new SqlSession(null, Path.Combine(Directory, $"{mode}-{Guid.NewGuid():N}"), Pool) { BatchRows = 512 };
        try
        {
            string split = buckets is { } n
                ? $"SET 'table.optimizer.distinct-agg.split.enabled' = 'true'; SET 'table.optimizer.distinct-agg.split.bucket-num' = '{n.ToString(CultureInfo.InvariantCulture)}';"
                : string.Empty;
            session.Execute($"""
                SET 'execution.runtime-mode' = '{mode}';
                SET 'parallelism.default' = '{parallelism.ToString(CultureInfo.InvariantCulture)}';
                SET 'state.backend.type' = '{backend}';
                {split}
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
