using VecFlow.Engine.Jobs;

namespace VecFlow.PowerShell;

/// <summary>The job service of this PowerShell process: jobs run embedded, in the background, and outlive the command that started them.</summary>
internal static class EmbeddedJobs
{
    public static JobService Service { get; } = new();
}
