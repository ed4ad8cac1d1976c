using VecFlow.Engine.Execution;
using VecFlow.Engine.Planning.Logical;
using VecFlow.State.KeyGroups;

namespace VecFlow.Engine.Graph;

/// <summary>Cuts an optimized logical plan into a job graph: operator chains joined by exchanges.</summary>
/// <remarks>
/// Stateless operators (calc, window assignment, sinks) chain onto their input's vertex; in streaming, a sink of a
/// table with a primary key (an upsert sink, keeping the table in keyed state) starts a vertex fed by a hash exchange
/// on the key, as a keyed operator does. Keyed operators (aggregate,
/// join, rank, over) start a vertex fed by hash exchanges on their keys, at the job's parallelism. Operators that need
/// every row in one place (a global sort, limit, keyless aggregate, nested-loop join, scalar subquery) run at
/// parallelism 1 behind a global exchange; a sort with a limit and a limit first keep only their bound locally, so
/// the global step reads little. A union is no operator: its branches feed the consumer's input directly.
/// In streaming, equal deterministic subtrees (<see cref="ReuseOptions"/>, compared by <see cref="PlanStructure"/>) are
/// built once: their vertex ends its chain there (a fork) and has one outgoing edge per consumer; a consumer that would
/// have chained onto it starts a new vertex fed forward.
/// </remarks>
public static class JobGraphBuilder
{
    /// <summary>
    /// Builds the graph of <paramref name="roots"/> (sinks, or one query whose rows are the job's result); a streaming
    /// job shares the equal subtrees <paramref name="reuse"/> allows (default: <see cref="ReuseOptions.Enabled"/>),
    /// a batch job none.
    /// </summary>
    public static JobGraph Build(IReadOnlyList<LogicalNode> roots, int parallelism, int maxParallelism = KeyGroupAssignment.DefaultMaxParallelism, bool streaming = false, ReuseOptions? reuse = null)
    {
        KeyGroupAssignment.Validate(maxParallelism, parallelism);
        var builder = new Builder(parallelism, streaming, streaming ? reuse ?? ReuseOptions.Enabled : ReuseOptions.Disabled);
        builder.CountConsumers(roots);
        foreach (LogicalNode root in roots)
        {
            Output output = builder.Visit(root);
            if (root is not SinkNode)
            {
                builder.MarkResult(output);
            }
        }

        return builder.Finish(maxParallelism);
    }

    private sealed class Draft(int parallelism, int inputCount)
    {
        public List<ChainedOperator> Chain { get; } = [];

        public int Parallelism { get; } = parallelism;

        public int InputCount { get; } = inputCount;

        public bool IsResult { get; set; }

        /// <summary>True once the chain ends in a sink: nothing may chain after it.</summary>
        public bool Closed { get; set; }

        /// <summary>True when the chain ends with a shared subtree: its rows go to several consumers, none chains after it.</summary>
        public bool Forked { get; set; }

        /// <summary>True while the next operator may chain onto this vertex.</summary>
        public bool Open => !Closed && !Forked;

        /// <summary>For a vertex fed forward by a fork, before its head is added: the fork's tail id (its head's input).</summary>
        public string? UpstreamId { get; init; }

        public string TailId => Chain.Count > 0 ? Chain[^1].Id : UpstreamId!;
    }

    private sealed record DraftEdge(Draft Source, Draft Target, int TargetInput, ExchangeKind Kind, IReadOnlyList<int> Keys);

    /// <summary>The open vertices whose chains end with a node's rows (several for a union).</summary>
    private sealed record Output(IReadOnlyList<Draft> Producers)
    {
        public IEnumerable<string> Ids => Producers.Select(p => p.TailId);
    }

    private sealed class Builder(int parallelism, bool streaming, ReuseOptions reuse)
    {
        private readonly List<Draft> _drafts = [];
        private readonly List<DraftEdge> _edges = [];
        private readonly OperatorIds _ids = new();
        private readonly Dictionary<LogicalNode, int> _consumers = new(new PlanStructure());
        private readonly Dictionary<LogicalNode, Output> _shared = new(new PlanStructure());

        /// <summary>
        /// Counts the consumers each shareable subtree will have once equal subtrees are one: a subtree seen before
        /// adds a consumer and is not walked again (its inputs keep the consumers of its first occurrence).
        /// </summary>
        public void CountConsumers(IReadOnlyList<LogicalNode> roots)
        {
            if (reuse.SubPlan || reuse.Source)
            {
                foreach (LogicalNode root in roots)
                {
                    Count(root);
                }
            }
        }

        private void Count(LogicalNode node)
        {
            if (Shareable(node))
            {
                if (_consumers.TryGetValue(node, out int seen))
                {
                    _consumers[node] = seen + 1;
                    return;
                }

                _consumers[node] = 1;
            }

            foreach (LogicalNode input in VisitedInputs(node))
            {
                Count(input);
            }
        }

        /// <summary>The inputs <see cref="Visit"/> builds vertices for (a fused filter's input, a lookup join's probe side only).</summary>
        private IReadOnlyList<LogicalNode> VisitedInputs(LogicalNode node) => node switch
        {
            ProjectNode { Input: FilterNode filter } => [filter.Input],
            JoinNode { Lookup: true } lookup when streaming => [lookup.Left],
            Operators.Streaming.StreamWindowJoinNode windowJoin => [windowJoin.Join.Left, windowJoin.Join.Right],
            _ => node.Inputs,
        };

        private bool Shareable(LogicalNode node) => reuse.Covers(node) && PlanStructure.IsDeterministic(node);

        /// <summary>The output of <paramref name="node"/>: built once when an equal subtree has several consumers (a fork), else built here.</summary>
        public Output Visit(LogicalNode node)
        {
            if (!(_consumers.GetValueOrDefault(node) > 1))
            {
                return Build(node);
            }

            if (_shared.TryGetValue(node, out Output? shared))
            {
                return shared;
            }

            Output output = Build(node);
            foreach (Draft producer in output.Producers)
            {
                producer.Forked = true;
            }

            _shared[node] = output;
            return output;
        }

        private Output Build(LogicalNode node)
        {
            switch (node)
            {
                case ScanNode scan:
                    return Start(parallelism, 0, Operator(node, $"Scan({scan.Table.Name})", node.Describe(), [], OperatorRole.Source));
                case ValuesNode:
                    return Start(1, 0, Operator(node, "Values", node.Describe(), [], OperatorRole.Values));
                case UnionNode union:
                    return new Output([.. union.Branches.SelectMany(b => Visit(b).Producers)]);
                case ProjectNode { Input: FilterNode filter } project:
                    return Chain(Visit(filter.Input), project, "Calc", $"Calc: {filter.Describe()}, {project.Describe()}");
                case FilterNode or ProjectNode:
                    return Chain(Visit(node.Inputs[0]), node, "Calc", "Calc: " + node.Describe());
                case Operators.Streaming.LocalAggregateNode local:
                    return Chain(Visit(local.Input), node, "LocalAggregate", node.Describe());
                case WindowTableNode:
                    return Chain(Visit(node.Inputs[0]), node, "WindowTableFunction", PhysicalOperators.Describe(node));
                case SinkNode sink:
                    {
                        Output input = Visit(sink.Input);
                        if (streaming && sink.Table.PrimaryKey.Count > 0 && !(input.Producers.Count == 1 && input.Producers[0].Parallelism == 1 && input.Producers[0].Open))
                        {
                            // An upsert sink keeps the table by primary key: each subtask owns the key groups of its keys.
                            Output upsert = Exchanged(sink, sink.Describe(), [(input, ExchangeKind.Hash, UpsertKeys(sink))], parallelism, OperatorRole.Sink);
                            upsert.Producers[0].Closed = true;
                            return upsert;
                        }

                        Draft draft = Single(input);
                        draft.Chain.Add(Operator(node, $"Sink({sink.Table.Name})", node.Describe(), [draft.TailId], OperatorRole.Sink));
                        draft.Closed = true;
                        return new Output([draft]);
                    }

                case SortNode or LimitNode when streaming:
                    throw new NotSupportedException($"not supported in streaming mode yet: {PhysicalOperators.Describe(node)}");
                case SortNode { Limit: { } limit } sort:
                    return Global(LocalStep(Visit(sort.Input), sort, limit + sort.Offset), sort);
                case LimitNode limit:
                    return Global(LocalStep(Visit(limit.Input), limit, limit.Limit + limit.Offset), limit);
                case SortNode or SingleRowNode:
                    return Global(Visit(node.Inputs[0]), node);
                case AggregateNode aggregate:
                    return Keyed(aggregate, aggregate.Keys);
                case RankNode rank:
                    return Keyed(rank, rank.PartitionKeys);
                case OverNode over:
                    return Keyed(over, over.PartitionKeys);
                case Operators.Streaming.StreamWindowAggregateNode window:
                    return Keyed(window, window.PartitionKeys);
                case Operators.Streaming.StreamSessionWindowAggregateNode sessionAggregate:
                    return Keyed(sessionAggregate, sessionAggregate.PartitionKeys);
                case SessionWindowNode session:
                    return Keyed(session, session.PartitionKeys);
                case Operators.Streaming.StreamWindowJoinNode windowJoin:
                    return WindowJoin(windowJoin);
                case JoinNode { Lookup: true } lookup when streaming:
                    return LookupJoin(lookup);
                case JoinNode join:
                    return Join(join);
                default:
                    throw new NotSupportedException(streaming ? $"not supported in streaming mode yet: {node.Describe()}" : $"Not supported yet in batch mode: {node.Describe()}");
            }
        }

        public void MarkResult(Output output)
        {
            Draft draft = output.Producers.Count == 1 && output.Producers[0].Open ? output.Producers[0] : Union(output, parallelism);
            draft.IsResult = true;
            draft.Closed = true;
        }

        public JobGraph Finish(int maxParallelism)
        {
            // Drafts are created producers-first, so their creation order is a topological order.
            var index = _drafts.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
            var vertices = _drafts.Select((d, i) => new JobVertex(i, d.Chain, d.Parallelism, d.InputCount, d.IsResult)).ToList();
            var edges = _edges.Select(e => new JobEdge(index[e.Source], index[e.Target], e.TargetInput, e.Kind, e.Keys)).ToList();
            return new JobGraph(vertices, edges, maxParallelism);
        }

        private ChainedOperator Operator(LogicalNode node, string name, string description, IEnumerable<string> inputIds, OperatorRole role, long? local = null) =>
            new(_ids.Next(description, inputIds), name, description, node, role, local);

        private Output Start(int vertexParallelism, int inputs, ChainedOperator head)
        {
            var draft = new Draft(vertexParallelism, inputs);
            draft.Chain.Add(head);
            _drafts.Add(draft);
            return new Output([draft]);
        }

        private Output Chain(Output input, LogicalNode node, string name, string description)
        {
            Draft draft = Single(input);
            draft.Chain.Add(Operator(node, name, description, [draft.TailId], OperatorRole.Transform));
            return new Output([draft]);
        }

        /// <summary>
        /// The one open vertex that carries <paramref name="input"/>'s rows: a new vertex fed forward after a fork, a
        /// union vertex when there are several.
        /// </summary>
        private Draft Single(Output input)
        {
            if (input.Producers.Count == 1 && input.Producers[0].Forked)
            {
                return AfterFork(input.Producers[0]);
            }

            return input.Producers.Count == 1 && !input.Producers[0].Closed ? input.Producers[0] : Union(input, input.Producers.Max(p => p.Parallelism));
        }

        /// <summary>A vertex (its head still to add) fed forward by a shared subtree's vertex, at its parallelism.</summary>
        private Draft AfterFork(Draft fork)
        {
            var draft = new Draft(fork.Parallelism, 1) { UpstreamId = fork.TailId };
            _drafts.Add(draft);
            _edges.Add(new DraftEdge(fork, draft, 0, ExchangeKind.Forward, []));
            return draft;
        }

        private Draft Union(Output input, int vertexParallelism)
        {
            var union = new Draft(vertexParallelism, 1);
            union.Chain.Add(Operator(new UnionNode([.. input.Producers.Select(p => p.Chain[^1].Node)]), "Union", "Union", input.Ids, OperatorRole.Transform));
            _drafts.Add(union);
            foreach (Draft producer in input.Producers)
            {
                _edges.Add(new DraftEdge(producer, union, 0, producer.Parallelism == vertexParallelism ? ExchangeKind.Forward : ExchangeKind.Rebalance, []));
            }

            return union;
        }

        /// <summary>A local copy of a bounded sort or limit on each producer, so the global step reads at most the bound per producer.</summary>
        private Output LocalStep(Output input, LogicalNode node, long bound)
        {
            if (input.Producers.All(p => p.Parallelism == 1) && input.Producers.Count == 1)
            {
                return input;
            }

            Draft draft = Single(input);
            string description = $"Local{PhysicalOperators.Describe(node)}";
            draft.Chain.Add(Operator(node, NameOf(description), description, [draft.TailId], OperatorRole.Transform, bound));
            return new Output([draft]);
        }

        private Output Global(Output input, LogicalNode node)
        {
            string description = PhysicalOperators.Describe(node);
            if (input.Producers.Count == 1 && input.Producers[0].Parallelism == 1 && input.Producers[0].Open)
            {
                return Chain(input, node, NameOf(description), description);
            }

            return Exchanged(node, description, [(input, ExchangeKind.Global, [])], 1);
        }

        private Output Keyed(LogicalNode node, IReadOnlyList<int> keys)
        {
            Output input = Visit(node.Inputs[0]);
            if (keys.Count == 0 || parallelism == 1)
            {
                return Global(input, node);
            }

            return Exchanged(node, PhysicalOperators.Describe(node), [(input, ExchangeKind.Hash, keys)], parallelism);
        }

        private Output Join(JoinNode join)
        {
            IReadOnlyList<int> feeds = PhysicalOperators.Create(join).Feeds;
            bool hashed = join.LeftKeys.Count > 0 && parallelism > 1;
            bool broadcast = hashed && join.Broadcast && !streaming && feeds[0] == 1;
            var inputs = feeds.Select(side =>
            {
                Output input = Visit(join.Inputs[side]);
                if (broadcast)
                {
                    // Every subtask gets all build rows; probe rows stay on their subtask (forward) when they can.
                    ExchangeKind probe = input.Producers.All(p => p.Parallelism == parallelism) ? ExchangeKind.Forward : ExchangeKind.Rebalance;
                    return (input, side == 1 ? ExchangeKind.Broadcast : probe, (IReadOnlyList<int>)[]);
                }

                return (input, hashed ? ExchangeKind.Hash : ExchangeKind.Global, side == 0 ? join.LeftKeys : join.RightKeys);
            }).ToList();
            string description = PhysicalOperators.Describe(join);
            if (streaming && Planning.StreamIntervalJoinRule.Bounds(join) is { } bounds)
            {
                // Shown as an interval join; the id stays the one of its plain description, so savepoints keep matching.
                return Exchanged(join, $"IntervalJoin(time=[{bounds}], {join.Describe()[5..]}", inputs, hashed ? parallelism : 1, definition: description);
            }

            return Exchanged(join, description, inputs, hashed ? parallelism : 1);
        }

        /// <summary>
        /// A streaming temporal join chains onto its probe side: each subtask loads the whole table itself when it
        /// opens, so the table side is no vertex of the graph.
        /// </summary>
        private Output LookupJoin(JoinNode join)
        {
            if (Planning.ChangelogMode.IsUpdating(join.Left))
            {
                throw new NotSupportedException($"not supported in streaming mode: a temporal join over an updating input (its probe side comes from {Planning.ChangelogMode.UpdatingOperator(join.Left)}); join the lookup table before aggregating");
            }

            string description = $"LookupJoin(table=[{LookupTable(join.Right).Name}], {join.Describe()[5..]}";
            return Chain(Visit(join.Left), join, "LookupJoin", description);
        }

        private static Catalog.CatalogTable LookupTable(LogicalNode side) => side switch
        {
            ScanNode scan => scan.Table,
            FilterNode or ProjectNode => LookupTable(side.Inputs[0]),
            _ => throw new NotSupportedException($"not supported in streaming mode: a temporal join whose table side is {side.Describe()}; the table side must be a table read as it is"),
        };

        /// <summary>A window join reads its left side as input 0 and its right as input 1, each hashed on its equi keys (the window columns among them).</summary>
        private Output WindowJoin(Operators.Streaming.StreamWindowJoinNode join)
        {
            ExchangeKind kind = parallelism > 1 ? ExchangeKind.Hash : ExchangeKind.Global;
            return Exchanged(join, PhysicalOperators.Describe(join), [(Visit(join.Left), kind, join.Join.LeftKeys), (Visit(join.Right), kind, join.Join.RightKeys)], parallelism > 1 ? parallelism : 1);
        }

        // definition: what the operator id derives from and its name is taken from, when not the description shown.
        private Output Exchanged(LogicalNode node, string description, IReadOnlyList<(Output Input, ExchangeKind Kind, IReadOnlyList<int> Keys)> inputs, int vertexParallelism, OperatorRole role = OperatorRole.Transform, string? definition = null)
        {
            string name = role == OperatorRole.Sink ? $"Sink({((SinkNode)node).Table.Name})" : NameOf(definition ?? description);
            ChainedOperator head = new(_ids.Next(definition ?? description, inputs.SelectMany(i => i.Input.Ids)), name, description, node, role);
            Output output = Start(vertexParallelism, inputs.Count, head);
            Draft target = output.Producers[0];
            for (int i = 0; i < inputs.Count; i++)
            {
                foreach (Draft producer in inputs[i].Input.Producers)
                {
                    producer.Closed = true;
                    ExchangeKind kind = vertexParallelism == 1 ? ExchangeKind.Global : inputs[i].Kind;
                    _edges.Add(new DraftEdge(producer, target, i, kind, kind == ExchangeKind.Hash ? inputs[i].Keys : []));
                }
            }

            return output;
        }

        /// <summary>The primary key's positions among the sink's columns (its input's columns, in table order).</summary>
        private static IReadOnlyList<int> UpsertKeys(SinkNode sink) =>
            [.. sink.Table.PrimaryKey.Select(k => sink.Table.PhysicalSchema.IndexOf(k))];

        private static string NameOf(string description)
        {
            int paren = description.IndexOf('(', StringComparison.Ordinal);
            return paren > 0 ? description[..paren] : description;
        }
    }
}
