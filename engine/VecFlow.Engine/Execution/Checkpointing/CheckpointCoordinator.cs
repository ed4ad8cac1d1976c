using VecFlow.Engine.Runtime.Channels;
using VecFlow.State.Checkpoints;

namespace VecFlow.Engine.Execution.Checkpointing;

/// <summary>Starts a job's checkpoints, collects every subtask's acknowledgement, completes them and commits the sinks.</summary>
/// <remarks>
/// A checkpoint starts by asking every source subtask for a barrier; each source snapshots its read positions, sends
/// the barrier after the rows it has emitted, and acknowledges; every other subtask snapshots its operators' state
/// once the barrier has come on all its inputs (aligned), forwards it and acknowledges. When every subtask has
/// acknowledged, the checkpoint's metadata is written (the checkpoint is complete only then) and the sinks' prepared
/// files are committed. A checkpoint not complete within the timeout is aborted; more failed checkpoints in a row than
/// tolerated fail the job. A source subtask that has read all its input injects the barriers it still owes, then
/// leaves its final state (positions at the end, the files its chain's sink wrote last) with the coordinator, which
/// acknowledges every later checkpoint for it. Once every source has finished no new checkpoint starts: the job's
/// successful end commits the rest.
/// </remarks>
internal sealed class CheckpointCoordinator : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CheckpointingOptions _options;
    private readonly CheckpointStorage _storage;
    private readonly int _subtasks;
    private readonly IReadOnlyList<int> _sources;
    private readonly Action<IReadOnlyList<(string Sink, IReadOnlyList<string> Committables)>> _commit;
    private readonly Action<Exception> _fail;
    private readonly IFaultInjector? _faults;
    private readonly IReadOnlyDictionary<string, string> _properties;
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly Dictionary<int, Queue<CheckpointBarrier>> _sourceRequests = [];
    private readonly HashSet<int> _finishing = [];
    private readonly Dictionary<int, FinalSnapshot> _finished = [];
    private readonly Thread? _ticker;
    private readonly ManualResetEventSlim _stopTicking = new();
    private long _nextId;
    private DateTimeOffset _lastCompletedAt = DateTimeOffset.MinValue;
    private int _failedInARow;
    private bool _disposed;
    private bool _stopping;

    /// <param name="options">Interval, timeout, concurrency, pause, tolerated failures, retention.</param>
    /// <param name="storage">Where the job's checkpoints go.</param>
    /// <param name="subtasks">How many subtasks acknowledge each checkpoint.</param>
    /// <param name="sources">The keys of the source subtasks (they are asked for barriers).</param>
    /// <param name="firstId">The first checkpoint number (one past a restored checkpoint's, so numbers keep rising).</param>
    /// <param name="commit">Commits the committables of a completed checkpoint, per sink operator.</param>
    /// <param name="fail">Fails the job (too many failed checkpoints, or a commit that failed).</param>
    /// <param name="faults">Injects failures into commits (tests).</param>
    /// <param name="properties">Job facts written into every checkpoint (split plans, operator names).</param>
    public CheckpointCoordinator(CheckpointingOptions options, CheckpointStorage storage, int subtasks, IReadOnlyList<int> sources, long firstId,
        Action<IReadOnlyList<(string Sink, IReadOnlyList<string> Committables)>> commit, Action<Exception> fail, IFaultInjector? faults,
        IReadOnlyDictionary<string, string> properties)
    {
        _properties = properties;
        _options = options;
        _storage = storage;
        _subtasks = subtasks;
        _sources = sources;
        _nextId = firstId;
        _commit = commit;
        _fail = fail;
        _faults = faults;
        foreach (int source in sources)
        {
            _sourceRequests[source] = new Queue<CheckpointBarrier>();
        }

        if (options.Interval is { } interval)
        {
            // A thread of its own, not a thread-pool timer: a pool starved by blocking work elsewhere in the process
            // would otherwise delay checkpoints indefinitely.
            TimeSpan tick = TimeSpan.FromMilliseconds(Math.Clamp(interval.TotalMilliseconds / 4, 5, 1000));
            _ticker = new Thread(() =>
            {
                while (!_stopTicking.Wait(tick))
                {
                    Tick();
                }
            })
            {
                IsBackground = true,
                Name = "checkpoint coordinator",
            };
            _ticker.Start();
        }
    }

    /// <summary>The last completed checkpoint of this run, if any.</summary>
    public CompletedCheckpoint? LastCompleted { get; private set; }

    public int CompletedCount { get; private set; }

    /// <summary>The number the next checkpoint would get (a restarted attempt continues from it).</summary>
    public long NextId
    {
        get
        {
            lock (_lock)
            {
                return _nextId;
            }
        }
    }

    public int FailedCount { get; private set; }

    /// <summary>Called with the figures of every checkpoint (and savepoint) this coordinator completes, on the completing thread.</summary>
    public Action<CheckpointStatistics>? Completed { get; init; }

    /// <summary>Starts a savepoint into <paramref name="directory"/>; the task completes with it (or fails when it is aborted).</summary>
    /// <param name="directory">Where the savepoint goes.</param>
    /// <param name="stop">
    /// Called when the savepoint has completed and its sinks' files are committed, on the completing thread, before
    /// the task completes; null for a savepoint the job runs on after. A stopping savepoint is Flink's synchronous
    /// savepoint: no checkpoint starts after it, and each source emits nothing after its barrier
    /// (<see cref="AwaitStop"/>), so the job's committed output ends exactly where the savepoint's positions are.
    /// </param>
    public Task<CompletedCheckpoint> TriggerSavepoint(string directory, Action<CompletedCheckpoint>? stop = null)
    {
        Pending started;
        List<FinalSnapshot> finished;
        lock (_lock)
        {
            if (AllSourcesFinishing || _disposed)
            {
                throw new InvalidOperationException("The job's sources have read all their input, so it can no longer take a savepoint; it is finishing.");
            }

            if (_stopping)
            {
                throw new InvalidOperationException("The job is already stopping with a savepoint.");
            }

            _stopping = stop is not null;

            started = Start(id => _storage.BeginSavepoint(id, directory), isSavepoint: true, stop);
            finished = [.. _finished.Values];
        }

        foreach (FinalSnapshot final in finished)
        {
            AcknowledgeFinished(started.Checkpoint.Id, final);
        }

        return started.Completion.Task;
    }

    /// <summary>
    /// Called by a source right after it injected barrier <paramref name="id"/>: when that barrier is a stopping
    /// savepoint's, blocks until the savepoint completes (true: the job is stopping, emit nothing more) or is aborted
    /// (false: carry on reading); false at once for any other barrier.
    /// </summary>
    public bool AwaitStop(long id, CancellationToken cancellation)
    {
        Task<CompletedCheckpoint> completion;
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out Pending? pending) || pending.Stop is null)
            {
                return false;
            }

            completion = pending.Completion.Task;
        }

        try
        {
            completion.Wait(cancellation);
            return true;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    /// <summary>The next barrier source subtask <paramref name="source"/> is asked to inject, if any.</summary>
    public CheckpointBarrier? NextBarrierFor(int source)
    {
        lock (_lock)
        {
            return _sourceRequests[source].TryDequeue(out CheckpointBarrier? barrier) ? barrier : null;
        }
    }

    /// <summary>Source <paramref name="source"/> has read all its input; returns the barriers it still owes (later ones wait for <see cref="FinishSubtask"/>).</summary>
    public IReadOnlyList<CheckpointBarrier> FinishSource(int source)
    {
        lock (_lock)
        {
            _finishing.Add(source);
            var owed = _sourceRequests[source].ToList();
            _sourceRequests[source].Clear();
            return owed;
        }
    }

    /// <summary>
    /// Source subtask <paramref name="source"/> has ended: every checkpoint from now on (and any started since it
    /// finished reading) records <paramref name="final"/> for it, so its last rows are committed with the next checkpoint.
    /// </summary>
    public void FinishSubtask(int source, FinalSnapshot final)
    {
        List<CheckpointBarrier> owed;
        lock (_lock)
        {
            _finished[source] = final;
            owed = [.. _sourceRequests[source]];
            _sourceRequests[source].Clear();
        }

        foreach (CheckpointBarrier barrier in owed)
        {
            AcknowledgeFinished(barrier.Id, final);
        }
    }

    /// <summary>The pending checkpoint a subtask writes its snapshot into, or null when it was aborted; pair with <see cref="EndSnapshot"/>.</summary>
    public PendingCheckpoint? BeginSnapshot(long id)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out Pending? pending) || pending.Aborted)
            {
                return null;
            }

            pending.Writers++;
            return pending.Checkpoint;
        }
    }

    /// <summary>A subtask is done with its snapshot of checkpoint <paramref name="id"/> (successfully: <paramref name="committables"/> are its sinks').</summary>
    public void EndSnapshot(long id, bool acknowledged, IReadOnlyList<(string Sink, IReadOnlyList<string> Committables)> committables)
    {
        Pending? complete = null;
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out Pending? pending))
            {
                return;
            }

            pending.Writers--;
            if (pending.Aborted)
            {
                DisposeIfIdle(pending);
                return;
            }

            if (!acknowledged)
            {
                Abort(pending, "a subtask failed to snapshot its state");
                return;
            }

            pending.Committables.AddRange(committables);
            if (++pending.Acknowledged == _subtasks)
            {
                _pending.Remove(id);
                complete = pending;
            }
        }

        if (complete is not null)
        {
            Complete(complete);
        }
    }

    /// <summary>Aborts every pending checkpoint (the job is failing or ending).</summary>
    public void AbortAll(string reason)
    {
        lock (_lock)
        {
            foreach (Pending pending in _pending.Values.ToList())
            {
                Abort(pending, reason);
            }
        }
    }

    public void Dispose()
    {
        _stopTicking.Set();
        if (_ticker is not null && _ticker != Thread.CurrentThread)
        {
            _ticker.Join();
        }

        AbortAll("the job ended");
        lock (_lock)
        {
            _disposed = true;
        }
    }

    private bool AllSourcesFinishing => _sources.Count > 0 && _finishing.Count == _sources.Count;

    private void Tick()
    {
        List<(long Id, FinalSnapshot Final)> finished = [];
        lock (_lock)
        {
            if (_disposed || AllSourcesFinishing)
            {
                return;
            }

            DateTimeOffset now = DateTimeOffset.UtcNow;
            foreach (Pending pending in _pending.Values.Where(p => !p.Aborted && now - p.StartedAt > _options.Timeout).ToList())
            {
                Abort(pending, $"it did not complete within {_options.Timeout.TotalSeconds:0.###} s");
            }

            DateTimeOffset last = _pending.Count == 0 ? _lastCompletedAt : _pending.Values.Max(p => p.StartedAt);
            if (_pending.Count(p => !p.Value.Aborted) >= _options.MaxConcurrent
                || now - last < _options.Interval!.Value
                || now - _lastCompletedAt < _options.MinPause)
            {
                return;
            }

            if (_stopping)
            {
                // Nothing may be checkpointed after a stopping savepoint: the job ends with it.
                return;
            }

            Pending started = Start(id => _storage.Begin(id), isSavepoint: false, stop: null);
            finished.AddRange(_finished.Values.Select(f => (started.Checkpoint.Id, f)));
        }

        foreach (var (id, final) in finished)
        {
            AcknowledgeFinished(id, final);
        }
    }

    /// <summary>Records a finished source subtask's final state in checkpoint <paramref name="id"/> and acknowledges for it.</summary>
    private void AcknowledgeFinished(long id, FinalSnapshot final)
    {
        PendingCheckpoint? pending = BeginSnapshot(id);
        if (pending is null)
        {
            return;
        }

        bool acknowledged = false;
        try
        {
            foreach (var (operatorId, subtask, name, data) in final.States)
            {
                pending.AddOperatorState(operatorId, subtask, name, data);
            }

            acknowledged = true;
        }
        finally
        {
            EndSnapshot(id, acknowledged, final.Committables);
        }
    }

    private Pending Start(Func<long, PendingCheckpoint> begin, bool isSavepoint, Action<CompletedCheckpoint>? stop)
    {
        long id = _nextId++;
        var pending = new Pending(begin(id), DateTimeOffset.UtcNow) { Stop = stop };
        foreach (var (key, value) in _properties)
        {
            pending.Checkpoint.SetProperty(key, value);
        }

        _pending[id] = pending;
        var barrier = new CheckpointBarrier(id, isSavepoint);
        foreach (int source in _sources.Where(s => !_finished.ContainsKey(s)))
        {
            // A finishing source answers in FinishSource or, once ended, in FinishSubtask.
            _sourceRequests[source].Enqueue(barrier);
        }

        return pending;
    }

    private void Complete(Pending pending)
    {
        CompletedCheckpoint completed;
        try
        {
            completed = pending.Checkpoint.Complete();
        }
        catch (Exception e)
        {
            pending.Checkpoint.Dispose();
            pending.Completion.TrySetException(e);
            Failed(e.Message);
            return;
        }

        try
        {
            // Committing after the metadata is written: a crash in between is healed by committing again on recovery.
            _faults?.At(FaultPoint.Commit, "checkpoint committer", completed.Id);
            var bySink = pending.Committables.GroupBy(c => c.Sink).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.SelectMany(c => c.Committables)])).ToList();
            _commit(bySink);
        }
        catch (Exception e)
        {
            pending.Completion.TrySetResult(completed);
            _fail(e);
            return;
        }

        DateTimeOffset completedAt = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            LastCompleted = completed;
            CompletedCount++;
            _failedInARow = 0;
            _lastCompletedAt = completedAt;
        }

        Completed?.Invoke(new CheckpointStatistics(
            completed.Id, pending.StartedAt, completedAt - pending.StartedAt, pending.Checkpoint.BytesWritten, completed.TotalBytes, completed.IsSavepoint));

        if (!completed.IsSavepoint)
        {
            _storage.Retain(_options.Retained);
        }

        pending.Stop?.Invoke(completed);
        pending.Completion.TrySetResult(completed);
    }

    private void Abort(Pending pending, string reason)
    {
        if (pending.Aborted)
        {
            return;
        }

        pending.Aborted = true;
        if (pending.Stop is not null)
        {
            // The stopping savepoint failed: the job runs on, and checkpoints resume.
            _stopping = false;
        }
        pending.Completion.TrySetException(new InvalidOperationException($"Checkpoint {pending.Checkpoint.Id} was aborted: {reason}."));
        DisposeIfIdle(pending);
        if (!_disposed && !AllSourcesFinishing)
        {
            Failed(reason);
        }
    }

    private void Failed(string reason)
    {
        FailedCount++;
        if (++_failedInARow > _options.TolerableFailures)
        {
            _fail(new CheckpointFailedException($"{_failedInARow} checkpoint(s) in a row failed (the last because {reason}), more than '{CheckpointingOptions.TolerableFailuresKey}' = {_options.TolerableFailures} allows."));
        }
    }

    private void DisposeIfIdle(Pending pending)
    {
        if (pending.Writers == 0)
        {
            _pending.Remove(pending.Checkpoint.Id);
            pending.Checkpoint.Dispose();
        }
    }

    private sealed class Pending(PendingCheckpoint checkpoint, DateTimeOffset startedAt)
    {
        public PendingCheckpoint Checkpoint { get; } = checkpoint;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public TaskCompletionSource<CompletedCheckpoint> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<(string Sink, IReadOnlyList<string> Committables)> Committables { get; } = [];

        /// <summary>For a stopping savepoint: stops the job once the savepoint is complete.</summary>
        public Action<CompletedCheckpoint>? Stop { get; init; }

        public int Writers { get; set; }

        public int Acknowledged { get; set; }

        public bool Aborted { get; set; }
    }
}

/// <summary>What a source subtask that has ended contributes to every later checkpoint: its operator states and its sink's files.</summary>
internal sealed record FinalSnapshot(
    IReadOnlyList<(string OperatorId, int Subtask, string Name, byte[] Data)> States,
    IReadOnlyList<(string Sink, IReadOnlyList<string> Committables)> Committables);

/// <summary>The job failed because its checkpoints kept failing.</summary>
public sealed class CheckpointFailedException(string message) : Exception(message);
