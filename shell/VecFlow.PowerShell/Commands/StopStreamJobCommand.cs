using System.Management.Automation;
using VecFlow.Engine.Jobs;

namespace VecFlow.PowerShell.Commands;

/// <summary>Stop-StreamJob: cancels jobs (optionally after a savepoint, streaming only) and waits for them to stop.</summary>
/// <remarks>
/// -Force skips the extra confirmation for stopping a streaming job without a savepoint (its state is lost) and makes
/// stopping a job that already ended a no-op instead of an error. It never overrides -WhatIf.
/// </remarks>
[Cmdlet(VerbsLifecycle.Stop, "StreamJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SqlJob))]
public sealed class StopStreamJobCommand : VecFlowCmdlet
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Savepoint { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (SqlJob job in JobsById(Id))
        {
            string target = $"job '{job.Name}' ({job.Id}, {job.State})";
            string action = Savepoint is null ? "Stop (cancel)" : $"Stop with a savepoint in '{Savepoint}'";
            if (!ShouldProcess(target, action))
            {
                continue;
            }

            if (job.IsCompleted)
            {
                if (!Force)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"job '{job.Name}' ({job.Id}) already ended {job.State}; -Force skips ended jobs quietly"), "JobAlreadyEnded", ErrorCategory.InvalidOperation, job));
                }

                continue;
            }

            if (Savepoint is null && job.Mode == JobMode.Streaming && !Force
                && !ShouldContinue($"StopRequested {target} without a savepoint loses its state. Stop it anyway?", "Stop without a savepoint"))
            {
                continue;
            }

            try
            {
                Jobs.Stop(job.Id, Savepoint is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Savepoint));
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                WriteError(JobErrors.From(e, job));
                continue;
            }

            if (job.Savepoint is { } path)
            {
                WriteVerbose($"job '{job.Name}' ({job.Id}) took a savepoint in '{path}'; resume it with Submit-StreamJob -Setting @{{ 'execution.savepoint.path' = '{path}' }}");
            }

            if (!job.Wait(StopWait, StopRequested) && !StopRequested.IsCancellationRequested)
            {
                WriteWarning($"job '{job.Name}' ({job.Id}) was asked to stop and has not stopped yet; it stops at its next batch");
            }

            if (PassThru)
            {
                WriteObject(job);
            }
        }
    }
}
