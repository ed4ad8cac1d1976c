using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>TUMBLE over a <c>PROCTIME()</c> attribute fires on the wall clock in an endless streaming job (Nexmark q12's shape).</summary>
public sealed class ProcessingTimeWindowTests : EngineTest
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Processing_time_windows_fire_while_an_endless_job_runs_and_count_every_row_once(int parallelism)
    {
        var sink = new CollectingConnectorFactory();
        using var session = new SqlSession(null, Path.Combine(Directory, "session"), Pool);
        session.Connectors.Register(new SplitStreamConnectorFactory());
        session.Connectors.Register(sink);
        using (var job = new RunningJob(session, SourceFlushTests.Streaming(parallelism) + """
            CREATE TABLE src (id BIGINT) WITH ('connector' = 'split-stream', 'splits' = '1', 'rows-per-read' = '3');
            CREATE VIEW stamped AS SELECT id, MOD(id, 2) AS parity, PROCTIME() AS p_time FROM src;
            CREATE TABLE out (parity BIGINT, n BIGINT, low BIGINT, high BIGINT) WITH ('connector' = 'collect');
            INSERT INTO out
            SELECT parity, COUNT(*), MIN(id), MAX(id)
            FROM TABLE(TUMBLE(TABLE stamped, DESCRIPTOR(p_time), INTERVAL '1' SECOND))
            GROUP BY parity, window_start, window_end;
            """))
        {
            // The source has no watermark and never ends: only the clock can fire these windows.
            Assert.True(sink.WaitFor(rows => rows.Count(r => (long)r[0]! == 0) >= 3, TimeSpan.FromSeconds(60)), "no processing-time window fired");
            Assert.True(job.IsRunning);
        }

        // Consecutive windows of one parity hold consecutive runs of its ids: no row lost, none counted twice.
        foreach (var parity in sink.Rows.GroupBy(r => (long)r[0]!))
        {
            var windows = parity.OrderBy(r => (long)r[2]!).ToList();
            Assert.Equal(parity.Key, (long)windows[0][2]!);
            for (int w = 0; w < windows.Count; w++)
            {
                Assert.Equal(((long)windows[w][3]! - (long)windows[w][2]!) / 2 + 1, (long)windows[w][1]!);
                if (w > 0)
                {
                    Assert.Equal((long)windows[w - 1][3]! + 2, (long)windows[w][2]!);
                }
            }
        }
    }
}
