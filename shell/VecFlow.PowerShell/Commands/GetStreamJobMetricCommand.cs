using System.Management.Automation;
using VecFlow.Engine.Jobs;

namespace VecFlow.PowerShell.Commands;

/// <summary>Get-StreamJobMetric: live metrics of jobs, per job or (-Operator) per operator.</summary>
[Cmdlet(VerbsCommon.Get, "StreamJobMetric")]
[OutputType(typeof(JobMetrics), typeof(OperatorMetricsSnapshot))]
public sealed class GetStreamJobMetricCommand : VecFlowCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    [Parameter]
    public SwitchParameter Operator { get; set; }

    protected override void ProcessRecord()
    {
        foreach (SqlJob job in Id is null ? Jobs.List() : JobsById(Id))
        {
            JobMetrics metrics = job.GetMetrics();
            if (Operator)
            {
                WriteObject(metrics.Operators, enumerateCollection: true);
            }
            else
            {
                WriteObject(metrics);
            }
        }
    }
}
