using VecFlow.Engine.Jobs;

namespace VecFlow.Engine.Tests.StreamRuntime;

/// <summary>A running streaming job's metrics show its watermark, sink latency and last checkpoint (Get-StreamJobMetric, the CLI's progress line).</summary>
public sealed class StreamingJobMetricsTests : EngineTest
{
    [Fact]
    public void A_running_streaming_job_reports_watermark_latency_and_last_checkpoint()
    {
        var sink = new CollectingConnectorFactory();
        using var jobs = new JobService();
        SqlJob job = jobs.Submit(new JobSubmission
        {
            Sql = $"""
                SET 'execution.runtime-mode' = 'streaming';
                SET 'state.backend.type' = 'hashmap';
                SET 'execution.checkpointing.interval' = '50 ms';
                SET 'execution.checkpointing.dir' = '{Path.Combine(Directory, "checkpoints")}';
                CREATE TABLE src (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'split-stream', 'splits' = '1');
                CREATE TABLE out (n BIGINT) WITH ('connector' = 'collect');
                INSERT INTO out SELECT COUNT(*) FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end;
                """,
            ConfigureSession = s =>
            {
                s.Connectors.Register(new SplitStreamConnectorFactory());
                s.Connectors.Register(sink);
            },
        });
        try
        {
            Assert.True(sink.WaitFor(rows => rows.Count >= 2, TimeSpan.FromSeconds(60)), "no window fired");
            // The rows reach the sink before the watermark that fired them does, and checkpoints come every 50 ms:
            // wait until the sink's watermark has passed the second window and a checkpoint has completed.
            JobMetrics metrics = job.GetMetrics();
            for (int i = 0; i < 600 && (metrics.LastCheckpointId is null || !(metrics.Watermark >= DateTimeOffset.FromUnixTimeMilliseconds(1_999))); i++)
            {
                job.Wait(TimeSpan.FromMilliseconds(100));
                metrics = job.GetMetrics();
            }

            Assert.Equal(JobState.Running, metrics.State);

            // Two windows fired, so the sink's watermark passed 1 s of event time (ts = id * 10 ms from the epoch).
            Assert.NotNull(metrics.Watermark);
            Assert.True(metrics.Watermark >= DateTimeOffset.FromUnixTimeMilliseconds(1_999), $"watermark {metrics.Watermark}");
            Assert.NotNull(metrics.Latency);
            Assert.True(metrics.LatencyP99 >= metrics.Latency);
            Assert.NotNull(metrics.LastCheckpointId);
            Assert.NotNull(metrics.LastCheckpoint);
        }
        finally
        {
            job.Cancel();
            Assert.True(job.Wait(TimeSpan.FromSeconds(60)));
        }
    }
}
