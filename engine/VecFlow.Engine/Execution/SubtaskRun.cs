using VecFlow.Engine.Connectors;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Runtime.Channels;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Execution;

/// <summary>One subtask of a vertex: its chain of operator instances, its input gates, and where its output goes.</summary>
/// <remarks>
/// The head reads its inputs in the head operator's input order, each to its end (a hash join's build side before its
/// probe side), then every chained operator sees the end of its input in chain order, so blocking operators emit
/// downstream before the subtask ends its output channels.
/// </remarks>
internal sealed class SubtaskRun(JobVertex vertex, int subtask, IReadOnlyList<OperatorContext> contexts, IReadOnlyList<InputGate> gates, ExecutionSettings settings)
{
    public JobVertex Vertex { get; } = vertex;

    public int Subtask { get; } = subtask;

    /// <summary>Where the chain's output goes: an exchange, or the job's result; null when the chain ends in a sink.</summary>
    public IBatchCollector? Output { get; set; }

    /// <summary>The splits this subtask reads when the head is a source.</summary>
    public IReadOnlyList<SourceSplit> Splits { get; set; } = [];

    public ITableSource? Source { get; set; }

    public void Run()
    {
        var operators = new List<IBatchOperator>();
        ISinkWriter? sink = null;
        try
        {
            IBatchCollector downstream = Output ?? new DiscardCollector();
            var steps = new List<(IBatchOperator Op, IBatchCollector Next)>();
            for (int i = Vertex.Chain.Count - 1; i >= 1; i--)
            {
                ChainedOperator op = Vertex.Chain[i];
                if (op.Role == OperatorRole.Sink)
                {
                    sink = OpenSink((SinkNode)op.Node, contexts[i]);
                    downstream = new SinkCollector(sink, ((SinkNode)op.Node).Table.PhysicalSchema, contexts[i], settings);
                    continue;
                }

                IBatchOperator instance = ChainFactory.Create(op);
                operators.Add(instance);
                instance.Open(contexts[i]);
                steps.Insert(0, (instance, downstream));
                downstream = new OperatorInput(instance, 0, downstream);
            }

            RunHead(Vertex.Chain[0], contexts[0], downstream, operators);
            foreach (var (op, next) in steps)
            {
                op.EndInput(0, next);
            }

            sink?.Finish();
            (Output as ExchangeWriter)?.Finish();
        }
        finally
        {
            foreach (IBatchOperator op in operators)
            {
                op.Dispose();
            }

            sink?.Dispose();
        }
    }

    private void RunHead(ChainedOperator head, OperatorContext context, IBatchCollector downstream, List<IBatchOperator> operators)
    {
        switch (head.Role)
        {
            case OperatorRole.Source:
                foreach (SourceSplit split in Splits)
                {
                    using ISourceReader reader = Source!.Open(split, ((ScanNode)head.Node).Columns, context);
                    while (reader.Read(settings.BatchRows) is { } batch)
                    {
                        settings.Cancellation.ThrowIfCancellationRequested();
                        context.Metrics.AddOut(batch.LiveCount);
                        downstream.Collect(batch);
                    }
                }

                break;
            case OperatorRole.Values:
                var values = (ValuesNode)head.Node;
                foreach (var row in values.Rows)
                {
                    var columns = row.Select(v => ColumnFactory.Constant(v.Type, v.Value, 1, settings.Pool)).ToList();
                    context.Metrics.AddOut(1);
                    downstream.Collect(new ColumnBatch(values.Schema.Names, columns, 1));
                }

                break;
            default:
                IBatchOperator op = ChainFactory.Create(head);
                operators.Add(op);
                op.Open(context);
                for (int input = 0; input < gates.Count; input++)
                {
                    while (gates[input].Next(out ChannelElement element, out _))
                    {
                        op.Process(input, element.Batch!, downstream);
                    }

                    op.EndInput(input, downstream);
                }

                break;
        }
    }

    private ISinkWriter OpenSink(SinkNode node, OperatorContext context)
    {
        TableContext table = BatchExecutor.Describe(node.Table);
        return settings.Connector(node.Table, table).CreateSink(table).Open(context);
    }

    /// <summary>Writes into a sink with the table's column names (a union's branches may name them differently).</summary>
    private sealed class SinkCollector(ISinkWriter writer, RowSchema schema, OperatorContext context, ExecutionSettings settings) : IBatchCollector
    {
        public void Collect(ColumnBatch batch)
        {
            context.Metrics.AddIn(batch.LiveCount);
            writer.Write(BatchNames.Rename(batch, schema, settings.Pool));
        }
    }

    private sealed class DiscardCollector : IBatchCollector
    {
        public void Collect(ColumnBatch batch) => batch.Dispose();
    }
}
