using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Jobs;

/// <summary>Runs SQL jobs in the background of this process: submit, list, find, cancel, stop and wait.</summary>
/// <remarks>
/// Embedded execution: each job runs on its own thread through a <see cref="SqlSession"/>. Every member is thread-safe.
/// Jobs stay listed after they end, with their state, metrics and query results, until the service is disposed.
/// </remarks>
public sealed class JobService : IDisposable
{

    private readonly Lock _lock = new();
    private readonly List<SqlJob> _jobs = [];
    private readonly Dictionary<string, SqlJob> _byId = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    /// <summary>Validates <paramref name="submission"/>, starts the job and returns at once, before it runs.</summary>
    /// <exception cref="ArgumentException">Neither or both of Sql and Path, a bad setting, a bad parallelism.</exception>
    /// <exception cref="FileNotFoundException">The SQL file does not exist.</exception>
    public SqlJob Submit(JobSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if ((submission.Sql is null) == (submission.Path is null))
        {
            throw new ArgumentException("a job needs either SQL text or the path of a SQL file, not both and not neither");
        }

        if (submission.Parallelism is < 1)
        {
            throw new ArgumentException($"the parallelism must be at least 1, not {submission.Parallelism}");
        }

        // Mistakes in settings fail the submission, not the job later.
        var check = new SessionSettings();
        foreach (var (key, value) in submission.Settings)
        {
            check.Set(key, value);
        }

        string script = submission.Sql ?? ReadScript(submission.Path!);
        string id = Guid.NewGuid().ToString("N");
        string name = string.IsNullOrWhiteSpace(submission.Name)
            ? submission.Path is { } path ? Path.GetFileNameWithoutExtension(path) : "sql"
            : submission.Name.Trim();
        var job = new SqlJob(id, name, script, submission);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _jobs.Add(job);
            _byId.Add(id, job);
        }

        job.Start();
        return job;
    }

    /// <summary>Every job submitted to this service, oldest first.</summary>
    public IReadOnlyList<SqlJob> List()
    {
        lock (_lock)
        {
            return [.. _jobs];
        }
    }

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public SqlJob? Find(string id)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>The job with <paramref name="id"/>.</summary>
    /// <exception cref="JobNotFoundException">No such job.</exception>
    public SqlJob Get(string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out SqlJob? job) ? job : throw new JobNotFoundException(id, [.. _jobs.Select(j => j.Id)]);
        }
    }

    /// <summary>Cancels the job cooperatively; false if it had already ended.</summary>
    public bool Cancel(string id) => Get(id).Cancel();

    /// <summary>Stops a job; with a savepoint directory, first takes a savepoint there (streaming jobs) and stops it once that is complete.</summary>
    /// <exception cref="InvalidOperationException">A savepoint was asked for, but the job is not running a streaming statement.</exception>
    public bool Stop(string id, string? savepointDirectory = null)
    {
        SqlJob job = Get(id);
        if (savepointDirectory is not null)
        {
            job.StopWithSavepoint(savepointDirectory);
            return true;
        }

        return job.Cancel();
    }

    /// <summary>Waits for the job to end; true if it did within <paramref name="timeout"/>.</summary>
    public bool Wait(string id, TimeSpan? timeout = null, CancellationToken cancellation = default) => Get(id).Wait(timeout, cancellation);

    /// <summary>Cancels every job still running and waits for them to notice.</summary>
    public void Dispose()
    {
        List<SqlJob> jobs;
        lock (_lock)
        {
            _disposed = true;
            jobs = [.. _jobs];
        }

        foreach (SqlJob job in jobs)
        {
            job.Cancel();
        }

        foreach (SqlJob job in jobs)
        {
            job.Wait(TimeSpan.FromSeconds(30));
        }
    }

    private static string ReadScript(string path)
    {
        string full = Path.GetFullPath(path);
        return File.Exists(full)
            ? File.ReadAllText(full)
            : throw new FileNotFoundException($"the SQL file '{path}' does not exist", full);
    }
}
