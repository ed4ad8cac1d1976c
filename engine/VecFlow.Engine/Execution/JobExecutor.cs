using System.Buffers.Binary;
using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Runtime.Channels;
using VecFlow.State.Backends;
using VecFlow.State.Checkpoints;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Execution;

/// <summary>Runs a job, batch or streaming: its job graph's subtasks in parallel, connected by channels with backpressure.</summary>
/// <remarks>
/// The plan is cut into a <see cref="JobGraph"/>; every vertex runs as <c>parallelism</c> subtasks on their own threads
/// (through an <see cref="ISubtaskExecutor"/>), so a hash join's probe side simply waits on its channels' credits while
/// the build side runs. The first failing subtask cancels the others; the job then fails with that subtask's error and
/// every buffer in flight is released.
/// A streaming job checkpoints (<see cref="CheckpointingOptions"/>): sinks write exactly once (their files become
/// visible with the checkpoint that covers their rows, or at the job's successful end); after a failure the restart
/// strategy restores every subtask from the latest completed checkpoint (or the savepoint the job started from) and
/// the sources replay from their recorded positions. Restoring matches state to operators by stable operator id, at
/// any parallelism (state moves by key-group range).
/// </remarks>
public sealed class JobExecutor(ExecutionSettings settings)
{
    /// <summary>Credits per channel: how many batches may wait between a producer and a consumer subtask.</summary>
    private const int CreditsPerChannel = 4;

    private readonly List<OperatorRun> _operators = [];
    private readonly List<IKeyedStateBackend> _backends = [];
    private volatile CheckpointCoordinator? _coordinator;
    private volatile string? _stoppedWith;
    private CancellationTokenSource? _stop;
    private CompletedCheckpoint? _restoring;
    private int _restarts;
    private readonly List<DateTimeOffset> _failures = [];
    private readonly List<CheckpointStatistics> _checkpointHistory = [];
    private long _restoreTicks = -1;

    /// <summary>Every operator instance of the last run (one per operator per subtask), in graph order; a snapshot, safe from any thread.</summary>
    public IReadOnlyList<OperatorRun> Operators
    {
        get
        {
            lock (_operators)
            {
                return [.. _operators];
            }
        }
    }

    /// <summary>The graph of the last run.</summary>
    public JobGraph? Graph { get; private set; }

    /// <summary>How many times the running job restarted after a failure.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Checkpoints completed and failed in the current attempt, and the last completed one.</summary>
    public (int Completed, int Failed, CompletedCheckpoint? Last) CheckpointCounts =>
        _coordinator is { } c ? (c.CompletedCount, c.FailedCount, c.LastCompleted) : (0, 0, null);

    /// <summary>The figures of every checkpoint completed so far, over all attempts, in order; a snapshot, safe from any thread.</summary>
    public IReadOnlyList<CheckpointStatistics> CheckpointHistory
    {
        get
        {
            lock (_checkpointHistory)
            {
                return [.. _checkpointHistory];
            }
        }
    }

    /// <summary>How long the last attempt that restored from a checkpoint took to deploy (state restored, before its sources start); null before any restore.</summary>
    public TimeSpan? LastRestoreDuration
    {
        get
        {
            long ticks = Interlocked.Read(ref _restoreTicks);
            return ticks >= 0 ? TimeSpan.FromTicks(ticks) : null;
        }
    }

    /// <summary>The savepoint the job stopped with (<see cref="StopWithSavepoint"/>), once it has stopped.</summary>
    public string? StoppedWithSavepoint => _stoppedWith;

    /// <summary>Takes a savepoint of the running streaming job into <paramref name="directory"/> and returns its path.</summary>
    public async Task<string> TriggerSavepoint(string directory, CancellationToken cancellation = default)
    {
        CheckpointCoordinator coordinator = _coordinator
            ?? throw new InvalidOperationException("Only a running streaming job takes savepoints; this job is not running or runs in batch mode.");
        CompletedCheckpoint savepoint = await coordinator.TriggerSavepoint(Path.GetFullPath(directory)).WaitAsync(cancellation).ConfigureAwait(false);
        return savepoint.Directory;
    }

    /// <summary>
    /// Takes a savepoint and stops the job with it (its run returns normally; <see cref="StoppedWithSavepoint"/> says
    /// where): no checkpoint starts after the savepoint, the sources emit nothing after its barrier, and the job is
    /// cancelled as soon as the savepoint is complete, so what the sinks committed is exactly the savepoint's output.
    /// </summary>
    public async Task<string> StopWithSavepoint(string directory, CancellationToken cancellation = default)
    {
        CheckpointCoordinator coordinator = _coordinator
            ?? throw new InvalidOperationException("Only a running streaming job takes savepoints; this job is not running or runs in batch mode.");
        CancellationTokenSource? stop = _stop;
        CompletedCheckpoint savepoint = await coordinator.TriggerSavepoint(Path.GetFullPath(directory), completed =>
        {
            _stoppedWith = completed.Directory;
            stop?.Cancel();
        }).WaitAsync(cancellation).ConfigureAwait(false);
        return savepoint.Directory;
    }

    /// <summary>Runs <paramref name="root"/>, handing each result batch to <paramref name="output"/> (from one thread at a time).</summary>
    public void Run(LogicalNode root, IBatchCollector output) => Run([root], output);

    /// <summary>Runs several roots as one job (a statement set's sinks, or one query whose rows go to <paramref name="output"/>).</summary>
    public void Run(IReadOnlyList<LogicalNode> roots, IBatchCollector output)
    {
        JobGraph graph = JobGraphBuilder.Build(roots, settings.Parallelism, settings.MaxParallelism, settings.Streaming, settings.Reuse);
        Run(graph, output);
    }

    /// <summary>Runs a job graph built elsewhere (decoded from protobuf, for example); its result rows go to <paramref name="output"/>.</summary>
    public void Run(JobGraph graph, IBatchCollector output)
    {
        Graph = graph;
        Execute(graph, new SynchronizedCollector(output));
    }

    internal static TableContext Describe(CatalogTable table) =>
        new(table.Name, table.PhysicalSchema, new ConnectorOptions(table.Name, table.Options), table.PartitionKeys, table.PrimaryKey);

    private void Execute(JobGraph graph, IBatchCollector result)
    {
        CheckpointingOptions options = settings.Checkpointing;
        CheckpointStorage? storage = null;
        string? checkpointRoot = null;
        if (settings.Streaming)
        {
            checkpointRoot = Path.Combine(options.Directory ?? Path.Combine(settings.SpillDirectory, "checkpoints"), settings.JobId);
            storage = new CheckpointStorage(checkpointRoot);
        }

        CompletedCheckpoint? restore = settings.RestoreFrom;
        if (restore is not null)
        {
            SavepointMatch.Check(graph, restore, options.IgnoreUnclaimedState);
        }

        long nextId = (restore?.Id ?? 0) + 1;
        List<DateTimeOffset> failures = _failures;
        failures.Clear();
        bool finished = false;
        using var stop = new CancellationTokenSource();
        _stop = stop;
        try
        {
            while (true)
            {
                try
                {
                    RunAttempt(graph, result, storage, restore, ref nextId, stop.Token);
                    finished = true;
                    return;
                }
                catch (Exception e) when (_stoppedWith is not null && e is OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (Restartable(e, graph))
                {
                    failures.Add(DateTimeOffset.UtcNow);
                    if (options.Restart.NextDelay(failures, DateTimeOffset.UtcNow) is not { } delay)
                    {
                        throw;
                    }

                    Interlocked.Increment(ref _restarts);
                    if (delay > TimeSpan.Zero)
                    {
                        settings.Cancellation.WaitHandle.WaitOne(delay);
                    }

                    settings.Cancellation.ThrowIfCancellationRequested();
                    restore = storage!.Latest() ?? settings.RestoreFrom;
                }
            }
        }
        finally
        {
            _stop = null;
            bool cancelled = settings.Cancellation.IsCancellationRequested || _stoppedWith is not null;
            if (checkpointRoot is not null && Directory.Exists(checkpointRoot) && !options.RetainOnCancellation && (finished || cancelled))
            {
                TryDelete(checkpointRoot);
            }
        }
    }

    /// <summary>A failure the restart strategy may heal: not a cancellation by the user, in a job whose output can be replayed.</summary>
    private bool Restartable(Exception e, JobGraph graph) =>
        settings.Streaming
        && !settings.Cancellation.IsCancellationRequested
        && e is not SavepointMismatchException
        // A query's rows go straight to the caller, so replaying would repeat them; INSERT jobs commit through sinks.
        && !graph.Vertices.Any(v => v.IsResult);

    /// <summary>One attempt of the job: deploy (restoring from <paramref name="restore"/>), run, and commit the sinks' files.</summary>
    private void RunAttempt(JobGraph graph, IBatchCollector result, CheckpointStorage? storage, CompletedCheckpoint? restore, ref long nextId, CancellationToken stop)
    {
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(settings.Cancellation, stop);
        Exception? coordinatorError = null;
        var runSettings = settings.With(failure.Token);
        var gates = new List<InputGate>();
        lock (_operators)
        {
            _operators.Clear();
        }

        CheckpointCoordinator? coordinator = null;
        try
        {
            _restoring = restore;
            if (restore is not null)
            {
                // Files of the restored checkpoint may not have been committed before the failure: commit them (again).
                CommitSinks(graph, [.. SinkIds(graph).Select(id => (id, (IReadOnlyList<string>)[.. restore.OperatorState(id, SubtaskRun.CommittablesState).SelectMany(s => CommittableList.Decode(s.Data))]))]);
            }

            long deployStart = System.Diagnostics.Stopwatch.GetTimestamp();
            List<SubtaskRun> subtasks = Deploy(graph, result, runSettings, gates);
            if (restore is not null)
            {
                Interlocked.Exchange(ref _restoreTicks, System.Diagnostics.Stopwatch.GetElapsedTime(deployStart).Ticks);
            }
            if (storage is not null)
            {
                var participants = subtasks.Where(s => s.Vertex.Chain[0].Role != OperatorRole.Values).ToList();
                var sources = participants.Where(s => s.Vertex.Chain[0].Role == OperatorRole.Source).Select(s => s.Key).ToList();
                coordinator = new CheckpointCoordinator(settings.Checkpointing, storage, participants.Count, sources, nextId,
                    committables => CommitSinks(graph, committables),
                    e =>
                    {
                        coordinatorError ??= e;
                        failure.Cancel();
                    },
                    settings.Faults,
                    Properties(graph, subtasks))
                {
                    Completed = stats =>
                    {
                        lock (_checkpointHistory)
                        {
                            _checkpointHistory.Add(stats);
                        }
                    },
                };
                foreach (SubtaskRun run in subtasks)
                {
                    run.Checkpoints = coordinator;
                }

                _coordinator = coordinator;
            }

            ISubtaskExecutor executor = settings.Executor ?? new ThreadSubtaskExecutor();
            var tasks = subtasks.Select(s => executor.Run($"{s.Vertex.Name} ({s.Subtask + 1}/{s.Vertex.Parallelism})", () =>
            {
                try
                {
                    s.Run();
                }
                catch
                {
                    failure.Cancel();
                    throw;
                }
            })).ToArray();
            try
            {
                Task.WaitAll(tasks, CancellationToken.None);
            }
            catch (AggregateException)
            {
                settings.Cancellation.ThrowIfCancellationRequested();
                stop.ThrowIfCancellationRequested();
                Exception first = coordinatorError
                    ?? tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException)
                    ?? new OperationCanceledException();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }

            if (coordinator is not null)
            {
                // The job has finished: what its sinks wrote since the last checkpoint becomes visible now.
                coordinator.Dispose();
                CommitFinal(graph, [.. subtasks.SelectMany(s => s.FinalCommittables)]);
            }
        }
        finally
        {
            if (coordinator is not null)
            {
                nextId = coordinator.NextId;
                coordinator.Dispose();
            }

            _coordinator = null;
            _restoring = null;
            gates.ForEach(g => g.Dispose());
            _backends.ForEach(b => b.Dispose());
            _backends.Clear();
        }
    }

    /// <summary>
    /// Commits the sinks' last files once every subtask has finished. Committing is idempotent, so a failure here is
    /// retried (as the restart strategy allows) without running the job again: its rows are all prepared.
    /// </summary>
    private void CommitFinal(JobGraph graph, IReadOnlyList<(string Sink, IReadOnlyList<string> Committables)> committables)
    {
        while (true)
        {
            try
            {
                settings.Faults?.At(FaultPoint.Commit, "final commit", 0);
                CommitSinks(graph, committables);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && RestartDelay() is { } delay)
            {
                Interlocked.Increment(ref _restarts);
                settings.Cancellation.WaitHandle.WaitOne(delay);
                settings.Cancellation.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Records a failure; the delay before trying again, or null when the restart strategy gives up.</summary>
    private TimeSpan? RestartDelay()
    {
        _failures.Add(DateTimeOffset.UtcNow);
        return settings.Checkpointing.Restart.NextDelay(_failures, DateTimeOffset.UtcNow);
    }

    /// <summary>Job facts a restore needs: each source's split plan, each operator's name (for messages).</summary>
    private static Dictionary<string, string> Properties(JobGraph graph, List<SubtaskRun> subtasks)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["job.max-parallelism"] = graph.MaxParallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (ChainedOperator op in graph.Vertices.SelectMany(v => v.Chain))
        {
            properties[$"operator.{op.Id}.name"] = op.Name;
        }

        foreach (SubtaskRun run in subtasks.Where(s => s.Vertex.Chain[0].Role == OperatorRole.Source && s.Subtask == 0))
        {
            properties[SplitPlanKey(run.Vertex.Chain[0].Id)] = run.SplitPlanParallelism.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return properties;
    }

    private static string SplitPlanKey(string sourceId) => $"source.{sourceId}.split-plan-parallelism";

    private static IEnumerable<string> SinkIds(JobGraph graph) =>
        graph.Vertices.SelectMany(v => v.Chain).Where(op => op.Role == OperatorRole.Sink).Select(op => op.Id);

    /// <summary>Makes the sinks' prepared files visible (idempotent: committing twice changes nothing).</summary>
    private void CommitSinks(JobGraph graph, IReadOnlyList<(string Sink, IReadOnlyList<string> Committables)> committables)
    {
        var sinks = graph.Vertices.SelectMany(v => v.Chain).Where(op => op.Role == OperatorRole.Sink).ToDictionary(op => op.Id, op => (SinkNode)op.Node);
        foreach (var group in committables.Where(c => c.Committables.Count > 0).GroupBy(c => c.Sink))
        {
            if (!sinks.TryGetValue(group.Key, out SinkNode? sink))
            {
                continue;
            }

            TableContext table = Describe(sink.Table);
            settings.Connector(sink.Table, table).CreateSink(table).Commit([.. group.SelectMany(c => c.Committables)]);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Creates every subtask with its contexts, gates and output writer; plans each source's splits once.</summary>
    private List<SubtaskRun> Deploy(JobGraph graph, IBatchCollector result, ExecutionSettings runSettings, List<InputGate> allGates)
    {
        var gates = new Dictionary<(int Vertex, int Subtask), InputGate[]>();
        var subtasks = new List<SubtaskRun>();
        foreach (JobVertex vertex in graph.Vertices)
        {
            int splitPlan = vertex.Parallelism;
            if (_restoring?.Properties.GetValueOrDefault(SplitPlanKey(vertex.Chain[0].Id)) is { } planned
                && int.TryParse(planned, System.Globalization.CultureInfo.InvariantCulture, out int restoredPlan))
            {
                // The restored positions are positions in the split plan the checkpoint was taken with.
                splitPlan = restoredPlan;
            }

            (ITableSource Source, IReadOnlyList<SourceSplit> Splits)? source = vertex.Chain[0].Role == OperatorRole.Source ? PlanSource((ScanNode)vertex.Chain[0].Node, splitPlan) : null;
            Dictionary<int, SplitPosition> positions = source is null || _restoring is null
                ? []
                : _restoring.OperatorState(vertex.Chain[0].Id, SplitPosition.StateName).SelectMany(s => SplitPosition.Decode(s.Data)).ToDictionary(p => p.Split);
            long? restoredWatermark = null;
            if (_restoring is not null && vertex.Chain[0].Role == OperatorRole.Transform)
            {
                var marks = _restoring.OperatorState(vertex.Chain[0].Id, SubtaskRun.WatermarkState).Select(s => BinaryPrimitives.ReadInt64LittleEndian(s.Data)).ToList();
                restoredWatermark = marks.Count > 0 ? marks.Min() : null;
            }

            for (int s = 0; s < vertex.Parallelism; s++)
            {
                // Batch reads input after input, each from its own gate; a streaming subtask reads all inputs from one.
                var vertexGates = new InputGate[vertex.InputCount];
                for (int i = 0; i < vertexGates.Length; i++)
                {
                    vertexGates[i] = runSettings.Streaming && i > 0 ? vertexGates[0] : new InputGate(CreditsPerChannel, runSettings.Cancellation);
                    if (i == 0 || !runSettings.Streaming)
                    {
                        allGates.Add(vertexGates[i]);
                    }
                }

                gates[(vertex.Index, s)] = vertexGates;
                var contexts = vertex.Chain.Select((op, i) => NewContext(vertex, op, i, s, runSettings.Cancellation)).ToList();
                var run = new SubtaskRun(vertex, s, contexts, vertexGates, runSettings) { Key = subtasks.Count, RestoredWatermark = restoredWatermark };
                if (source is { } plan)
                {
                    run.Source = plan.Source;
                    run.SplitPlanParallelism = splitPlan;
                    run.SplitIndices = [.. Enumerable.Range(0, plan.Splits.Count).Where(i => i % vertex.Parallelism == s)];
                    run.Splits = [.. run.SplitIndices.Select(i => plan.Splits[i])];
                    run.RestoredSplits = positions;
                }

                subtasks.Add(run);
            }
        }

        // Wire each producer subtask's output to its consumers' gates.
        foreach (SubtaskRun run in subtasks)
        {
            if (run.Vertex.IsResult)
            {
                run.Output = result;
                continue;
            }

            // A shared subtree's vertex has one edge per consumer: its subtasks send everything to each (a tee).
            var writers = graph.OutputsOf(run.Vertex.Index).Select(edge =>
            {
                JobVertex target = graph.Vertices[edge.Target];
                IReadOnlyList<IChannelWriter> channels = edge.Kind switch
                {
                    ExchangeKind.Forward => [gates[(target.Index, run.Subtask)][edge.TargetInput].AddChannel(edge.TargetInput)],
                    ExchangeKind.Global => [gates[(target.Index, 0)][edge.TargetInput].AddChannel(edge.TargetInput)],
                    _ => [.. Enumerable.Range(0, target.Parallelism).Select(t => gates[(target.Index, t)][edge.TargetInput].AddChannel(edge.TargetInput))],
                };
                return new ExchangeWriter(edge.Kind, edge.Keys, channels, graph.MaxParallelism, settings.Pool);
            }).ToList();
            run.Output = writers.Count switch
            {
                0 => null,
                1 => writers[0],
                _ => new ExchangeTee(writers),
            };
        }

        return subtasks;
    }

    private (ITableSource, IReadOnlyList<SourceSplit>) PlanSource(ScanNode scan, int parallelism)
    {
        CatalogTable table = scan.Table;
        TableContext context = Describe(table);
        ITableSource source = settings.Connector(table, context).CreateSource(context);
        if (!source.IsBounded && !settings.Streaming)
        {
            throw new ConnectorException($"Table '{table.Name}' is unbounded, so a batch job cannot read it to the end; bound it (e.g. 'events.num' or 'number-of-rows') or run in streaming mode.");
        }

        return (source, source.PlanSplits(parallelism));
    }

    private OperatorContext NewContext(JobVertex vertex, ChainedOperator op, int position, int subtask, CancellationToken cancellation)
    {
        string spill = Path.Combine(settings.SpillDirectory, $"{vertex.Index}-{position}-{op.Name}-{subtask}");
        var context = new OperatorContext(settings.Pool, new MemoryBudget(settings.MemoryPerOperator), spill, subtask, vertex.Parallelism, cancellation)
        {
            BatchRows = settings.BatchRows,
            ExactlyOnce = settings.Streaming,
            StateTtl = settings.Streaming ? VecFlow.State.Descriptors.StateTtl.FromMilliseconds((long)settings.StateTtl.TotalMilliseconds) : null,
            KeyedState = settings.Streaming && IsStateful(op) ? NewBackend(op, subtask, vertex.Parallelism) : null,
            TableSources = table => settings.Connector(table, Describe(table)).CreateSource(Describe(table)),
        };
        lock (_operators)
        {
            _operators.Add(new OperatorRun(op.Id, op.Name, op.Description, subtask, context));
        }

        return context;
    }

    /// <summary>Streaming operators that keep keyed state: stateful transforms, and upsert sinks (a table with a primary key), which keep the table.</summary>
    private static bool IsStateful(ChainedOperator op) =>
        (op.Role == OperatorRole.Transform && op.Node is not (FilterNode or ProjectNode or UnionNode or WindowTableNode or JoinNode { Lookup: true }))
        || (op.Role == OperatorRole.Sink && op.Node is SinkNode { Table.PrimaryKey.Count: > 0 });

    /// <summary>The keyed state of one stateful operator subtask, owning its share of the key groups.</summary>
    private IKeyedStateBackend NewBackend(ChainedOperator op, int subtask, int parallelism)
    {
        KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, settings.MaxParallelism, parallelism);
        var options = new StateBackendOptions { MaxParallelism = settings.MaxParallelism, WriteCacheBytes = settings.StateCacheBytes, Clock = settings.Clock };
        string directory = Path.Combine(settings.StateDirectory ?? Path.Combine(settings.SpillDirectory, "state"), $"{op.Id}-{subtask}-{Guid.NewGuid():N}");
        bool restored = _restoring?.KeyedOperators.Contains(op.Id) == true;
        IKeyedStateBackend backend = (settings.StateBackend, restored) switch
        {
            (StateBackendKind.Heap, true) => _restoring!.RestoreHeap(op.Id, range, options),
            (StateBackendKind.Heap, false) => new HeapKeyedStateBackend(range, options),
            (_, true) => _restoring!.RestoreRocksDb(op.Id, directory, range, options),
            _ => new RocksDbKeyedStateBackend(directory, range, options),
        };
        _backends.Add(backend);
        return backend;
    }

    /// <summary>Serializes result batches from parallel subtasks into the caller's collector.</summary>
    private sealed class SynchronizedCollector(IBatchCollector inner) : IBatchCollector
    {
        private readonly Lock _lock = new();

        public void Collect(ColumnBatch batch)
        {
            lock (_lock)
            {
                inner.Collect(batch);
            }
        }
    }
}

/// <summary>One operator instance of a run: which operator (by stable id), which subtask, and its metrics.</summary>
public sealed record OperatorRun(string Id, string Name, string Description, int Subtask, OperatorContext Context);
