using System.Management.Automation;
using VecFlow.Engine.Jobs;

namespace VecFlow.PowerShell.Commands;

/// <summary>Wait-StreamJob: waits for jobs to end, showing their progress, and returns them.</summary>
[Cmdlet(VerbsLifecycle.Wait, "StreamJob")]
[OutputType(typeof(SqlJob))]
public sealed class WaitStreamJobCommand : VecFlowCmdlet
{
    private readonly List<SqlJob> _jobs = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = [];

    /// <summary>Seconds to wait; -1 (the default) waits until the jobs end.</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    protected override void ProcessRecord() => _jobs.AddRange(JobsById(Id).Where(j => !_jobs.Contains(j)));

    protected override void EndProcessing()
    {
        IReadOnlyList<SqlJob> pending = JobWaiter.Wait(this, _jobs, Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout), StopRequested);
        foreach (SqlJob job in _jobs)
        {
            if (pending.Contains(job))
            {
                if (!StopRequested.IsCancellationRequested)
                {
                    WriteError(JobErrors.From(new TimeoutException($"job '{job.Name}' ({job.Id}) did not end within {Timeout} s; it keeps running"), job));
                }

                continue;
            }

            ReportFailure(job);
            WriteObject(job);
        }
    }
}
