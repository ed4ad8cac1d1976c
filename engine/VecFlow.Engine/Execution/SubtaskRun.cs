using System.Buffers.Binary;
using System.Diagnostics;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Execution.Checkpointing;
using VecFlow.Engine.Graph;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Runtime.Channels;
using VecFlow.Engine.Schema;
using VecFlow.State.Checkpoints;
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
/// Checkpoints: a source injects the barriers the coordinator asks for between batches (its split positions are its
/// state); other subtasks snapshot when a barrier is aligned on all inputs. Either way every stateful operator of the
/// chain snapshots its keyed state, the sink prepares its files, and the barrier goes on downstream.
/// Latency: in streaming a source stamps each batch it reads with the time of the read (its origin); whatever the chain
/// emits while it works on an input carries that input's origin on to the consumers (<see cref="ChannelElement.Origin"/>),
/// and a sink records the time from the origin to its write in its metrics' <see cref="OperatorMetrics.Latency"/>.
/// </remarks>
internal sealed class SubtaskRun(JobVertex vertex, int subtask, IReadOnlyList<OperatorContext> contexts, IReadOnlyList<InputGate> gates, ExecutionSettings settings)
{
    /// <summary>The operator-state name of a subtask's watermark at a barrier.</summary>
    public const string WatermarkState = "watermark";

    /// <summary>The operator-state name of a sink subtask's prepared, not yet committed files.</summary>
    public const string CommittablesState = "committables";

    private readonly List<(IBatchOperator Op, IBatchCollector Next)> _steps = [];
    private readonly List<(long Checkpoint, IReadOnlyList<string> Committables)> _uncommitted = [];
    private long _watermark = long.MinValue;
    private ISinkWriter? _sink;
    private string? _sinkId;
    private long[] _splitRows = [];

    // Per split: where its emitted rows end (ISourceReader.Position), -1 when its reader cannot tell.
    private long[] _splitOffsets = [];
    private long[] _splitMarks = [];
    private bool[] _splitFinished = [];
    private bool[] _splitIdle = [];
    private long[] _splitLastData = [];
    private bool _idle;
    private long _processingTime = long.MinValue;
    private long _origin;

    public JobVertex Vertex { get; } = vertex;

    public int Subtask { get; } = subtask;

    /// <summary>Where the chain's output goes: an exchange, or the job's result; null when the chain ends in a sink.</summary>
    public IBatchCollector? Output { get; set; }

    /// <summary>The splits this subtask reads when the head is a source.</summary>
    public IReadOnlyList<SourceSplit> Splits { get; set; } = [];

    public ITableSource? Source { get; set; }

    /// <summary>The parallelism the source's splits were planned for (the restored plan's, when restoring).</summary>
    public int SplitPlanParallelism { get; set; }

    /// <summary>Each split's index in the source's split plan (what checkpoints record positions by).</summary>
    public IReadOnlyList<int> SplitIndices { get; set; } = [];

    /// <summary>The positions a restored source resumes from, by split index.</summary>
    public IReadOnlyDictionary<int, SplitPosition> RestoredSplits { get; set; } = new Dictionary<int, SplitPosition>();

    /// <summary>The watermark a restored subtask starts at (rows at or below it are late, as they were before the failure).</summary>
    public long? RestoredWatermark { get; set; }

    /// <summary>The job's checkpoint coordinator; null when checkpointing is off.</summary>
    public CheckpointCoordinator? Checkpoints { get; set; }

    /// <summary>This subtask's number among the job's subtasks (how the coordinator tells sources apart).</summary>
    public int Key { get; set; }

    /// <summary>After a successful run in exactly-once mode: the sink files still to commit when the whole job has finished.</summary>
    public List<(string Sink, IReadOnlyList<string> Committables)> FinalCommittables { get; } = [];

    private string TaskName => $"{Vertex.Name} ({Subtask + 1}/{Vertex.Parallelism})";

    public void Run()
    {
        var operators = new List<IBatchOperator>();
        ISinkWriter? sink = null;
        try
        {
            IBatchCollector downstream = Output ?? new DiscardCollector();
            WireDynamicFilter();
            // A sink heads its own vertex when its input is hashed on its primary key (an upsert sink in streaming).
            for (int i = Vertex.Chain.Count - 1; i >= 0; i--)
            {
                ChainedOperator op = Vertex.Chain[i];
                if (op.Role == OperatorRole.Sink)
                {
                    sink = OpenSink((SinkNode)op.Node, contexts[i]);
                    _sink = sink;
                    _sinkId = op.Id;
                    downstream = new SinkCollector(sink, ((SinkNode)op.Node).Table.PhysicalSchema, contexts[i], settings, () => _origin);
                    continue;
                }

                if (i == 0)
                {
                    break;
                }

                IBatchOperator instance = ChainFactory.Create(op, settings.Streaming);
                operators.Add(instance);
                instance.Open(contexts[i]);
                _steps.Insert(0, (instance, downstream));
                downstream = new OperatorInput(instance, 0, downstream);
            }

            if (RestoredWatermark is { } restored)
            {
                _watermark = restored;
            }

            RunHead(Vertex.Chain[0], contexts[0], downstream, operators);
            foreach (var (op, next) in _steps)
            {
                op.EndInput(0, next);
            }

            if (sink is not null && contexts[^1].ExactlyOnce)
            {
                // The job's end is newer than every checkpoint it took: the coordinator's next id is above them all.
                IReadOnlyList<string> last = sink.PrepareCommit(Checkpoints?.NextId ?? 0);
                FinalCommittables.Add((_sinkId!, [.. Uncommitted(), .. last]));
            }
            else
            {
                sink?.Finish();
            }

            if (Checkpoints is not null && Vertex.Chain[0].Role == OperatorRole.Source)
            {
                // Later checkpoints record this subtask as done, with the files its sink wrote last.
                byte[] mark = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(mark, _watermark);
                Checkpoints.FinishSubtask(Key, new FinalSnapshot(
                    [(Vertex.Chain[0].Id, Subtask, WatermarkState, mark), (Vertex.Chain[0].Id, Subtask, SplitPosition.StateName, SplitPosition.Encode(Positions())),
                     .. FinalCommittables.Select(c => (c.Sink, Subtask, CommittablesState, CommittableList.Encode(c.Committables)))],
                    FinalCommittables));
            }

            (Output as IExchangeOutput)?.Finish();
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

    /// <summary>
    /// Batch: a scan marked with a TopN filter shares one <see cref="DynamicFilter"/> with the first TopN of its chain,
    /// reached through calcs only (the planner marked it so), so this subtask's TopN cut-off filters this subtask's scan.
    /// </summary>
    private void WireDynamicFilter()
    {
        if (settings.Streaming || Vertex.Chain[0].Node is not ScanNode { TopNFilter: { } marked } scan)
        {
            return;
        }

        for (int i = 1; i < Vertex.Chain.Count; i++)
        {
            LogicalNode node = Vertex.Chain[i].Node;
            if (node is SortNode { Limit: not null })
            {
                var filter = new DynamicFilter(scan.Table.PhysicalSchema[marked.Column].Name, marked.Descending, marked.NullsFirst);
                contexts[0].DynamicFilter = filter;
                contexts[i].DynamicFilter = filter;
                return;
            }

            if (node is not (FilterNode or ProjectNode))
            {
                return;
            }
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
                    op.EndInput(gates.Count - 1, downstream);
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

    /// <summary>Streaming input: batches of every input in arrival order; the watermark is the minimum over every input channel.</summary>
    /// <remarks>
    /// A streaming subtask reads all its inputs through one gate (a join sees both sides as they come). A checkpoint
    /// barrier blocks its channel until every channel still open has delivered it (aligned barriers); a channel that
    /// ends counts as aligned. Every input ends (<see cref="IBatchOperator.EndInput"/>) after the final watermark.
    /// </remarks>
    private void ReadStreaming(IBatchOperator op, IBatchCollector downstream)
    {
        InputGate gate = gates[0];
        long[] marks = new long[gate.ChannelCount];
        Array.Fill(marks, long.MinValue);
        bool[] idle = new bool[gate.ChannelCount];
        bool[] ended = new bool[gate.ChannelCount];
        bool[] aligned = new bool[gate.ChannelCount];
        CheckpointBarrier? aligning = null;
        TimeSpan flush = settings.FlushInterval > TimeSpan.FromMilliseconds(1) ? settings.FlushInterval : TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (!gate.TryNextElement(flush, out ChannelElement element, out int channel))
            {
                if (gate.Finished)
                {
                    break;
                }

                AdvanceProcessingTime();
                continue;
            }

            switch (element.Kind)
            {
                case ChannelElementKind.Batch:
                    Faults(element.Batch!);
                    SetOrigin(element.Origin);
                    Reactivate(channel);
                    op.Process(gate.InputOf(channel), element.Batch!, downstream);
                    break;
                case ChannelElementKind.Watermark when element.Watermark > marks[channel]:
                    SetOrigin(element.Origin);
                    marks[channel] = element.Watermark;
                    Reactivate(channel);
                    if (ChannelWatermark(marks, idle) is { } mark)
                    {
                        AdvanceWatermark(mark);
                    }

                    break;
                case ChannelElementKind.Idle:
                    idle[channel] = true;
                    if (ChannelWatermark(marks, idle) is { } left)
                    {
                        AdvanceWatermark(left);
                    }
                    else
                    {
                        SetIdle(true);
                    }

                    break;
                case ChannelElementKind.Active:
                    Reactivate(channel);
                    break;
                case ChannelElementKind.Barrier:
                    aligning ??= element.Barrier;
                    aligned[channel] = true;
                    gate.Block(channel);
                    break;
                case ChannelElementKind.EndOfData:
                    ended[channel] = true;
                    break;
            }

            AdvanceProcessingTime();
            if (aligning is not null && aligned.Select((a, c) => a || ended[c]).All(a => a))
            {
                OnBarrier(aligning);
                aligning = null;
                Array.Clear(aligned);
                gate.UnblockAll();
            }
        }

        AdvanceWatermark(long.MaxValue);
        for (int input = 1; input < gates.Count; input++)
        {
            op.EndInput(input - 1, downstream);
        }

        void Reactivate(int channel)
        {
            if (idle[channel])
            {
                idle[channel] = false;
                SetIdle(false);
            }
        }
    }

    /// <summary>The minimum watermark over the channels that are not idle; null when every channel is idle.</summary>
    private static long? ChannelWatermark(long[] marks, bool[] idle)
    {
        long min = long.MaxValue;
        bool any = false;
        for (int c = 0; c < marks.Length; c++)
        {
            if (!idle[c])
            {
                any = true;
                min = Math.Min(min, marks[c]);
            }
        }

        return any ? min : null;
    }

    /// <summary>Checkpoint barrier <paramref name="barrier"/> has arrived on every input: the chain's state is the checkpoint's; the barrier goes on.</summary>
    private void OnBarrier(CheckpointBarrier barrier)
    {
        if (Checkpoints is null)
        {
            (Output as IExchangeOutput)?.SendBarrier(barrier);
            return;
        }

        settings.Faults?.At(FaultPoint.Snapshot, TaskName, barrier.Id);
        foreach (var (op, next) in _steps)
        {
            (op as IStreamOperator)?.PrepareSnapshot(barrier.Id, next);
        }

        var committables = new List<(string Sink, IReadOnlyList<string> Committables)>();
        PendingCheckpoint? pending = Checkpoints.BeginSnapshot(barrier.Id);
        bool acknowledged = false;
        try
        {
            if (_sink is not null)
            {
                // Files prepared for a checkpoint that was then aborted ride along with the next one.
                _uncommitted.Add((barrier.Id, _sink.PrepareCommit(barrier.Id)));
                long committed = Checkpoints.LastCompleted?.Id ?? long.MinValue;
                _uncommitted.RemoveAll(u => u.Checkpoint <= committed);
            }

            if (pending is not null)
            {
                for (int i = 0; i < Vertex.Chain.Count; i++)
                {
                    if (contexts[i].KeyedState is { } backend)
                    {
                        pending.AddKeyedState(Vertex.Chain[i].Id, Subtask, backend);
                    }
                }

                byte[] mark = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(mark, _watermark);
                pending.AddOperatorState(Vertex.Chain[0].Id, Subtask, WatermarkState, mark);
                if (Vertex.Chain[0].Role == OperatorRole.Source)
                {
                    pending.AddOperatorState(Vertex.Chain[0].Id, Subtask, SplitPosition.StateName, SplitPosition.Encode(Positions()));
                }

                if (_sink is not null)
                {
                    IReadOnlyList<string> files = Uncommitted();
                    pending.AddOperatorState(_sinkId!, Subtask, CommittablesState, CommittableList.Encode(files));
                    committables.Add((_sinkId!, files));
                }
            }

            acknowledged = true;
        }
        finally
        {
            if (pending is not null)
            {
                Checkpoints.EndSnapshot(barrier.Id, acknowledged, committables);
            }
        }

        (Output as IExchangeOutput)?.SendBarrier(barrier);
    }

    private List<string> Uncommitted() => [.. _uncommitted.SelectMany(u => u.Committables)];

    private List<SplitPosition> Positions() =>
        [.. SplitIndices.Select((index, s) => new SplitPosition(index, _splitRows[s], _splitMarks[s], _splitFinished[s], _splitOffsets[s]))];

    /// <summary>Injects the barriers the coordinator asked this source for since the last batch.</summary>
    private void InjectBarriers()
    {
        while (Checkpoints?.NextBarrierFor(Key) is { } barrier)
        {
            OnBarrier(barrier);
            StopAfter(barrier);
        }
    }

    /// <summary>After a stopping savepoint's barrier a source emits nothing more: once the savepoint completes the job is cancelled, so this waits for that and ends the subtask.</summary>
    private void StopAfter(CheckpointBarrier barrier)
    {
        if (barrier.IsSavepoint && Checkpoints!.AwaitStop(barrier.Id, settings.Cancellation))
        {
            settings.Cancellation.WaitHandle.WaitOne();
            settings.Cancellation.ThrowIfCancellationRequested();
        }
    }

    private void Faults(ColumnBatch batch)
    {
        if (settings.Faults is { } faults)
        {
            try
            {
                faults.At(FaultPoint.Process, TaskName, 0);
            }
            catch
            {
                batch.Dispose();
                throw;
            }
        }
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

        foreach (OperatorContext context in contexts)
        {
            context.Metrics.SetWatermark(watermark);
        }

        (Output as IExchangeOutput)?.SendWatermark(watermark);
    }

    /// <summary>Runs the job clock's time through the chain: operators with processing-time timers fire them (at most once per millisecond).</summary>
    private void AdvanceProcessingTime()
    {
        long now = settings.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now <= _processingTime)
        {
            return;
        }

        _processingTime = now;
        foreach (var (op, next) in _steps)
        {
            (op as IStreamOperator)?.AdvanceProcessingTime(now, next);
        }
    }

    /// <summary>Makes <paramref name="origin"/> the stamp of everything the chain emits until the next input.</summary>
    private void SetOrigin(long origin)
    {
        _origin = origin;
        if (Output is IExchangeOutput exchange)
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

        int n = Splits.Count;
        _splitRows = new long[n];
        _splitOffsets = new long[n];
        Array.Fill(_splitOffsets, -1L);
        _splitMarks = new long[n];
        _splitFinished = new bool[n];
        _splitIdle = new bool[n];
        _splitLastData = new long[n];
        Array.Fill(_splitLastData, settings.Clock.GetTimestamp());
        Array.Fill(_splitMarks, long.MinValue);
        for (int s = 0; s < n; s++)
        {
            if (RestoredSplits.TryGetValue(SplitIndices[s], out SplitPosition restored))
            {
                (_splitRows[s], _splitOffsets[s], _splitMarks[s], _splitFinished[s]) = (restored.Rows, restored.Offset, restored.Finished ? long.MaxValue : restored.Watermark, restored.Finished);
            }
        }

        if (RestoredSplits.Count > 0 && n > 0)
        {
            AdvanceWatermark(_splitMarks.Min());
        }

        InjectBarriers();
        var read = new SplitRead(scan, context, downstream, watermark, watermarkPositions, columns, new ExpressionEvaluator(settings.Pool));
        if (settings.Streaming)
        {
            ReadSplitsStreaming(read);
        }
        else
        {
            for (int s = 0; s < n; s++)
            {
                if (_splitFinished[s])
                {
                    continue;
                }

                using ISourceReader reader = OpenSplit(read, s);
                while (!settings.Cancellation.IsCancellationRequested && reader.Read(settings.BatchRows) is { } batch)
                {
                    _splitOffsets[s] = reader.Position ?? -1;
                    EmitSplitBatch(read, s, batch);
                }

                settings.Cancellation.ThrowIfCancellationRequested();
                _splitMarks[s] = long.MaxValue;
                _splitFinished[s] = true;
            }
        }

        // Checkpoints asked for before this source noticed its end still get its barrier; no new one starts.
        foreach (CheckpointBarrier barrier in Checkpoints?.FinishSource(Key) ?? [])
        {
            OnBarrier(barrier);
            StopAfter(barrier);
        }
    }

    /// <summary>What reading a scan's splits needs at each batch.</summary>
    private sealed record SplitRead(ScanNode Scan, OperatorContext Context, IBatchCollector Downstream, TableWatermark? Watermark, int[] WatermarkPositions, List<int> Columns, ExpressionEvaluator Evaluator);

    private ISourceReader OpenSplit(SplitRead read, int s)
    {
        // With a watermark every row read counts toward it, also those the filter drops: nothing is skipped unread
        // (the planner leaves predicates in the filter, not exact, there; exact ones must be applied in any case).
        ISourceReader reader = Source!.Open(Splits[s], read.Columns, read.Context, read.Watermark is null || read.Scan.ExactPredicates.Count > 0 ? read.Scan.Predicates : []);
        try
        {
            if (_splitRows[s] > 0 && _splitOffsets[s] >= 0)
            {
                // The checkpoint recorded where its rows end: seek there without reading what was consumed.
                reader.Seek(_splitOffsets[s]);
            }
            else if (_splitRows[s] > 0)
            {
                reader.Skip(_splitRows[s]);
            }
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        return reader;
    }

    /// <summary>
    /// Streaming: reads the splits in turns, a batch (or nothing, after waiting at most the flush interval) from each,
    /// so a slow or endless split never keeps the others' rows, the watermark or a checkpoint barrier waiting. A bounded
    /// source's splits are read one after the other as in batch mode (each ends by itself, and one open reader at a time
    /// keeps memory low); an unbounded source's all at once.
    /// </summary>
    private void ReadSplitsStreaming(SplitRead read)
    {
        int n = Splits.Count;
        var readers = new ISourceReader?[n];
        TimeSpan flush = settings.FlushInterval > TimeSpan.FromMilliseconds(1) ? settings.FlushInterval : TimeSpan.FromMilliseconds(1);
        try
        {
            while (!settings.Cancellation.IsCancellationRequested)
            {
                List<int> turn = [.. Enumerable.Range(0, n).Where(s => !_splitFinished[s])];
                if (turn.Count == 0)
                {
                    break;
                }

                if (Source!.IsBounded)
                {
                    turn.RemoveRange(1, turn.Count - 1);
                }

                TimeSpan wait = flush / turn.Count;
                foreach (int s in turn)
                {
                    readers[s] ??= OpenSplit(read, s);
                    if (!readers[s]!.TryRead(settings.BatchRows, wait, out ColumnBatch? batch))
                    {
                        readers[s]!.Dispose();
                        readers[s] = null;
                        _splitMarks[s] = long.MaxValue;
                        _splitFinished[s] = true;
                        if (read.Watermark is not null && SourceWatermark() is { } mark)
                        {
                            AdvanceWatermark(mark);
                        }

                        continue;
                    }

                    if (batch is not null)
                    {
                        _splitOffsets[s] = readers[s]!.Position ?? -1;
                        _splitLastData[s] = settings.Clock.GetTimestamp();
                        if (_splitIdle[s])
                        {
                            _splitIdle[s] = false;
                            SetIdle(false);
                        }

                        EmitSplitBatch(read, s, batch);
                    }
                    else if (settings.SourceIdleTimeout > TimeSpan.Zero && !_splitIdle[s] && settings.Clock.GetElapsedTime(_splitLastData[s]) >= settings.SourceIdleTimeout)
                    {
                        MarkSplitIdle(read, s);
                    }
                }

                AdvanceProcessingTime();
                InjectBarriers();
            }

            settings.Cancellation.ThrowIfCancellationRequested();
        }
        finally
        {
            foreach (ISourceReader? reader in readers)
            {
                reader?.Dispose();
            }
        }
    }

    /// <summary>Split <paramref name="s"/> had no data for the idle timeout: it stops holding the watermark back; when every open split is idle, the subtask is.</summary>
    private void MarkSplitIdle(SplitRead read, int s)
    {
        _splitIdle[s] = true;
        if (SourceWatermark() is { } mark)
        {
            if (read.Watermark is not null)
            {
                AdvanceWatermark(mark);
            }
        }
        else
        {
            SetIdle(true);
        }
    }

    /// <summary>The source subtask's watermark: the minimum over its splits that are neither idle nor finished (finished ones count as the end); null when every open split is idle.</summary>
    private long? SourceWatermark()
    {
        long min = long.MaxValue;
        bool anyIdle = false;
        bool anyActive = false;
        for (int s = 0; s < _splitMarks.Length; s++)
        {
            if (_splitIdle[s] && !_splitFinished[s])
            {
                anyIdle = true;
                continue;
            }

            anyActive |= !_splitFinished[s];
            min = Math.Min(min, _splitMarks[s]);
        }

        return anyIdle && !anyActive ? null : min;
    }

    /// <summary>Tells the consumers when this whole subtask becomes idle or active again (Flink's watermark status).</summary>
    private void SetIdle(bool idle)
    {
        if (idle != _idle)
        {
            _idle = idle;
            (Output as IExchangeOutput)?.SendStatus(idle);
        }
    }

    /// <summary>Sends one batch of split <paramref name="s"/> down the chain, advances the watermark and injects due barriers.</summary>
    private void EmitSplitBatch(SplitRead read, int s, ColumnBatch batch)
    {
        _splitRows[s] += batch.Length;
        if (settings.Streaming)
        {
            SetOrigin(Stopwatch.GetTimestamp());
        }

        read.Context.Metrics.AddOut(batch.LiveCount);
        Faults(batch);
        if (read.Watermark is not null)
        {
            try
            {
                _splitMarks[s] = Math.Max(_splitMarks[s], MaxWatermark(read.Watermark, read.WatermarkPositions, batch, read.Evaluator));
            }
            catch
            {
                batch.Dispose();
                throw;
            }
        }

        read.Downstream.Collect(read.Columns.Count == read.Scan.Columns.Count ? batch : Trim(batch, read.Scan.Columns.Count));
        if (read.Watermark is not null && SourceWatermark() is { } mark)
        {
            AdvanceWatermark(mark);
        }

        InjectBarriers();
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
