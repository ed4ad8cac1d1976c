using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary><c>table.exec.source.idle-timeout</c>: a split or source subtask without data stops holding the watermark back, so windows still fire.</summary>
public sealed class IdleSourceTests : EngineTest
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Windows_fire_while_one_split_never_has_data(int parallelism)
    {
        // Split 1 never has a row: at parallelism 1 one subtask reads both splits (split idleness), at 2 the second
        // source subtask is idle as a whole and tells the window aggregate's subtask so (channel idleness).
        var sink = new CollectingConnectorFactory();
        using var session = Session(sink);
        using (var job = new RunningJob(session, SourceFlushTests.Streaming(parallelism) + """
            SET 'table.exec.source.idle-timeout' = '100 ms';
            CREATE TABLE src (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
                WITH ('connector' = 'split-stream', 'splits' = '2', 'stalled-split' = '1', 'rows-per-read' = '10');
            CREATE TABLE out (n BIGINT, low BIGINT, high BIGINT) WITH ('connector' = 'collect');
            INSERT INTO out SELECT COUNT(*), MIN(id), MAX(id) FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end;
            """))
        {
            Assert.True(sink.WaitFor(rows => rows.Count >= 3, TimeSpan.FromSeconds(60)), "no window fired");
            Assert.True(job.IsRunning);
        }

        // Each second of event time holds split 0's ids 100k .. 100k + 98 (ts = id * 10 ms): 50 rows.
        List<object?[]> windows = sink.Rows;
        Assert.Equal([0L, 100L, 200L], windows.Take(3).Select(w => (long)w[1]!));
        Assert.All(windows, w => Assert.Equal((50L, (long)w[1]! + 98), ((long)w[0]!, (long)w[2]!)));
    }

    [Fact]
    public void The_idle_timeout_must_be_a_duration()
    {
        using var session = Session(new CollectingConnectorFactory());
        var error = Assert.Throws<VecFlow.Engine.Planning.SqlValidationException>(() => session.Execute("SET 'table.exec.source.idle-timeout' = 'a while';"));
        Assert.Contains("'table.exec.source.idle-timeout' must be a duration", error.Message);
    }

    private SqlSession Session(CollectingConnectorFactory sink)
    {
        var session = new SqlSession(null, Path.Combine(Directory, "session-" + Guid.NewGuid().ToString("N")[..8]), Pool);
        session.Connectors.Register(new SplitStreamConnectorFactory());
        session.Connectors.Register(sink);
        return session;
    }
}
