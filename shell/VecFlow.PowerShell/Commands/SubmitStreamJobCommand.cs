using System.Collections;
using System.Management.Automation;
using VecFlow.Engine.Jobs;

namespace VecFlow.PowerShell.Commands;

/// <summary>Submit-StreamJob: starts a SQL job in the background of this process and returns its job object at once (or when it ends, with -Wait).</summary>
[Cmdlet(VerbsLifecycle.Submit, "StreamJob", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SqlJob))]
public sealed class SubmitStreamJobCommand : VecFlowCmdlet
{
    private const string PathSet = "Path";
    private const string SqlSet = "Sql";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [Alias("FilePath")]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = SqlSet)]
    [ValidateNotNullOrEmpty]
    public string Sql { get; set; } = string.Empty;

    [Parameter]
    public JobMode Mode { get; set; } = JobMode.Batch;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int Parallelism { get; set; }

    [Parameter]
    public Hashtable? Setting { get; set; }

    [Parameter]
    public Hashtable? Define { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    protected override void ProcessRecord()
    {
        string? path = ParameterSetName == PathSet ? Path : null;
        string target = path ?? (Sql.Length > 60 ? Sql[..57].ReplaceLineEndings(" ") + "..." : Sql.ReplaceLineEndings(" "));
        // Mode is pinned only when given, so a script's own SET decides otherwise.
        JobMode? mode = MyInvocation.BoundParameters.ContainsKey(nameof(Mode)) ? Mode : null;
        if (!ShouldProcess(target, $"Submit a VecFlow {(mode ?? JobMode.Batch).ToString().ToLowerInvariant()} job"))
        {
            return;
        }

        SqlJob job;
        try
        {
            job = Jobs.Submit(Submission(ParameterSetName == SqlSet ? Sql : null, path, Setting, Define, Name, mode, Parallelism > 0 ? Parallelism : null));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            WriteError(JobErrors.From(e, path ?? (object)Sql));
            return;
        }

        if (Wait)
        {
            IReadOnlyList<SqlJob> pending = JobWaiter.Wait(this, [job], Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout), StopRequested);
            if (pending.Count > 0 && !StopRequested.IsCancellationRequested)
            {
                WriteError(JobErrors.From(new TimeoutException($"job '{job.Name}' ({job.Id}) did not end within {Timeout} s; it keeps running (Wait-StreamJob, Stop-StreamJob)"), job));
            }

            ReportFailure(job);
        }

        WriteObject(job);
    }
}
