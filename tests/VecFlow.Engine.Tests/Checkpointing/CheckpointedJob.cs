using System.Globalization;
using VecFlow.Engine.Jobs;
using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>A stateful streaming job over a seeded Nexmark stream writing CSV files, and how to read back what it committed.</summary>
/// <remarks>
/// Four sinks in one statement set: a TUMBLE window aggregate of bids per auction (keyed window state and timers,
/// restored by key group), a filtered projection of bids (stateless: its rows test the sources' replay positions), a
/// regular inner join of bids with their auctions (both sides' rows in keyed state) into CSV, and an updating group
/// aggregate per seller into an upsert filesystem table (PRIMARY KEY: the committed files are the table itself).
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
        CREATE VIEW auction AS SELECT auction.id AS id, auction.seller AS seller, auction.category AS category, dateTime FROM nexmark WHERE event_type = 1;
        CREATE TABLE window_out (auction BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), bids BIGINT, top_price BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "window_out")}', 'format' = 'csv');
        CREATE TABLE bids_out (auction BIGINT, bidder BIGINT, price BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "bids_out")}', 'format' = 'csv');
        CREATE TABLE joined_out (auction BIGINT, bidder BIGINT, price BIGINT, seller BIGINT, category BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "joined_out")}', 'format' = 'csv');
        CREATE TABLE seller_totals (seller BIGINT, bids BIGINT, top_price BIGINT, total BIGINT, PRIMARY KEY (seller) NOT ENFORCED)
            WITH ('connector' = 'filesystem', 'path' = '{Path.Combine(outputs, "seller_totals")}', 'format' = 'csv');
        """;

    /// <summary>The sinks' table names, in the order <see cref="Reference"/> and <see cref="Committed"/> return their rows.</summary>
    public static readonly string[] Sinks = ["window_out", "bids_out", "joined_out", "seller_totals"];

    public const string Job = """
        EXECUTE STATEMENT SET BEGIN
        INSERT INTO window_out
            SELECT auction, window_start, window_end, COUNT(*), MAX(price)
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            GROUP BY auction, window_start, window_end;
        INSERT INTO bids_out SELECT auction, bidder, price FROM bid WHERE MOD(price, 7) = 0;
        INSERT INTO joined_out
            SELECT b.auction, b.bidder, b.price, a.seller, a.category FROM bid AS b JOIN auction AS a ON b.auction = a.id
            WHERE MOD(b.price, 3) = 0;
        INSERT INTO seller_totals
            SELECT a.seller, COUNT(*), MAX(b.price), SUM(b.price) FROM bid AS b JOIN auction AS a ON b.auction = a.id GROUP BY a.seller;
        END;
        """;

    /// <summary>Settings for jobs failed on purpose: restart at once, as often as it takes, and tolerate every failed checkpoint.</summary>
    public const string RestartWithoutLimit = """
        SET 'restart-strategy.type' = 'fixed-delay';
        SET 'restart-strategy.fixed-delay.attempts' = '1000';
        SET 'restart-strategy.fixed-delay.delay' = '0ms';
        SET 'execution.checkpointing.tolerable-failed-checkpoints' = '1000';
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

    /// <summary>Runs the job without failures and returns each sink's committed rows, in the order of <see cref="Sinks"/>.</summary>
    public static List<string>[] Reference(string root, long events, int rate = 1000)
    {
        string outputs = Path.Combine(root, "reference");
        using var session = new SqlSession(null, Path.Combine(root, "reference-work"));
        session.BatchRows = 512;
        session.Execute(Streaming(1, Path.Combine(root, "reference-checkpoints")) + Ddl(outputs, events, rate: rate) + Job);
        List<string>[] rows = Committed(outputs);
        foreach (var (sink, committed) in Sinks.Zip(rows))
        {
            Assert.True(committed.Count > 0, $"the failure-free run wrote no rows into {sink}");
        }

        return rows;
    }

    /// <summary>Every sink's committed rows under <paramref name="outputs"/>, in the order of <see cref="Sinks"/>.</summary>
    public static List<string>[] Committed(string outputs) => [.. Sinks.Select(s => CommittedRows(Path.Combine(outputs, s)))];

    /// <summary>Asserts that every sink committed exactly the <paramref name="expected"/> rows (a failure names the sink).</summary>
    public static void AssertCommitted(List<string>[] expected, string outputs)
    {
        List<string>[] actual = Committed(outputs);
        for (int i = 0; i < Sinks.Length; i++)
        {
            if (!expected[i].SequenceEqual(actual[i]))
            {
                var missing = expected[i].Except(actual[i]).Take(3);
                var extra = actual[i].Except(expected[i]).Take(3);
                Assert.Fail($"{Sinks[i]}: {actual[i].Count} rows committed, {expected[i].Count} expected; missing e.g. [{string.Join("; ", missing)}], unexpected e.g. [{string.Join("; ", extra)}]");
            }
        }
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
