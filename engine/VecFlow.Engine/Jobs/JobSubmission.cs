using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Jobs;

/// <summary>What to run: a SQL script (text or file), its mode, parallelism, settings and <c>${NAME}</c> variables.</summary>
public sealed record JobSubmission
{
    /// <summary>The script text; exactly one of <see cref="Sql"/> and <see cref="Path"/> is set.</summary>
    public string? Sql { get; init; }

    /// <summary>A SQL file to run; read when the job is submitted.</summary>
    public string? Path { get; init; }

    /// <summary>The runtime mode; when set it wins over the script's own <c>SET 'execution.runtime-mode'</c>.</summary>
    public JobMode? Mode { get; init; }

    /// <summary><c>parallelism.default</c> of the job.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Settings applied before the script runs, as <c>SET 'key' = 'value'</c> would.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Values of the script's <c>${NAME}</c> variables.</summary>
    public IReadOnlyDictionary<string, string> Defines { get; init; } = new Dictionary<string, string>();

    /// <summary>A name to find the job by; the file name or "sql" when not given.</summary>
    public string? Name { get; init; }

    /// <summary>Called on the job's thread before the script runs, e.g. to register connectors.</summary>
    public Action<SqlSession>? ConfigureSession { get; init; }
}
