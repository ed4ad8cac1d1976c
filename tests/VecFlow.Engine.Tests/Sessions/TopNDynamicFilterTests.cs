using VecFlow.Engine.Connectors.Filesystem;
using VecFlow.Engine.Connectors.Formats.Parquet;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Sessions;
using VecFlow.Engine.Tests.Connectors;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>
/// ORDER BY ... LIMIT over a Parquet scan filters the scan with the TopN's cut-off (a dynamic filter): the rows are
/// those of the same query whose first key is a computed copy (no dynamic filter), with NULLs, ties on the first key,
/// OFFSET, a LIMIT above the row count, a filter in between, and parallelism 1 and 2.
/// </summary>
public sealed class TopNDynamicFilterTests : ConnectorTest
{
    private const int RowCount = 3_000;
    private const long BaseMillis = 1_767_225_600_000L;
    private static readonly string[] Channels = ["Google", "Facebook", "Baidu", "Apple", "channel-5", "channel-6"];

    private static readonly RowSchema Bids = new(
    [
        new Field("id", SqlType.BigInt),
        new Field("k", SqlType.BigInt),
        new Field("s", SqlType.Varchar),
        new Field("d", SqlType.Decimal(12, 2)),
        new Field("ts", SqlType.Timestamp),
        new Field("n", SqlType.Int),
    ]);

    // {0}: the table or the copy without a dynamic filter; the first ORDER BY key is the one filtered.
    public static TheoryData<string, int> Queries => new()
    {
        { "SELECT id, k FROM {0} ORDER BY k DESC, id LIMIT 10", 1 },
        { "SELECT id, k FROM {0} ORDER BY k DESC, id LIMIT 10", 2 },
        { "SELECT id, k FROM {0} ORDER BY k DESC, id DESC LIMIT 10", 1 },
        { "SELECT id, k FROM {0} ORDER BY k DESC NULLS FIRST, id LIMIT 30", 1 },
        { "SELECT id, k FROM {0} ORDER BY k DESC NULLS FIRST, id LIMIT 30", 2 },
        { "SELECT id, k FROM {0} ORDER BY k, id LIMIT 7", 1 },
        { "SELECT id, k FROM {0} ORDER BY k ASC NULLS LAST, id DESC LIMIT 25", 2 },
        { "SELECT id, k, s FROM {0} ORDER BY k DESC, s, id LIMIT 40 OFFSET 5", 1 },
        { "SELECT id, k, s FROM {0} ORDER BY k DESC, s, id LIMIT 40 OFFSET 5", 2 },
        { "SELECT id, k FROM {0} ORDER BY k DESC, id LIMIT 5000", 2 },
        { "SELECT id, k FROM {0} ORDER BY k DESC, id LIMIT 5000 OFFSET 2990", 1 },
        { "SELECT id, k FROM {0} WHERE s <> 'Apple' AND n > 20 ORDER BY k DESC, id LIMIT 15", 1 },
        { "SELECT id, k FROM {0} WHERE s <> 'Apple' AND n > 20 ORDER BY k DESC, id LIMIT 15", 2 },
        { "SELECT id, kk FROM (SELECT id, k AS kk, s FROM {0} WHERE id % 3 <> 0) ORDER BY kk, id LIMIT 12", 2 },
        { "SELECT id, s FROM {0} ORDER BY s DESC, id LIMIT 12", 1 },
        { "SELECT id, s FROM {0} ORDER BY s NULLS LAST, id DESC LIMIT 50", 2 },
        { "SELECT id, d FROM {0} ORDER BY d, id LIMIT 9", 1 },
        { "SELECT id, d FROM {0} ORDER BY d DESC NULLS FIRST, id LIMIT 9", 2 },
        { "SELECT id, ts FROM {0} ORDER BY ts DESC, id LIMIT 11", 1 },
        { "SELECT id, n FROM {0} ORDER BY n, id LIMIT 60", 1 },
        { "SELECT id, n FROM {0} ORDER BY n NULLS FIRST, id DESC LIMIT 600", 2 },
        { "SELECT id, n FROM {0} ORDER BY n DESC NULLS FIRST, id LIMIT 40", 2 },
        { "SELECT id, n FROM {0} ORDER BY n DESC, id LIMIT 0", 1 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Rows_are_those_of_the_same_query_without_the_dynamic_filter(string query, int parallelism)
    {
        List<object?[]> rows = SeededRows(seed: 41);
        using SqlSession session = Session(rows, parallelism);

        StatementResult filtered = session.Execute(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, "t")).Single();
        StatementResult plain = session.Execute(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, Copy)).Single();
        string plan = session.Explain(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, "t"));

        Assert.Contains(" from TopN]", plan);
        Assert.Equal(Ids(plain), Ids(filtered));
        Assert.Equal(plain.Result!.Rows.Select(r => Text(r[1])), filtered.Result!.Rows.Select(r => Text(r[1])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_scan_returns_few_rows_once_the_cut_off_is_known(int parallelism)
    {
        List<object?[]> rows = SeededRows(seed: 43);
        using SqlSession session = Session(rows, parallelism);

        StatementResult result = session.Execute("SELECT id, k FROM t ORDER BY k DESC, id LIMIT 5").Single();

        List<long> expected = [.. rows.Where(r => r[1] is not null).OrderByDescending(r => (long)r[1]!).ThenBy(r => (long)r[0]!).Take(5).Select(r => (long)r[0]!)];
        Assert.Equal(expected, Ids(result));
        long scanned = result.Operators!.Where(o => o.Name == "Scan(t)").Sum(o => o.RowsOut);
        Assert.True(scanned < RowCount / 2, $"The scan returned {scanned} of {RowCount} rows.");
    }

    [Fact]
    public void Explain_shows_the_dynamic_filter_only_where_it_applies()
    {
        using SqlSession session = Session(SeededRows(seed: 3), parallelism: 1);

        Assert.Contains("Scan(table=[t], fields=[id, k], dynamic-filter=[k from TopN])", session.Explain("SELECT id, k FROM t ORDER BY k DESC LIMIT 3"));
        // A computed first key, a cast key, no limit, an aggregate below, streaming: no dynamic filter.
        Assert.DoesNotContain("dynamic-filter", session.Explain("SELECT id, k FROM t ORDER BY k + 1 DESC LIMIT 3"));
        Assert.DoesNotContain("dynamic-filter", session.Explain("SELECT id, CAST(k AS DOUBLE) AS x FROM t ORDER BY x DESC LIMIT 3"));
        Assert.DoesNotContain("dynamic-filter", session.Explain("SELECT id, k FROM t ORDER BY k DESC"));
        Assert.DoesNotContain("dynamic-filter", session.Explain("SELECT k, COUNT(*) AS c FROM t GROUP BY k ORDER BY k DESC LIMIT 3"));

        // A CSV table's reader would ignore the cut-off, so its scan is not shown with one.
        string csv = Path.Combine(Directory, "t.csv");
        File.WriteAllLines(csv, ["1,5", "2,7"]);
        session.Execute($"CREATE TABLE c (id BIGINT, k BIGINT) WITH ('connector' = 'filesystem', 'path' = '{csv}', 'format' = 'csv')");
        Assert.DoesNotContain("dynamic-filter", session.Explain("SELECT id, k FROM c ORDER BY k DESC LIMIT 1"));
        Assert.Equal([[2L, 7L]], session.Query("SELECT id, k FROM c ORDER BY k DESC LIMIT 1").Rows);
        session.Execute("SET 'execution.runtime-mode' = 'streaming'");
        Assert.DoesNotContain("dynamic-filter", session.Explain("SELECT id, k FROM t ORDER BY k DESC LIMIT 3"));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Row_groups_whose_statistics_rule_out_the_cut_off_are_skipped(bool descending, bool nullsFirst)
    {
        // k = id, ascending (or descending): 20 row groups of 100 rows; NULL k in group 7 only.
        string dir = Path.Combine(Directory, "sorted");
        List<object?[]> rows = [.. Enumerable.Range(0, 2_000).Select(i => new object?[] { (long)i, i / 100 == 7 && i % 10 == 0 ? null : (long)(descending ? 2_000 - i : i), "x", (Int128)i, BaseMillis, i })];
        WriteAll(new FilesystemConnectorFactory().CreateSink(Table(Bids, ("connector", "filesystem"), ("path", dir), ("format", "parquet"))), Bids, rows, batchRows: 100);
        string file = System.IO.Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories).Single();
        var filter = new DynamicFilter("k", descending, nullsFirst);
        OperatorContext context = Context();
        context.DynamicFilter = filter;

        // The cut-off of a TopN that has seen the first row group: its 50th row.
        long cutoff = descending ? 1_951 : 49;
        filter.Publish(ScalarValue.BigInt(cutoff));
        var kept = new List<object?[]>();
        using (var reader = new ParquetFormat().OpenReader(file, Bids, [0, 1], context, null, []))
        {
            while (reader.Read(64) is ColumnBatch batch)
            {
                using (batch)
                {
                    kept.AddRange(Rows(batch));
                }
            }
        }

        // Every row that may still enter is kept (equal rows too); NULLs only when they sort first.
        List<object?[]> expected = [.. rows.Where(r => r[1] is long k ? (descending ? k >= cutoff : k <= cutoff) : nullsFirst)];
        Assert.Equal(expected.Select(r => (long)r[0]!), kept.Select(r => (long)r[0]!));
        Assert.Equal(nullsFirst ? 18 : 19, filter.SkippedRowGroups);
    }

    [Fact]
    public void A_null_cut_off_with_nulls_first_keeps_only_nulls()
    {
        string dir = Path.Combine(Directory, "nulls");
        List<object?[]> rows = [.. Enumerable.Range(0, 1_000).Select(i => new object?[] { (long)i, i % 250 < 20 ? null : (long)i, "x", (Int128)i, BaseMillis, i })];
        WriteAll(new FilesystemConnectorFactory().CreateSink(Table(Bids, ("connector", "filesystem"), ("path", dir), ("format", "parquet"))), Bids, rows, batchRows: 100);
        string file = System.IO.Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories).Single();
        var filter = new DynamicFilter("k", descending: false, nullsFirst: true);
        OperatorContext context = Context();
        context.DynamicFilter = filter;
        filter.Publish(ScalarValue.Null(SqlType.BigInt));

        var kept = new List<long>();
        using (var reader = new ParquetFormat().OpenReader(file, Bids, [0, 1], context, null, []))
        {
            while (reader.Read(64) is ColumnBatch batch)
            {
                using (batch)
                {
                    kept.AddRange(Rows(batch).Select(r => (long)r[0]!));
                }
            }
        }

        Assert.Equal(rows.Where(r => r[1] is null).Select(r => (long)r[0]!), kept);
        // NULLs sit in row groups 0, 2, 5 and 7 of the ten.
        Assert.Equal(6, filter.SkippedRowGroups);
    }

    private const string Copy =
        "(SELECT id, k + 0 AS k, CONCAT(s, '') AS s, d + 0 AS d, ts + INTERVAL '0' SECOND AS ts, n + 0 AS n FROM t)";

    private SqlSession Session(List<object?[]> rows, int parallelism)
    {
        string dir = Path.Combine(Directory, "t");
        if (!System.IO.Directory.Exists(dir))
        {
            // Three files (splits for two subtasks) of row groups of 150 rows, read in batches of 64.
            foreach (object?[][] part in rows.Chunk((rows.Count + 2) / 3))
            {
                WriteAll(new FilesystemConnectorFactory().CreateSink(Table(Bids, ("connector", "filesystem"), ("path", dir), ("format", "parquet"))), Bids, part, batchRows: 150);
            }
        }

        var session = new SqlSession(workDirectory: Directory, pool: Pool) { BatchRows = 64 };
        session.Execute($"""
            CREATE TABLE t (id BIGINT, k BIGINT, s STRING, d DECIMAL(12, 2), ts TIMESTAMP(3), n INT)
            WITH ('connector' = 'filesystem', 'path' = '{dir}', 'format' = 'parquet')
            """);
        session.Execute($"SET 'parallelism.default' = '{parallelism}'");
        return session;
    }

    /// <summary>id = i; k 0..199 (many ties), NULL every 9th; s a channel, NULL every 11th; d random, NULL every 7th; ts random seconds; n NULL for a third.</summary>
    private static List<object?[]> SeededRows(int seed)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, RowCount).Select(i => new object?[]
            {
                (long)i,
                i % 9 == 4 ? null : (long)random.Next(0, 200),
                i % 11 == 3 ? null : Channels[random.Next(Channels.Length)],
                i % 7 == 2 ? null : (Int128)random.Next(0, 100_000),
                BaseMillis + (random.Next(0, 5_000) * 1000L),
                random.Next(3) == 0 ? null : random.Next(0, 100),
            }),
        ];
    }

    private static List<long> Ids(StatementResult result) => [.. result.Result!.Rows.Select(r => (long)r[0]!)];

    private static string? Text(object? value) => value is null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
}
