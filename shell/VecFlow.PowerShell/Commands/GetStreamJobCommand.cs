using System.Management.Automation;
using VecFlow.Engine.Jobs;
using JobState = VecFlow.Engine.Jobs.JobState;

namespace VecFlow.PowerShell.Commands;

/// <summary>Get-StreamJob: the jobs of this process, all or by id, name (wildcards) and state.</summary>
[Cmdlet(VerbsCommon.Get, "StreamJob", DefaultParameterSetName = AllSet)]
[OutputType(typeof(SqlJob))]
public sealed class GetStreamJobCommand : VecFlowCmdlet
{
    private const string AllSet = "All";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter]
    public JobState[]? State { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<SqlJob> jobs = ParameterSetName switch
        {
            IdSet => JobsById(Id),
            NameSet => ByName(),
            _ => Jobs.List(),
        };
        foreach (SqlJob job in jobs.Distinct())
        {
            if (State is null || State.Contains(job.State))
            {
                WriteObject(job);
            }
        }
    }

    private IEnumerable<SqlJob> ByName()
    {
        foreach (string name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = Jobs.List().Where(j => pattern.IsMatch(j.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(JobErrors.NotFound($"there is no job named '{name}'", name));
            }

            foreach (SqlJob job in matches)
            {
                yield return job;
            }
        }
    }
}
