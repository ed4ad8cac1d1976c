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
