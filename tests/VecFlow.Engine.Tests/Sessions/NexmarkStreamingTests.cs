using System.Globalization;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Sessions;

/// <summary>Every Nexmark example query valid in both modes gives the batch rows in streaming mode (seeded generator, 10k events, parallelism 1 on heap state and 2 on RocksDB).</summary>
public sealed class NexmarkStreamingTests : EngineTest
{
    /// <summary>Every example query that runs in both modes; q12 (processing-time windows) and q13 (a temporal join on processing time) are exempt.</summary>
    public static TheoryData<string, int, string> Runs()
    {
        var data = new TheoryData<string, int, string>();
        foreach (int q in Enumerable.Range(0, 23).Where(q => q is not (12 or 13)))
        {
            data.Add("q" + q.ToString(CultureInfo.InvariantCulture), 1, "hashmap");
            data.Add("q" + q.ToString(CultureInfo.InvariantCulture), 2, "rocksdb");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Query_gives_the_batch_rows_in_streaming_mode(string name, int parallelism, string backend)
    {
        string script = NexmarkExample.Script(name);
        string select = NexmarkExample.SelectOf(script);
        string definitions = DefinitionsOf(script);

        List<string> batch = Rows(select, definitions, "batch", parallelism, backend);
        List<string> streaming = Rows(select, definitions, "streaming", parallelism, backend);

        Assert.NotEmpty(batch);
        Assert.Equal(batch, streaming);
    }

    /// <summary>Keyed queries of every stateful operator kind (joins, group and window aggregates, window join, session windows, DISTINCT, TopN, deduplication, OVER).</summary>
    public static TheoryData<string, int> KeyedRuns()
    {
        var data = new TheoryData<string, int>();
        foreach (string query in new[] { "q3", "q4", "q5", "q7", "q8", "q9", "q11", "q15", "q16", "q18", "q19", "q20" })
        {
            data.Add(query, 256);
            data.Add(query, 48);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeyedRuns))]
    public void Keyed_queries_give_the_batch_rows_with_another_number_of_key_groups(string name, int maxParallelism)
    {
        string script = NexmarkExample.Script(name);
        string select = NexmarkExample.SelectOf(script);
        string definitions = DefinitionsOf(script);
        string set = $"SET 'pipeline.max-parallelism' = '{maxParallelism.ToString(CultureInfo.InvariantCulture)}';\n";

        List<string> batch = Rows(select, set + definitions, "batch", 2, "rocksdb");
        List<string> streaming = Rows(select, set + definitions, "streaming", 2, "rocksdb");

        Assert.NotEmpty(batch);
        Assert.Equal(batch, streaming);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("32769")]
    [InlineData("many")]
    public void A_maximum_parallelism_out_of_range_is_refused_at_set(string value)
    {
        using SqlSession session = Session("streaming", 1, "hashmap");

        var error = Assert.ThrowsAny<Exception>(() => session.Execute($"SET 'pipeline.max-parallelism' = '{value}'"));

        Assert.Contains("'pipeline.max-parallelism' must be an integer from 1 to 32768", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parallelism_above_the_maximum_parallelism_is_refused_with_both_numbers()
    {
        using SqlSession session = Session("streaming", 4, "hashmap");
        session.Execute("SET 'pipeline.max-parallelism' = '2'");

        var error = Assert.ThrowsAny<ArgumentException>(() => session.Query("SELECT auction, COUNT(*) FROM bid GROUP BY auction"));

        Assert.Contains("The parallelism must be between 1 and the maximum parallelism (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Q11_plans_its_sessions_as_a_streaming_session_window_aggregate()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");
        string select = NexmarkExample.SelectOf(NexmarkExample.Script("q11"));

        string plan = string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));

        Assert.Contains("StreamSessionWindowAggregate(window=[SESSION(time_col=[dateTime], gap=[10000 ms])], group=[bidder, window_start, window_end]", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_windows_that_are_not_aggregated_per_their_partition_keys_are_refused_in_streaming_mode()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");

        var error = Assert.Throws<NotSupportedException>(() => session.Query(
            "SELECT bidder, window_start, window_end, price FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"));

        Assert.StartsWith("not supported in streaming mode", error.Message, StringComparison.Ordinal);
        Assert.Contains("SessionWindow(partitionBy=[bidder]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Q5_plans_its_maximum_per_window_as_a_window_aggregate_and_its_join_as_a_window_join()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");
        string select = NexmarkExample.SelectOf(NexmarkExample.Script("q5"));

        string plan = string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));

        Assert.Contains("StreamWindowAggregate(window=[ATTACHED HOP(window_end=[window_end_time]", plan, StringComparison.Ordinal);
        Assert.Contains("StreamWindowJoin(", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("HashAggregate", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("HashJoin", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Q7_plans_its_join_with_the_window_maximum_as_an_interval_join()
    {
        using SqlSession session = Session("streaming", 1, "hashmap");
        string select = NexmarkExample.SelectOf(NexmarkExample.Script("q7"));

        string plan = string.Join('\n', session.Execute("EXPLAIN " + select).Select(r => r.Message));

        // The window's rows carry window_time as their event time, so the join keeps bids only for their interval.
        Assert.Contains("StreamWindowAggregate(window=[TUMBLE(time_col=[dateTime], size=[10000 ms])]", plan, StringComparison.Ordinal);
        Assert.Contains("IntervalJoin(time=[left.$3 - right.$1 BETWEEN -10000 AND 0 ms], kind=[INNER]", plan, StringComparison.Ordinal);
    }

    /// <summary>The example's statements before its INSERT: functions, views and the sink table.</summary>
    private static string DefinitionsOf(string script) => script[..NexmarkExample.InsertIndex(script)];

    private List<string> Rows(string select, string definitions, string mode, int parallelism, string backend)
    {
        using SqlSession session = Session(mode, parallelism, backend);
        session.Execute(definitions);
        return NexmarkExample.SortedRows(session, select);
    }

    private SqlSession Session(string mode, int parallelism, string backend) => NexmarkExample.Open(Directory, Pool, mode, parallelism, backend);
}
