using VecFlow.Engine.Catalog;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Runtime.Channels;
using VecFlow.State.Backends;
using VecFlow.State.KeyGroups;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Execution;

/// <summary>Runs a job, batch or streaming: its job graph's subtasks in parallel, connected by channels with backpressure.</summary>
/// <remarks>
/// The plan is cut into a <see cref="JobGraph"/>; every vertex runs as <c>parallelism</c> subtasks on their own threads
/// (through an <see cref="ISubtaskExecutor"/>), so a hash join's probe side simply waits on its channels' credits while
/// the build side runs. The first failing subtask cancels the others; the job then fails with that subtask's error and
/// every buffer in flight is released.
/// </remarks>
public sealed class JobExecutor(ExecutionSettings settings)
{
    /// <summary>Credits per channel: how many batches may wait between a producer and a consumer subtask.</summary>
    private const int CreditsPerChannel = 4;

    private readonly List<OperatorRun> _operators = [];
    private readonly List<IKeyedStateBackend> _backends = [];

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

    /// <summary>Runs <paramref name="root"/>, handing each result batch to <paramref name="output"/> (from one thread at a time).</summary>
    public void Run(LogicalNode root, IBatchCollector output) => Run([root], output);

    /// <summary>Runs several roots as one job (a statement set's sinks, or one query whose rows go to <paramref name="output"/>).</summary>
    public void Run(IReadOnlyList<LogicalNode> roots, IBatchCollector output)
    {
        JobGraph graph = JobGraphBuilder.Build(roots, settings.Parallelism, settings.MaxParallelism, settings.Streaming);
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
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(settings.Cancellation);
        var runSettings = settings.With(failure.Token);
        var gates = new List<InputGate>();
        try
        {
            List<SubtaskRun> subtasks = Deploy(graph, result, runSettings, gates);
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
                Task.WaitAll(tasks);
            }
            catch (AggregateException)
            {
                settings.Cancellation.ThrowIfCancellationRequested();
                Exception first = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException)
                    ?? new OperationCanceledException();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
        }
        finally
        {
            gates.ForEach(g => g.Dispose());
            _backends.ForEach(b => b.Dispose());
            _backends.Clear();
        }
    }

    /// <summary>Creates every subtask with its contexts, gates and output writer; plans each source's splits once.</summary>
    private List<SubtaskRun> Deploy(JobGraph graph, IBatchCollector result, ExecutionSettings runSettings, List<InputGate> allGates)
    {
        var gates = new Dictionary<(int Vertex, int Subtask), InputGate[]>();
        var subtasks = new List<SubtaskRun>();
        foreach (JobVertex vertex in graph.Vertices)
        {
            (ITableSource Source, IReadOnlyList<SourceSplit> Splits)? source = vertex.Chain[0].Role == OperatorRole.Source ? PlanSource((ScanNode)vertex.Chain[0].Node, vertex.Parallelism) : null;
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
                var run = new SubtaskRun(vertex, s, contexts, vertexGates, runSettings);
                if (source is { } planned)
                {
                    run.Source = planned.Source;
                    run.Splits = [.. planned.Splits.Where((_, i) => i % vertex.Parallelism == s)];
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

            if (graph.OutputOf(run.Vertex.Index) is not { } edge)
            {
                continue;
            }

            JobVertex target = graph.Vertices[edge.Target];
            IReadOnlyList<IChannelWriter> channels = edge.Kind switch
            {
                ExchangeKind.Forward => [gates[(target.Index, run.Subtask)][edge.TargetInput].AddChannel(edge.TargetInput)],
                ExchangeKind.Global => [gates[(target.Index, 0)][edge.TargetInput].AddChannel(edge.TargetInput)],
                _ => [.. Enumerable.Range(0, target.Parallelism).Select(t => gates[(target.Index, t)][edge.TargetInput].AddChannel(edge.TargetInput))],
            };
            run.Output = new ExchangeWriter(edge.Kind, edge.Keys, channels, graph.MaxParallelism, settings.Pool);
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
            KeyedState = settings.Streaming && IsStateful(op) ? NewBackend(op, subtask, vertex.Parallelism) : null,
        };
        lock (_operators)
        {
            _operators.Add(new OperatorRun(op.Id, op.Name, op.Description, subtask, context));
        }

        return context;
    }

    private static bool IsStateful(ChainedOperator op) =>
        op.Role == OperatorRole.Transform && op.Node is not (FilterNode or ProjectNode or UnionNode or WindowTableNode);

    /// <summary>The keyed state of one stateful operator subtask, owning its share of the key groups.</summary>
    private IKeyedStateBackend NewBackend(ChainedOperator op, int subtask, int parallelism)
    {
        KeyGroupRange range = KeyGroupAssignment.RangeOf(subtask, settings.MaxParallelism, parallelism);
        var options = new StateBackendOptions { MaxParallelism = settings.MaxParallelism };
        IKeyedStateBackend backend = settings.StateBackend == StateBackendKind.Heap
            ? new HeapKeyedStateBackend(range, options)
            : new RocksDbKeyedStateBackend(Path.Combine(settings.StateDirectory ?? Path.Combine(settings.SpillDirectory, "state"), $"{op.Id}-{subtask}-{Guid.NewGuid():N}"), range, options);
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
