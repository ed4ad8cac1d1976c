using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>Stop with a savepoint, resume from it at another parallelism, refuse one that does not fit, detect a corrupt one.</summary>
public sealed class SavepointTests : EngineTest
{
    private const long Events = 30_000;
    private const int Rate = 10_000;

    [Fact]
    public void A_job_stopped_with_a_savepoint_at_parallelism_2_resumes_at_1_and_at_4_with_the_failure_free_result()
    {
        List<string>[] expected = CheckpointedJob.Reference(Directory, Events, rate: Rate);
        string outputs = Path.Combine(Directory, "out");
        string savepoint = StopWithSavepoint(outputs);
        CopyDirectory(outputs, Path.Combine(Directory, "at-stop"));
        List<string> committedAtStop = CheckpointedJob.CommittedRows(Path.Combine(outputs, "bids_out"));
        Assert.True(committedAtStop.Count < expected[1].Count, "the job should stop before reading all its input");

        foreach (int parallelism in new[] { 1, 4 })
        {
            Directory_Replace(outputs, Path.Combine(Directory, "at-stop"));
            using var session = new SqlSession(null, Path.Combine(Directory, $"resume-{parallelism}")) { BatchRows = 256 };
            IReadOnlyList<StatementResult> results = session.Execute(
                CheckpointedJob.Streaming(parallelism, Path.Combine(Directory, "checkpoints"), extra: $"SET 'execution.savepoint.path' = '{savepoint}';")
                + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + CheckpointedJob.Job);
            Assert.StartsWith("Wrote", results[^1].Message, StringComparison.Ordinal);
            CheckpointedJob.AssertCommitted(expected, outputs);
        }
    }

    [Fact]
    public void A_savepoint_whose_state_the_changed_job_does_not_claim_is_refused_by_name_unless_dropping_it_is_allowed()
    {
        string outputs = Path.Combine(Directory, "out");
        string savepoint = StopWithSavepoint(outputs);
        string changed = CheckpointedJob.Job.Replace("INTERVAL '1' SECOND", "INTERVAL '3' SECOND", StringComparison.Ordinal);

        using (var session = new SqlSession(null, Path.Combine(Directory, "refused")))
        {
            var error = Assert.ThrowsAny<Exception>(() => session.Execute(
                CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"), extra: $"SET 'execution.savepoint.path' = '{savepoint}';")
                + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + changed));
            Assert.Contains("does not fit this job", error.Message, StringComparison.Ordinal);
            Assert.Contains("keyed state", error.Message, StringComparison.Ordinal);
            Assert.Contains("--allow-non-restored-state", error.Message, StringComparison.Ordinal);
        }

        using (var session = new SqlSession(null, Path.Combine(Directory, "allowed")) { BatchRows = 256 })
        {
            IReadOnlyList<StatementResult> results = session.Execute(
                CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"), extra: $"""
                    SET 'execution.savepoint.path' = '{savepoint}';
                    SET 'execution.savepoint.ignore-unclaimed-state' = 'true';
                    """)
                + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + changed);
            Assert.StartsWith("Wrote", results[^1].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_corrupt_savepoint_file_is_detected_and_named_before_anything_runs()
    {
        string outputs = Path.Combine(Directory, "out");
        string savepoint = StopWithSavepoint(outputs);
        string victim = System.IO.Directory.EnumerateFiles(savepoint, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('_'))
            .OrderByDescending(f => new FileInfo(f).Length)
            .First();
        byte[] bytes = File.ReadAllBytes(victim);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(victim, bytes);

        using var session = new SqlSession(null, Path.Combine(Directory, "corrupt"));
        var error = Assert.ThrowsAny<Exception>(() => session.Execute(
            CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"), extra: $"SET 'execution.savepoint.path' = '{savepoint}';")
            + CheckpointedJob.Ddl(outputs, Events) + CheckpointedJob.Job));
        Assert.Contains(Path.GetFileName(victim), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_savepoint_path_is_a_clear_error()
    {
        using var session = new SqlSession(null, Path.Combine(Directory, "missing"));
        string missing = Path.Combine(Directory, "no-such-savepoint");
        var error = Assert.ThrowsAny<Exception>(() => session.Execute(
            CheckpointedJob.Streaming(1, Path.Combine(Directory, "checkpoints"), extra: $"SET 'execution.savepoint.path' = '{missing}';")
            + CheckpointedJob.Ddl(Path.Combine(Directory, "out"), Events) + CheckpointedJob.Job));
        Assert.Contains("no-such-savepoint", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs the paced job at parallelism 2 through the job service and stops it with a savepoint part-way.</summary>
    private string StopWithSavepoint(string outputs) => CheckpointedJob.StopWithSavepoint(
        CheckpointedJob.Streaming(2, Path.Combine(Directory, "checkpoints"), interval: "100ms")
            + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + CheckpointedJob.Job,
        Path.Combine(Directory, "savepoint"),
        batchRows: 256,
        batches: 40);

    private static void Directory_Replace(string target, string source)
    {
        if (System.IO.Directory.Exists(target))
        {
            System.IO.Directory.Delete(target, recursive: true);
        }

        CopyDirectory(source, target);
    }

    private static void CopyDirectory(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (string file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
