using System.Collections;
using System.Management.Automation;
using VecFlow.Engine.Jobs;
using JobState = VecFlow.Engine.Jobs.JobState;

namespace VecFlow.PowerShell.Commands;

/// <summary>What the VecFlow cmdlets share: the embedded job service, Ctrl+C handling, SQL sources and job lookup.</summary>
public abstract class VecFlowCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C: stops waiting, not the jobs.</summary>
    protected CancellationToken StopRequested => _stopping.Token;

    protected static JobService Jobs => EmbeddedJobs.Service;

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A job submission for -Sql or -Path (resolved against the current PowerShell location).</summary>
    protected JobSubmission Submission(string? sql, string? path, Hashtable? setting, Hashtable? define, string? name, JobMode? mode, int? parallelism) => new()
    {
        Sql = sql,
        Path = path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path),
        Settings = HashtableSettings.ToDictionary(setting),
        Defines = HashtableSettings.ToDictionary(define),
        Name = name,
        Mode = mode,
        Parallelism = parallelism,
    };

    /// <summary>The script text of -Sql or -Path.</summary>
    protected string ReadScript(string? sql, string? path)
    {
        if (sql is not null)
        {
            return sql;
        }

        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path!);
        return File.Exists(full) ? File.ReadAllText(full) : throw new FileNotFoundException($"the SQL file '{path}' does not exist", full);
    }

    /// <summary>The jobs with these ids (wildcards allowed); writes an ObjectNotFound error for a plain id that matches nothing.</summary>
    protected IEnumerable<SqlJob> JobsById(IEnumerable<string> ids)
    {
        foreach (string id in ids)
        {
            if (WildcardPattern.ContainsWildcardCharacters(id))
            {
                var pattern = new WildcardPattern(id, WildcardOptions.IgnoreCase);
                foreach (SqlJob job in Jobs.List().Where(j => pattern.IsMatch(j.Id)))
                {
                    yield return job;
                }
            }
            else if (Jobs.Find(id) is { } job)
            {
                yield return job;
            }
            else
            {
                WriteError(JobErrors.From(new JobNotFoundException(id, [.. Jobs.List().Select(j => j.Id)]), id));
            }
        }
    }

    /// <summary>Writes the job's error when it failed.</summary>
    protected void ReportFailure(SqlJob job)
    {
        if (job.State == JobState.Failed)
        {
            WriteError(JobErrors.Failed(job));
        }
    }
}
