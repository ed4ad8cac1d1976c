using System.Diagnostics;
using VecFlow.State.Checkpoints;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>A `vecflow run` process killed with SIGKILL mid-job resumes from its retained checkpoint to the exact failure-free output.</summary>
public sealed class ProcessKillTests : EngineTest
{
    private const long Events = 40_000;
    private const int Rate = 10_000;

    private const string CheckpointMetadataName = "_metadata.json";

    private readonly Dictionary<Process, System.Text.StringBuilder> _errors = [];

    [Fact]
    public void A_killed_job_rerun_from_its_checkpoint_directory_commits_exactly_the_failure_free_output()
    {
        List<string>[] expected = CheckpointedJob.Reference(Directory, Events, rate: Rate);
        string outputs = Path.Combine(Directory, "out");
        string checkpoints = Path.Combine(Directory, "checkpoints");
        string job = Path.Combine(Directory, "job.sql");
        File.WriteAllText(job, CheckpointedJob.Streaming(2, checkpoints, interval: "100ms", extra: "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';")
            + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + CheckpointedJob.Job);

        // A checkpoint is complete once its metadata file appears (written under a temporary name, then renamed).
        System.IO.Directory.CreateDirectory(checkpoints);
        using var completed = new ManualResetEventSlim();
        using var watcher = new FileSystemWatcher(checkpoints) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName };
        watcher.Created += (_, e) => Notice(e.Name);
        watcher.Renamed += (_, e) => Notice(e.Name);
        watcher.EnableRaisingEvents = true;

        void Notice(string? name)
        {
            if (name?.EndsWith(CheckpointMetadataName, StringComparison.Ordinal) == true)
            {
                completed.Set();
            }
        }

        using (Process first = StartCli("run", job))
        {
            using var exited = new ManualResetEventSlim();
            first.EnableRaisingEvents = true;
            first.Exited += (_, _) => exited.Set();

            // The timeout only guards against a hang; the job needs a few seconds.
            int woke = WaitHandle.WaitAny([completed.WaitHandle, exited.WaitHandle], TimeSpan.FromMinutes(5));
            Assert.True(woke == 0, woke == 1 ? $"the job ended before it could be killed: {Errors(first)}" : "no checkpoint completed");
            Assert.NotNull(new CheckpointStorage(Assert.Single(System.IO.Directory.EnumerateDirectories(checkpoints))).Latest());

            first.Kill(entireProcessTree: true);
            first.WaitForExit();
            Assert.Equal(137, first.ExitCode);
        }

        Assert.True(CheckpointedJob.CommittedRows(Path.Combine(outputs, "bids_out")).Count < expected[1].Count, "the job was killed after it had finished");
        string jobCheckpoints = Assert.Single(System.IO.Directory.EnumerateDirectories(checkpoints));

        using Process second = StartCli("run", job, "--from-savepoint", jobCheckpoints);
        second.WaitForExit();
        Assert.True(second.ExitCode == 0, Errors(second));
        CheckpointedJob.AssertCommitted(expected, outputs);
    }

    private Process StartCli(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vecflow.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        _errors[process] = errors;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private string Errors(Process process)
    {
        process.WaitForExit();
        System.Text.StringBuilder errors = _errors[process];
        lock (errors)
        {
            return errors.ToString();
        }
    }
}
