using System.Diagnostics;
using System.Globalization;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Errors;
using VecFlow.Sql.Parsing;
using VecFlow.Vector.Errors;

namespace VecFlow.Engine.Jobs;

/// <summary>One submitted SQL script running on its own background thread through a <see cref="SqlSession"/>.</summary>
/// <remarks>
/// Every member is safe to call from any thread while the job runs. The job owns its session; the session is disposed
/// when the job ends, after the last metrics have been taken from it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source never uses a timer or wait handle, so it holds nothing to release; disposing it would race with Cancel from other threads.")]
public sealed class SqlJob
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<JobState> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<StatementResult> _statements = [];
    private readonly Stopwatch _clock = new();
    private readonly JobSubmission _submission;
    private readonly string _script;
    private SqlSession? _session;
    private List<OperatorMetricsSnapshot> _unfinished = [];
    private int _statementCount;
    private JobState _state = JobState.Created;

    internal SqlJob(string id, string name, string script, JobSubmission submission)
    {
        Id = id;
        Name = name;
        _script = script;
        _submission = submission;
        Source = submission.Path ?? "(inline SQL)";
        Mode = submission.Mode ?? ModeOf(submission.Settings);
        Parallelism = submission.Parallelism ?? (submission.Settings.TryGetValue(SessionSettings.Parallelism, out string? p) ? int.Parse(p, CultureInfo.InvariantCulture) : 1);
    }

    /// <summary>32 hexadecimal digits, like a Flink job id.</summary>
    public string Id { get; }

    public string Name { get; }

    /// <summary>The SQL file, or "(inline SQL)".</summary>
    public string Source { get; }

    public string Sql => _script;

    public JobMode Mode { get; }

    public int Parallelism { get; }

    public DateTimeOffset SubmittedAt { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public JobState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>True once the job has finished, failed or been cancelled.</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Why the job failed, in one line; null unless <see cref="State"/> is Failed.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The exception behind <see cref="FailureReason"/>, for callers that classify errors.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Time spent running so far (or in total, once ended).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Completes with the final state; never faults.</summary>
    public Task<JobState> Completion => _completion.Task;

    /// <summary>The statements that have run, in order.</summary>
    public IReadOnlyList<StatementResult> Statements
    {
        get
        {
            lock (_lock)
            {
                return [.. _statements];
            }
        }
    }

    /// <summary>The rows of every SELECT of the script that has run, in order.</summary>
    public IReadOnlyList<QueryResult> Results
    {
        get
        {
            lock (_lock)
            {
                return [.. _statements.Where(s => s.Result is not null).Select(s => s.Result!)];
            }
        }
    }

    /// <summary>Asks the job to stop; it ends Cancelled at its next batch boundary. False if it had already ended.</summary>
    public bool Cancel()
    {
        if (IsCompleted)
        {
            return false;
        }

        _cancellation.Cancel();
        return true;
    }

    /// <summary>The savepoint the job was stopped with, once <see cref="StopWithSavepoint"/> has taken it.</summary>
    public string? Savepoint { get; private set; }

    /// <summary>
    /// Takes a savepoint of the running streaming statement into <paramref name="directory"/>, then stops the job (it
    /// ends Finished; the rest of its script does not run). Returns the savepoint's path.
    /// </summary>
    /// <exception cref="InvalidOperationException">The job is not running a streaming statement.</exception>
    public string StopWithSavepoint(string directory, TimeSpan? timeout = null)
    {
        RunningStatement running;
        lock (_lock)
        {
            running = (_state == JobState.Running ? _session?.Running : null)
                ?? throw new InvalidOperationException($"Job {Id} is not running a statement, so there is nothing to take a savepoint of (state: {_state}).");
        }

        Task<string> savepoint = running.StopWithSavepoint(directory);
        try
        {
            if (!savepoint.Wait(timeout ?? TimeSpan.FromMinutes(10)))
            {
                throw new TimeoutException($"The savepoint of job {Id} did not complete within {(timeout ?? TimeSpan.FromMinutes(10)).TotalSeconds:0} s; the job keeps running.");
            }
        }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            throw inner is InvalidOperationException ? inner : new InvalidOperationException(inner.Message, inner);
        }

        Savepoint = savepoint.Result;
        return savepoint.Result;
    }

    /// <summary>Waits until the job ends or <paramref name="timeout"/> passes (infinite when null); true if it ended.</summary>
    public bool Wait(TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        try
        {
            return _completion.Task.Wait(timeout ?? Timeout.InfiniteTimeSpan, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The job's progress now: finished statements' operators plus the live ones of the statement running.</summary>
    public JobMetrics GetMetrics()
    {
        var operators = new List<OperatorMetricsSnapshot>();
        long returned = 0;
        int finished;
        JobState state;
        StreamingGauges gauges = default;
        lock (_lock)
        {
            for (int s = 0; s < _statements.Count; s++)
            {
                returned += _statements[s].Result?.Rows.Count ?? 0;
                foreach (OperatorSummary o in _statements[s].Operators ?? [])
                {
                    operators.Add(new OperatorMetricsSnapshot(Id, s, o.Name, o.RowsIn, o.RowsOut, o.SpilledBytes, o.PeakMemoryBytes, o.DroppedRows, false));
                }
            }

            finished = _statements.Count;
            state = _state;
            operators.AddRange(_unfinished);
            if (_session?.Running is { } running && running.Index >= finished)
            {
                IReadOnlyList<(string Name, Runtime.OperatorMetrics Metrics)> live = running.Operators();
                gauges = StreamingGauges.Of(live, running.LastCheckpoint());
                foreach (var (name, m) in live)
                {
                    operators.Add(new OperatorMetricsSnapshot(Id, running.Index, name, m.RowsIn, m.RowsOut, m.SpilledBytes, m.PeakMemoryBytes, m.DroppedRows, true));
                }
            }
        }

        long rowsIn = operators.Where(o => IsSource(o.Operator)).Sum(o => o.RowsOut);
        long written = operators.Where(o => IsSink(o.Operator)).Sum(o => o.RowsIn);
        TimeSpan elapsed = _clock.Elapsed;
        double seconds = elapsed.TotalSeconds;
        return new JobMetrics(
            Id,
            Name,
            state,
            elapsed,
            rowsIn,
            written + returned,
            written,
            returned,
            seconds > 0 ? rowsIn / seconds : 0,
            seconds > 0 ? (written + returned) / seconds : 0,
            operators.Sum(o => o.SpilledBytes),
            operators.Sum(o => o.DroppedRows),
            finished,
            Volatile.Read(ref _statementCount),
            operators)
        {
            Watermark = gauges.Watermark,
            LastCheckpoint = gauges.Checkpoint?.At,
            LastCheckpointId = gauges.Checkpoint?.Id,
            Latency = gauges.P50,
            LatencyP99 = gauges.P99,
        };
    }

    /// <summary>The watermark (minimum over the sinks, or over every operator when there is none), sink latency and last checkpoint of a running statement.</summary>
    private readonly record struct StreamingGauges(DateTimeOffset? Watermark, TimeSpan? P50, TimeSpan? P99, (long Id, DateTimeOffset At)? Checkpoint)
    {
        public static StreamingGauges Of(IReadOnlyList<(string Name, Runtime.OperatorMetrics Metrics)> live, (long Id, DateTimeOffset At)? checkpoint)
        {
            var sinks = live.Where(o => IsSink(o.Name)).ToList();
            var measured = sinks.Count > 0 ? sinks : [.. live];
            long mark = measured.Count > 0 ? measured.Min(o => o.Metrics.Watermark) : long.MinValue;
            var latency = new Runtime.LatencyHistogram();
            foreach (var sink in sinks)
            {
                latency.Add(sink.Metrics.Latency);
            }

            DateTimeOffset? watermark = mark is long.MinValue or long.MaxValue || mark < -62_135_596_800_000L || mark > 253_402_300_799_999L
                ? null
                : DateTimeOffset.FromUnixTimeMilliseconds(mark);
            return new StreamingGauges(watermark, latency.Percentile(0.5), latency.Percentile(0.99), checkpoint);
        }
    }

    public override string ToString() => $"{Name} ({Id}) {State}";

    internal static bool IsSource(string operatorName) => operatorName.StartsWith("Scan(", StringComparison.Ordinal);

    internal static bool IsSink(string operatorName) => operatorName.StartsWith("Sink(", StringComparison.Ordinal);

    internal void Start()
    {
        var thread = new Thread(Run)
        {
            // A host that exits (a closing PowerShell, a finished CLI) does not wait for jobs it did not wait for.
            IsBackground = true,
            Name = $"vecflow-job-{Id[..8]}",
        };
        thread.Start();
    }

    private void Run()
    {
        CancellationToken token = _cancellation.Token;
        lock (_lock)
        {
            if (token.IsCancellationRequested)
            {
                End(JobState.Cancelled, null);
                return;
            }

            _state = JobState.Running;
            StartedAt = DateTimeOffset.UtcNow;
            _clock.Start();
        }

        SqlSession? session = null;
        try
        {
            session = new SqlSession(_submission.Defines);
            session.Cancellation = token;
            foreach (var (key, value) in _submission.Settings)
            {
                session.Settings.Set(key, value);
            }

            string? pinnedMode = _submission.Mode?.ToString().ToLowerInvariant();
            if (pinnedMode is not null)
            {
                session.Settings.Set(SessionSettings.RuntimeMode, pinnedMode);
            }

            if (_submission.Parallelism is { } parallelism)
            {
                session.Settings.Set(SessionSettings.Parallelism, parallelism.ToString(CultureInfo.InvariantCulture));
            }

            _submission.ConfigureSession?.Invoke(session);
            Volatile.Write(ref _statementCount, SqlParser.ParseScript(_script, session.Variables).Statements.Count);
            session.StatementFinished = result =>
            {
                lock (_lock)
                {
                    _statements.Add(result);
                }

                // The mode the job was submitted with wins over a SET in the script (a comparison must run both modes).
                if (pinnedMode is not null && session.Settings.Mode != pinnedMode)
                {
                    session.Settings.Set(SessionSettings.RuntimeMode, pinnedMode);
                }
            };
            lock (_lock)
            {
                _session = session;
            }

            session.Execute(_script);
            Finish(session, JobState.Finished, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Finish(session, JobState.Cancelled, null);
        }
        catch (Exception e)
        {
            Finish(session, JobState.Failed, e);
        }
    }

    private void Finish(SqlSession? session, JobState state, Exception? error)
    {
        lock (_lock)
        {
            // Keep what the interrupted statement did: a failed or cancelled job still shows how far it got.
            if (session?.Running is { } running && running.Index >= _statements.Count)
            {
                _unfinished = [.. running.Operators().Select(o => new OperatorMetricsSnapshot(Id, running.Index, o.Name, o.Metrics.RowsIn, o.Metrics.RowsOut, o.Metrics.SpilledBytes, o.Metrics.PeakMemoryBytes, o.Metrics.DroppedRows, false))];
            }

            _session = null;
            _clock.Stop();
            End(state, error);
        }

        session?.Dispose();
    }

    private void End(JobState state, Exception? error)
    {
        _state = state;
        EndedAt = DateTimeOffset.UtcNow;
        if (error is not null)
        {
            Error = error;
            FailureReason = Describe(error);
        }

        _completion.TrySetResult(state);
    }

    private string Describe(Exception error)
    {
        string message = error.Message.ReplaceLineEndings(" ").Trim();
        return error switch
        {
            SqlParseException or SqlValidationException => $"{Source}: {message}",
            ConnectorException or SqlRuntimeException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException => message,
            _ => $"internal error ({error.GetType().Name}): {message}",
        };
    }

    private static JobMode ModeOf(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(SessionSettings.RuntimeMode, out string? mode) && mode.Equals("streaming", StringComparison.OrdinalIgnoreCase)
            ? JobMode.Streaming
            : JobMode.Batch;
}
