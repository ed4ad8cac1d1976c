using System.Globalization;
using System.Management.Automation;
using VecFlow.Engine.Jobs;

namespace VecFlow.PowerShell;

/// <summary>Waits for jobs on the pipeline thread, writing a progress record per job while they run.</summary>
internal static class JobWaiter
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until every job ended or <paramref name="timeout"/> passed; returns the jobs that did not end.</summary>
    public static IReadOnlyList<SqlJob> Wait(Cmdlet cmdlet, IReadOnlyList<SqlJob> jobs, TimeSpan? timeout, CancellationToken cancellation)
    {
        DateTime deadline = timeout is { } t ? DateTime.UtcNow + t : DateTime.MaxValue;
        var pending = jobs.Where(j => !j.IsCompleted).ToList();
        try
        {
            while (pending.Count > 0 && !cancellation.IsCancellationRequested)
            {
                for (int i = 0; i < pending.Count; i++)
                {
                    cmdlet.WriteProgress(Progress(pending[i], i));
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                try
                {
                    Task.WaitAny([.. pending.Select(j => (Task)j.Completion)], (int)Math.Ceiling((left < Refresh ? left : Refresh).TotalMilliseconds), cancellation);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                pending.RemoveAll(j => j.IsCompleted);
            }
        }
        finally
        {
            for (int i = 0; i < jobs.Count; i++)
            {
                cmdlet.WriteProgress(new ProgressRecord(i + 1, Activity(jobs[i]), "done") { RecordType = ProgressRecordType.Completed });
            }
        }

        return [.. jobs.Where(j => !j.IsCompleted)];
    }

    private static ProgressRecord Progress(SqlJob job, int index)
    {
        JobMetrics metrics = job.GetMetrics();
        string status = string.Create(
            CultureInfo.InvariantCulture,
            $"{metrics.State}: statement {Math.Min(metrics.StatementsFinished + 1, Math.Max(metrics.StatementCount, 1))} of {Math.Max(metrics.StatementCount, 1)}, read {metrics.RowsIn:N0} rows ({metrics.RowsInPerSecond:N0}/s), wrote {metrics.RowsWritten:N0}, {metrics.Elapsed.TotalSeconds:F1} s");
        return new ProgressRecord(index + 1, Activity(job), status)
        {
            PercentComplete = metrics.StatementCount > 0 ? Math.Min(99, 100 * metrics.StatementsFinished / metrics.StatementCount) : -1,
        };
    }

    private static string Activity(SqlJob job) => $"VecFlow job {job.Name} ({job.Id[..8]})";
}
