using System.Diagnostics;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Runtime.Channels;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Execution;

/// <summary>One subtask of a vertex: its chain of operator instances, its input gates, and where its output goes.</summary>
/// <remarks>
/// Batch: the head reads its inputs in the head operator's input order, each to its end (a hash join's build side
/// before its probe side), then every chained operator sees the end of its input in chain order, so blocking operators
/// emit downstream before the subtask ends its output channels. Streaming: sources generate watermarks per split (the
/// minimum over the subtask's splits, a finished split no longer holding it back); a consumer's watermark is the
/// minimum over its input channels; each advance runs through the chain (streaming operators fire their timers) and on
/// to the consumers; the end of bounded input is the watermark <see cref="long.MaxValue"/> followed by the end of data.
/// Latency: in streaming a source stamps each batch it reads with the time of the read (its origin); whatever the chain
/// emits while it works on an input carries that input's origin on to the consumers (<see cref="ChannelElement.Origin"/>),
/// and a sink records the time from the origin to its write in its metrics' <see cref="OperatorMetrics.Latency"/>.
/// </remarks>
internal sealed class SubtaskRun(JobVertex vertex, int subtask, IReadOnlyList<OperatorContext> contexts, IReadOnlyList<InputGate> gates, ExecutionSettings settings)
{
    private readonly List<(IBatchOperator Op, IBatchCollector Next)> _steps = [];
    private long _watermark = long.MinValue;
    private long _origin;

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
            for (int i = Vertex.Chain.Count - 1; i >= 1; i--)
            {
                ChainedOperator op = Vertex.Chain[i];
                if (op.Role == OperatorRole.Sink)
                {
                    sink = OpenSink((SinkNode)op.Node, contexts[i]);
                    downstream = new SinkCollector(sink, ((SinkNode)op.Node).Table.PhysicalSchema, contexts[i], settings, () => _origin);
                    continue;
                }

                IBatchOperator instance = ChainFactory.Create(op, settings.Streaming);
                operators.Add(instance);
                instance.Open(contexts[i]);
                _steps.Insert(0, (instance, downstream));
                downstream = new OperatorInput(instance, 0, downstream);
            }

            RunHead(Vertex.Chain[0], contexts[0], downstream, operators);
            foreach (var (op, next) in _steps)
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
                ReadSplits((ScanNode)head.Node, context, downstream);
                AdvanceWatermark(long.MaxValue);
                break;
            case OperatorRole.Values:
                var values = (ValuesNode)head.Node;
                foreach (var row in values.Rows)
                {
                    var columns = row.Select(v => ColumnFactory.Constant(v.Type, v.Value, 1, settings.Pool)).ToList();
                    context.Metrics.AddOut(1);
                    downstream.Collect(new ColumnBatch(values.Schema.Names, columns, 1));
                }

                AdvanceWatermark(long.MaxValue);
                break;
            default:
                IBatchOperator op = ChainFactory.Create(head, settings.Streaming);
                operators.Add(op);
                op.Open(context);
                _steps.Insert(0, (op, downstream));
                if (settings.Streaming)
                {
                    ReadStreaming(op, downstream);
                    op.EndInput(0, downstream);
                    _steps.RemoveAt(0);
                    break;
                }

                for (int input = 0; input < gates.Count; input++)
                {
                    while (gates[input].Next(out ChannelElement element, out _))
                    {
                        if (element.Kind == ChannelElementKind.Batch)
                        {
                            op.Process(input, element.Batch!, downstream);
                        }
                    }

                    op.EndInput(input, downstream);
                }

                _steps.RemoveAt(0);
                break;
        }
    }

    /// <summary>Streaming input: batches in arrival order; the watermark is the minimum over every input channel.</summary>
    private void ReadStreaming(IBatchOperator op, IBatchCollector downstream)
    {
        if (gates.Count != 1)
        {
            throw new NotSupportedException("not supported in streaming mode yet: operators with two inputs (joins)");
        }

        InputGate gate = gates[0];
        long[] marks = new long[gate.ChannelCount];
        Array.Fill(marks, long.MinValue);
        while (gate.Next(out ChannelElement element, out int channel))
        {
            if (element.Kind == ChannelElementKind.Batch)
            {
                SetOrigin(element.Origin);
                op.Process(0, element.Batch!, downstream);
            }
            else if (element.Watermark > marks[channel])
            {
                SetOrigin(element.Origin);
                long before = marks.Min();
                marks[channel] = element.Watermark;
                long after = marks.Min();
                if (after > before)
                {
                    AdvanceWatermark(after);
                }
            }
        }

        AdvanceWatermark(long.MaxValue);
    }

    /// <summary>Runs a watermark advance through the chain (streaming operators fire timers and emit) and on to the consumers.</summary>
    private void AdvanceWatermark(long watermark)
    {
        if (!settings.Streaming || watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        foreach (var (op, next) in _steps)
        {
            (op as IStreamOperator)?.ProcessWatermark(watermark, next);
        }

        (Output as ExchangeWriter)?.SendWatermark(watermark);
    }

    /// <summary>Makes <paramref name="origin"/> the stamp of everything the chain emits until the next input.</summary>
    private void SetOrigin(long origin)
    {
        _origin = origin;
        if (Output is ExchangeWriter exchange)
        {
            exchange.Origin = origin;
        }
    }

    private void ReadSplits(ScanNode scan, OperatorContext context, IBatchCollector downstream)
    {
        TableWatermark? watermark = settings.Streaming ? settings.Watermarks?.Invoke(scan.Table) : null;

        // The reader also reads the columns the watermark needs; they are dropped before the batch goes on.
        List<int> columns = [.. scan.Columns];
        int[] watermarkPositions = [];
        if (watermark is not null)
        {
            watermarkPositions = [.. watermark.PhysicalColumns.Select(c =>
            {
                int at = columns.IndexOf(c);
                if (at < 0)
                {
                    columns.Add(c);
                    at = columns.Count - 1;
                }

                return at;
            })];
        }

        long[] splitMarks = new long[Splits.Count];
        Array.Fill(splitMarks, long.MinValue);
        var evaluator = new ExpressionEvaluator(settings.Pool);
        for (int s = 0; s < Splits.Count; s++)
        {
            using ISourceReader reader = Source!.Open(Splits[s], columns, context, scan.Predicates);
            while (!settings.Cancellation.IsCancellationRequested && reader.Read(settings.BatchRows) is { } batch)
            {
                if (settings.Streaming)
                {
                    SetOrigin(Stopwatch.GetTimestamp());
                }

                context.Metrics.AddOut(batch.LiveCount);
                if (watermark is not null)
                {
                    try
                    {
                        splitMarks[s] = Math.Max(splitMarks[s], MaxWatermark(watermark, watermarkPositions, batch, evaluator));
                    }
                    catch
                    {
                        batch.Dispose();
                        throw;
                    }
                }

                downstream.Collect(columns.Count == scan.Columns.Count ? batch : Trim(batch, scan.Columns.Count));
                if (watermark is not null)
                {
                    AdvanceWatermark(splitMarks.Min());
                }
            }

            settings.Cancellation.ThrowIfCancellationRequested();

            // A finished split no longer holds the subtask's watermark back.
            splitMarks[s] = long.MaxValue;
        }
    }

    private long MaxWatermark(TableWatermark watermark, int[] positions, ColumnBatch batch, ExpressionEvaluator evaluator)
    {
        using var view = new ColumnBatch([.. positions.Select(p => batch.Names[p])], [.. positions.Select(p => batch.Column(p).Share())], batch.Length, batch.Selection?.Clone(settings.Pool));
        using ColumnVector marks = evaluator.Evaluate(watermark.Expression, view);
        ReadOnlySpan<long> values = marks.Values<long>();
        long max = long.MinValue;
        for (int r = 0; r < batch.Length; r++)
        {
            bool live = batch.Selection is null || batch.Selection.IsSelected(r);
            if (live && !marks.IsNull(r) && values[r] > max)
            {
                max = values[r];
            }
        }

        return max;
    }

    private ColumnBatch Trim(ColumnBatch batch, int keep)
    {
        using (batch)
        {
            return new ColumnBatch([.. batch.Names.Take(keep)], [.. batch.Columns.Take(keep).Select(c => c.Share())], batch.Length, batch.Selection?.Clone(settings.Pool), batch.RowKinds?.Share());
        }
    }

    private ISinkWriter OpenSink(SinkNode node, OperatorContext context)
    {
        TableContext table = JobExecutor.Describe(node.Table);
        return settings.Connector(node.Table, table).CreateSink(table).Open(context);
    }

    /// <summary>Writes into a sink with the table's column names (a union's branches may name them differently).</summary>
    private sealed class SinkCollector(ISinkWriter writer, RowSchema schema, OperatorContext context, ExecutionSettings settings, Func<long> origin) : IBatchCollector
    {
        public void Collect(ColumnBatch batch)
        {
            context.Metrics.AddIn(batch.LiveCount);
            long from = origin();
            writer.Write(BatchNames.Rename(batch, schema, settings.Pool));
            if (from != 0)
            {
                context.Metrics.Latency.RecordSince(from);
            }
        }
    }

    private sealed class DiscardCollector : IBatchCollector
    {
        public void Collect(ColumnBatch batch) => batch.Dispose();
    }
}
