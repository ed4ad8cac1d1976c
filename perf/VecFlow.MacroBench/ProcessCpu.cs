using System.Diagnostics;

namespace VecFlow.MacroBench;

/// <summary>The CPU time this process has used so far, every thread included.</summary>
public static class ProcessCpu
{
    public static TimeSpan Now()
    {
        using Process process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
