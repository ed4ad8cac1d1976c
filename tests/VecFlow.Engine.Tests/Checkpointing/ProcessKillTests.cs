using System.Diagnostics;
using VecFlow.State.Checkpoints;

namespace VecFlow.Engine.Tests.Checkpointing;

/// <summary>A `vecflow run` process killed with SIGKILL mid-job resumes from its retained checkpoint to the exact failure-free output.</summary>
public sealed class ProcessKillTests : EngineTest
{
    private const long Events = 40_000;
    private const int Rate = 10_000;

    private readonly Dictionary<Process, System.Text.StringBuilder> _errors = [];

    [Fact]
    public void A_killed_job_rerun_from_its_checkpoint_directory_commits_exactly_the_failure_free_output()
    {
        var (windows, bids) = CheckpointedJob.Reference(Directory, Events, rate: Rate);
        string outputs = Path.Combine(Directory, "out");
        string checkpoints = Path.Combine(Directory, "checkpoints");
        string job = Path.Combine(Directory, "job.sql");
        File.WriteAllText(job, CheckpointedJob.Streaming(2, checkpoints, interval: "100ms", extra: "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';")
            + CheckpointedJob.Ddl(outputs, Events, rate: Rate, paced: true) + CheckpointedJob.Job);

        using (Process first = StartCli("run", job))
        {
            string? completed = null;
            var deadline = Stopwatch.StartNew();
            while (completed is null)
            {
                if (first.HasExited)
                {
                    Assert.Fail($"the job ended before it could be killed: {Errors(first)}");
                }

                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint completed in time");
                completed = System.IO.Directory.Exists(checkpoints)
                    ? System.IO.Directory.EnumerateDirectories(checkpoints).FirstOrDefault(d => new CheckpointStorage(d).Latest() is not null)
                    : null;
                Thread.Sleep(20);
            }

            first.Kill(entireProcessTree: true);
            first.WaitForExit();
            Assert.Equal(137, first.ExitCode);
        }

        Assert.True(CheckpointedJob.CommittedRows(Path.Combine(outputs, "bids_out")).Count < bids.Count, "the job was killed after it had finished");
        string jobCheckpoints = Assert.Single(System.IO.Directory.EnumerateDirectories(checkpoints));

        using Process second = StartCli("run", job, "--from-savepoint", jobCheckpoints);
        second.WaitForExit();
        Assert.True(second.ExitCode == 0, Errors(second));
        Assert.Equal(windows, CheckpointedJob.CommittedRows(Path.Combine(outputs, "window_out")));
        Assert.Equal(bids, CheckpointedJob.CommittedRows(Path.Combine(outputs, "bids_out")));
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
