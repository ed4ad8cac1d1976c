using System.Globalization;
using VecFlow.Engine.Jobs;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>A stateful streaming job over a seeded Nexmark stream writing CSV files, and how to read back what it committed.</summary>
/// <remarks>
/// Two sinks in one statement set: a TUMBLE window aggregate of bids per auction (keyed window state and timers,
/// restored by key group) and a filtered projection of bids (stateless: its rows test the sources' replay positions).
/// </remarks>
internal static class CheckpointedJob
{
    /// <summary>The tables: a seeded, bounded Nexmark source of <paramref name="events"/> events and two CSV sinks under <paramref name="outputs"/>.</summary>
    /// <param name="outputs">The directory of the sinks' tables.</param>
    /// <param name="events">How many Nexmark events.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="rate">Events per second of event time (and of wall time when <paramref name="paced"/>).</param>
    /// <param name="paced">True: the source emits events no faster than their event time on the wall clock.</param>
    public static string Ddl(string outputs, long events, int seed = 11, int rate = 1000, bool paced = false) => $"""
        CREATE TABLE nexmark (
            event_type INT,
            bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR>,
            auction ROW<id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR>,
            dateTime AS CASE WHEN event_type = 1 THEN auction.dateTime ELSE bid.dateTime END,
            WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
        ) WITH ('connector' = 'nexmark', 'seed' = '{seed}', 'events.num' = '{events.ToString(CultureInfo.InvariantCulture)}',
                'first-event.rate' = '{rate}', 'next-event.rate' = '{rate}', 'rate.limited' = '{(paced ? "true" : "false")}');
        CREATE VIEW bid AS SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS price, dateTime FROM nexmark WHERE event_type = 2;
        CREATE TABLE window_out (auction BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), bids BIGINT, top_price BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "window_out")}', 'format' = 'csv');
        CREATE TABLE bids_out (auction BIGINT, bidder BIGINT, price BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "bids_out")}', 'format' = 'csv');
        """;

    public const string Job = """
        EXECUTE STATEMENT SET BEGIN
        INSERT INTO window_out
            SELECT auction, window_start, window_end, COUNT(*), MAX(price)
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            GROUP BY auction, window_start, window_end;
        INSERT INTO bids_out SELECT auction, bidder, price FROM bid WHERE MOD(price, 7) = 0;
        END;
        """;

    public static string Streaming(int parallelism, string checkpoints, string interval = "30ms", string extra = "") => $"""
        SET 'execution.runtime-mode' = 'streaming';
        SET 'parallelism.default' = '{parallelism.ToString(CultureInfo.InvariantCulture)}';
        SET 'execution.checkpointing.interval' = '{interval}';
        SET 'execution.checkpointing.dir' = '{checkpoints}';
        {extra}
        """;

    /// <summary>The visible rows of every CSV part file under <paramref name="directory"/> (hidden, uncommitted files excluded), sorted.</summary>
    public static List<string> CommittedRows(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Runs the job without failures and returns each sink's committed rows.</summary>
    public static (List<string> Windows, List<string> Bids) Reference(string root, long events, int rate = 1000)
    {
        string outputs = Path.Combine(root, "reference");
        using var session = new SqlSession(null, Path.Combine(root, "reference-work"));
        session.BatchRows = 512;
        session.Execute(Streaming(1, Path.Combine(root, "reference-checkpoints")) + Ddl(outputs, events, rate: rate) + Job);
        return (CommittedRows(Path.Combine(outputs, "window_out")), CommittedRows(Path.Combine(outputs, "bids_out")));
    }

    /// <summary>
    /// Submits <paramref name="sql"/> (a paced streaming job) to the job service, stops it with a savepoint into
    /// <paramref name="savepoint"/> once its chains have processed <paramref name="batches"/> batches, and returns the
    /// savepoint's path.
    /// </summary>
    public static string StopWithSavepoint(string sql, string savepoint, int batchRows, int batches)
    {
        using var jobs = new JobService();
        var progress = new BatchCountdown(batches);
        SqlJob job = jobs.Submit(new JobSubmission
        {
            Sql = sql,
            ConfigureSession = session =>
            {
                session.BatchRows = batchRows;
                session.Faults = progress;
            },
        });
        int signalled = WaitHandle.WaitAny([progress.Reached.WaitHandle, ((IAsyncResult)job.Completion).AsyncWaitHandle]);
        Assert.True(signalled == 0, $"the job ended ({job.State}) before it could be stopped: {job.FailureReason}");

        string path = jobs.Stop(job.Id, savepoint) ? job.Savepoint! : throw new InvalidOperationException("not stopped");
        Assert.True(job.Wait(TimeSpan.FromMinutes(1)));
        Assert.Equal(JobState.Finished, job.State);
        Assert.Contains("Stopped with a savepoint", job.Statements[^1].Message, StringComparison.Ordinal);
        return path;
    }
}
