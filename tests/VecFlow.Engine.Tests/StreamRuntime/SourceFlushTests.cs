using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>Streaming sources hand on the rows they have while slow or endless splits wait (<c>execution.buffer-timeout.interval</c>).</summary>
public sealed class SourceFlushTests : EngineTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_endless_split_of_a_subtask_delivers_rows_while_the_job_runs(int parallelism)
    {
        // Three endless splits, so at parallelism 1 and 2 some subtask reads two or more of them.
        var sink = new CollectingConnectorFactory();
        using var session = Session(sink);
        using (var job = new RunningJob(session, Streaming(parallelism) + """
            CREATE TABLE src (id BIGINT) WITH ('connector' = 'split-stream', 'splits' = '3');
            CREATE TABLE out (id BIGINT) WITH ('connector' = 'collect');
            INSERT INTO out SELECT id FROM src;
            """))
        {
            bool all = sink.WaitFor(rows => Enumerable.Range(0, 3).All(split => rows.Any(r => (long)r[0]! % 3 == split)), Patience);
            Assert.True(job.IsRunning);
            Assert.True(all, $"rows came from splits {string.Join(", ", sink.Rows.Select(r => (long)r[0]! % 3).Distinct())} only");
        }

        // Rows go on as they come: no sink batch waited to fill up to the batch size.
        Assert.All(sink.BatchSizes, size => Assert.InRange(size, 1, 5));
    }

    [Fact]
    public void A_paced_datagen_source_delivers_its_first_rows_long_before_a_batch_fills()
    {
        var sink = new CollectingConnectorFactory();
        using var session = Session(sink);
        using (var job = new RunningJob(session, Streaming(1) + """
            SET 'execution.buffer-timeout.interval' = '20 ms';
            CREATE TABLE src (v INT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');
            CREATE TABLE out (v INT) WITH ('connector' = 'collect');
            INSERT INTO out SELECT v FROM src;
            """))
        {
            Assert.True(sink.WaitFor(rows => rows.Count >= 10, Patience));
            Assert.True(job.IsRunning);
        }

        Assert.All(sink.BatchSizes, size => Assert.InRange(size, 1, 20));
    }

    [Fact]
    public void The_buffer_timeout_must_be_a_duration()
    {
        using var session = Session(new CollectingConnectorFactory());
        var error = Assert.Throws<VecFlow.Engine.Planning.SqlValidationException>(() => session.Execute("SET 'execution.buffer-timeout.interval' = 'soon';"));
        Assert.Contains("'execution.buffer-timeout.interval' must be a duration", error.Message);
    }

    internal static string Streaming(int parallelism) => $"""
        SET 'execution.runtime-mode' = 'streaming';
        SET 'state.backend.type' = 'hashmap';
        SET 'parallelism.default' = '{parallelism}';
        """;

    internal SqlSession Session(CollectingConnectorFactory sink)
    {
        var session = new SqlSession(null, Path.Combine(Directory, "session-" + Guid.NewGuid().ToString("N")[..8]), Pool);
        session.Connectors.Register(new SplitStreamConnectorFactory());
        session.Connectors.Register(sink);
        return session;
    }
}
