using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Sessions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>
/// Predicates pushed into a Parquet scan drop rows in the reader (late materialization): the rows are those of the same
/// filter applied after a scan that drops nothing, over many row groups and batches, with NULLs in the filter columns.
/// </summary>
public sealed class ParquetRowFilterTests : ConnectorTest
{
    private const int RowCount = 2_000;
    private const long BaseMillis = 1_767_225_600_000L;
    private static readonly string[] Channels = ["Google", "Facebook", "Baidu", "Apple", "channel-5", "channel-6"];

    private static readonly RowSchema Bids = new(
    [
        new Field("k", SqlType.BigInt),
        new Field("s", SqlType.Varchar),
        new Field("d", SqlType.Decimal(12, 2)),
        new Field("ts", SqlType.Timestamp),
        new Field("p", SqlType.Int),
    ]);

    private static readonly Dictionary<string, Func<object?[], bool>> Conditions = new()
    {
        ["s <> 'Apple'"] = r => r[1] is string s && s != "Apple",
        ["s = 'Baidu' AND d >= 10.50"] = r => r[1] is "Baidu" && r[2] is Int128 d && d >= 1050,
        ["ts >= TIMESTAMP '2026-01-01 00:10:00' AND ts < TIMESTAMP '2026-01-01 00:20:00' AND p BETWEEN 10 AND 60 AND s <> 'Apple'"] = r =>
            r[3] is long ts && ts >= BaseMillis + 600_000 && ts < BaseMillis + 1_200_000 && r[4] is int p && p is >= 10 and <= 60 && r[1] is string s && s != "Apple",
        ["s IN ('Apple', 'Google') AND d < 500.00"] = r => r[1] is "Apple" or "Google" && r[2] is Int128 d && d < 50_000,
        ["d IS NULL AND p > 90"] = r => r[2] is null && r[4] is int p && p > 90,
        ["s IS NOT NULL AND ts IS NULL"] = r => r[1] is not null && r[3] is null,
        ["p <> 7 AND d <= 99.99"] = r => r[4] is int p && p != 7 && r[2] is Int128 d && d <= 9_999,
        ["s >= 'Baidu' AND s < 'channel-6' AND p < 50"] = r => r[1] is string s && string.CompareOrdinal(s, "Baidu") >= 0 && string.CompareOrdinal(s, "channel-6") < 0 && r[4] is int p && p < 50,
        ["s BETWEEN 'B' AND 'G' AND s <> 'Facebook'"] = r => r[1] is string s && string.CompareOrdinal(s, "B") >= 0 && string.CompareOrdinal(s, "G") <= 0 && s != "Facebook",
        ["s IS NULL AND k > 1000"] = r => r[1] is null && (long)r[0]! > 1000,
        ["k < 0"] = _ => false,
        ["k >= 0"] = _ => true,
        ["ts > TIMESTAMP '2026-01-01 00:30:00' AND k < 1900"] = r => r[3] is long ts && ts > BaseMillis + 1_800_000 && (long)r[0]! < 1900,
    };

    public static TheoryData<string> ConditionTexts => [.. Conditions.Keys];

    [Theory]
    [MemberData(nameof(ConditionTexts))]
    public void Rows_dropped_in_the_scan_are_those_the_filter_drops(string condition)
    {
        List<object?[]> rows = SeededRows(seed: 17);
        using var session = Session(rows);

        StatementResult pushed = session.Execute($"SELECT k, s, d, ts, p FROM t WHERE {condition}").Single();
        // The same filter over computed copies compares no column directly: nothing is pushed into the scan.
        StatementResult after = session.Execute(
            $"SELECT k, s, d, ts, p FROM (SELECT k + 0 AS k, CONCAT(s, '') AS s, d + 0 AS d, ts + INTERVAL '0' SECOND AS ts, p + 0 AS p FROM t) WHERE {condition}").Single();

        List<long> expected = [.. rows.Where(Conditions[condition]).Select(r => (long)r[0]!)];
        Assert.Equal(RowCount, ScanRows(after));
        Assert.Equal(Sorted(after.Result!.Rows), Sorted(pushed.Result!.Rows));
        Assert.Equal(expected, Sorted(pushed.Result!.Rows).Select(r => (long)r[0]!).ToList());

        // Every conjunct compares a column with a literal: the scan returns only the answer's rows.
        Assert.Equal(expected.Count, ScanRows(pushed));
    }

    [Fact]
    public void A_conjunct_the_scan_cannot_take_is_still_applied_above_it()
    {
        List<object?[]> rows = SeededRows(seed: 5);
        using var session = Session(rows);

        StatementResult result = session.Execute("SELECT k FROM t WHERE s <> 'Apple' AND (p < 10 OR p > 90) AND k + 1 > 100").Single();

        List<long> expected = [.. rows.Where(r => r[1] is string s && s != "Apple" && r[4] is int p && (p < 10 || p > 90) && (long)r[0]! + 1 > 100).Select(r => (long)r[0]!)];
        Assert.Equal(expected, result.Result!.Rows.Select(r => (long)r[0]!).Order().ToList());
        Assert.Equal(rows.Count(r => r[1] is string s && s != "Apple"), ScanRows(result));
    }

    [Fact]
    public void Explain_shows_a_pushed_inequality()
    {
        using var session = new SqlSession(workDirectory: Directory, pool: Pool);
        session.Execute(Ddl(Path.Combine(Directory, "none")));

        string plan = Optimized(session.Explain("SELECT k FROM t WHERE s <> 'Apple' AND p BETWEEN 10 AND 60"));

        // Batch mode: the reader applies both exactly, so no filter remains and s, p are read for the check alone.
        Assert.Contains("Scan(table=[t], fields=[k], where-exact=[s <> 'Apple', p BETWEEN 10 AND 60])", plan);
        Assert.DoesNotContain("Filter", plan);
    }

    [Theory]
    [MemberData(nameof(ConditionTexts))]
    public void Conjuncts_applied_exactly_in_the_scan_leave_the_filter_and_their_columns_are_not_returned(string condition)
    {
        List<object?[]> rows = SeededRows(seed: 23);
        using var session = Session(rows);

        StatementResult keys = session.Execute($"SELECT k FROM t WHERE {condition}").Single();
        StatementResult folded = session.Execute($"SELECT COUNT(*), SUM(k) FROM t WHERE {condition}").Single();
        string plan = Optimized(session.Explain($"SELECT k FROM t WHERE {condition}"));

        List<long> expected = [.. rows.Where(Conditions[condition]).Select(r => (long)r[0]!)];
        Assert.Equal(expected, keys.Result!.Rows.Select(r => (long)r[0]!).Order().ToList());
        Assert.Equal(expected.Count, ScanRows(keys));
        object?[] totals = Assert.Single(folded.Result!.Rows);
        Assert.Equal((long)expected.Count, totals[0]);
        Assert.Equal(expected.Count == 0 ? null : expected.Sum(), totals[1]);
        Assert.Contains("Scan(table=[t], fields=[k], where-exact=[", plan);
        Assert.DoesNotContain("Filter", plan);
    }

    [Fact]
    public void Only_the_conjuncts_the_scan_applies_exactly_leave_the_filter()
    {
        List<object?[]> rows = SeededRows(seed: 29);
        using var session = Session(rows);
        const string Query = "SELECT k FROM t WHERE s <> 'Apple' AND (p < 10 OR p > 90) AND ts IS NOT NULL";

        StatementResult result = session.Execute(Query).Single();
        string plan = Optimized(session.Explain(Query));

        // The OR is no column-versus-literal conjunct: the filter keeps it, and the scan returns p for it.
        Assert.Contains("Filter(", plan);
        Assert.Contains("Scan(table=[t], fields=[k, p], where-exact=[s <> 'Apple', ts IS NOT NULL])", plan);
        List<long> expected =
        [
            .. rows.Where(r => r[1] is string s && s != "Apple" && r[4] is int p && (p < 10 || p > 90) && r[3] is not null)
                .Select(r => (long)r[0]!),
        ];
        Assert.Equal(expected, result.Result!.Rows.Select(r => (long)r[0]!).Order().ToList());
    }

    [Fact]
    public void Streaming_mode_keeps_the_filter()
    {
        List<object?[]> rows = SeededRows(seed: 31);
        using var session = Session(rows);
        session.Execute("SET 'execution.runtime-mode' = 'streaming'");
        const string Query = "SELECT k FROM t WHERE s <> 'Apple' AND p BETWEEN 10 AND 60";

        StatementResult result = session.Execute(Query).Single();
        string plan = Optimized(session.Explain(Query));

        Assert.Contains("skip-unless=[s <> 'Apple', p BETWEEN 10 AND 60]", plan);
        Assert.DoesNotContain("where-exact", plan);
        List<long> expected = [.. rows.Where(r => r[1] is string s && s != "Apple" && r[4] is int p && p is >= 10 and <= 60).Select(r => (long)r[0]!)];
        Assert.Equal(expected, result.Result!.Rows.Select(r => (long)r[0]!).Order().ToList());
    }

    private SqlSession Session(List<object?[]> rows)
    {
        string dir = Path.Combine(Directory, "t");
        // Row groups of 150 rows, read in batches of 64: survivors, empty batches and full batches all occur.
        WriteAll(new FilesystemConnectorFactory().CreateSink(Table(Bids, ("connector", "filesystem"), ("path", dir), ("format", "parquet"))), Bids, rows, batchRows: 150);
        var session = new SqlSession(workDirectory: Directory, pool: Pool) { BatchRows = 64 };
        session.Execute(Ddl(dir));
        return session;
    }

    private static string Ddl(string path) => $"""
        CREATE TABLE t (k BIGINT, s STRING, d DECIMAL(12, 2), ts TIMESTAMP(3), p INT)
        WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'parquet')
        """;

    /// <summary>k = i; s one of six channels, NULL every 11th in the first half (the second half has batches without NULLs); d random cents, NULL every 7th; ts increasing by 1 s, NULL every 13th; p 0..99, NULL every 5th.</summary>
    private static List<object?[]> SeededRows(int seed)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, RowCount).Select(i => new object?[]
            {
                (long)i,
                i < RowCount / 2 && i % 11 == 3 ? null : Channels[random.Next(Channels.Length)],
                i % 7 == 2 ? null : (Int128)random.Next(0, 100_000),
                i % 13 == 5 ? null : BaseMillis + (i * 1000L),
                i % 5 == 1 ? null : random.Next(0, 100),
            }),
        ];
    }

    /// <summary>The optimized and physical plans of an EXPLAIN (the bound plan before them still has every filter).</summary>
    private static string Optimized(string explain) => explain[explain.IndexOf("== Optimized Logical Plan ==", StringComparison.Ordinal)..];

    private static long ScanRows(StatementResult result) => result.Operators!.Single(o => o.Name == "Scan(t)").RowsOut;

    private static List<object?[]> Sorted(IEnumerable<object?[]> rows) => [.. rows.OrderBy(r => (long)r[0]!)];
}
