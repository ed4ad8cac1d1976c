using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Keyed;
using VecFlow.State.Serialization;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>The frame of streaming operators that keep each partition's rows in one list state and answer every batch with a changelog (TopN, OVER).</summary>
/// <remarks>
/// State "rows" holds a list of <see cref="StateRow"/> per partition key. Per input batch, <see cref="ReadPartitions"/>
/// maps each row to its partition and reads every touched partition's list with ONE batched call; the operator applies
/// the batch and emits its changes; <see cref="WritePartitions"/> writes the lists back with ONE batched call (an empty
/// list clears its state). Nothing waits for time, so watermarks and the end of input change nothing.
/// </remarks>
public abstract class PartitionRowsOperator : IStreamOperator
{
    private static readonly long[] NoNamespace = [0];

    private OperatorContext? _context;
    private IListState<StateRow>? _rows;
    private StreamPartitions? _partitions;
    private int[] _ids = [];

    /// <param name="input">The input's schema.</param>
    /// <param name="partitionKeys">The input columns that form the partition key.</param>
    /// <param name="rowTypes">The types of the stored rows' fields (the input's columns, then what the operator adds).</param>
    protected PartitionRowsOperator(RowSchema input, IReadOnlyList<int> partitionKeys, SqlType[] rowTypes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(partitionKeys);
        InputSchema = input;
        PartitionKeys = [.. partitionKeys];
        RowTypes = rowTypes;
    }

    public abstract string Name { get; }

    protected RowSchema InputSchema { get; }

    protected int[] PartitionKeys { get; }

    /// <summary>The field types of a stored row.</summary>
    protected SqlType[] RowTypes { get; }

    /// <summary>True when a partition's rows expire with <c>table.exec.state.ttl</c> (TopN, as in Flink); false keeps them until the operator clears them.</summary>
    protected virtual bool ExpiresWithStateTtl => false;

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IKeyedStateBackend backend = context.RequireKeyedState();
        _context = context;
        _rows = backend.GetListState(new ListStateDescriptor<StateRow>("rows", new StateRowSerializer(RowTypes), ExpiresWithStateTtl ? context.StateTtl : null));
        _partitions = new StreamPartitions(InputSchema, PartitionKeys, backend.MaxParallelism);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        using (batch)
        {
            if (input != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(input), input, $"{Name} has one input (0).");
            }

            OperatorContext context = _context ?? throw new InvalidOperationException($"{Name} received a batch before Open.");
            context.Cancellation.ThrowIfCancellationRequested();
            context.Metrics.AddIn(batch.LiveCount);
            if (batch.LiveCount > 0)
            {
                Apply(batch, context, output);
            }
        }
    }

    public void ProcessWatermark(long watermark, IBatchCollector output)
    {
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Applies one batch with live rows: read the touched partitions, change them, emit, write them back.</summary>
    protected abstract void Apply(ColumnBatch batch, OperatorContext context, IBatchCollector output);

    /// <summary>Maps every row of <paramref name="batch"/> to its partition (see <see cref="PartitionOf"/>) and returns each touched partition's stored rows, with ONE state read.</summary>
    protected IReadOnlyList<StateRow>[] ReadPartitions(ColumnBatch batch, OperatorContext context)
    {
        if (_ids.Length < batch.Length)
        {
            _ids = new int[Math.Max(batch.Length, _ids.Length * 2)];
        }

        int count = _partitions!.Map(batch, _ids, context.RequireKeyedState().KeyGroupRange.Start, context.Pool);
        var stored = new IReadOnlyList<StateRow>[count];
        _rows!.GetLists(_partitions.Keys, NoNamespace, stored);
        return stored;
    }

    /// <summary>The partition (an index into what <see cref="ReadPartitions"/> returned) of batch row <paramref name="row"/>.</summary>
    protected int PartitionOf(int row) => _ids[row];

    /// <summary>Writes every touched partition's rows back with ONE state write, in <see cref="ReadPartitions"/>' order.</summary>
    protected void WritePartitions(IReadOnlyList<List<StateRow>> lists) =>
        _rows!.UpdateLists(_partitions!.Keys, NoNamespace, [.. lists.Select(l => (IReadOnlyList<StateRow>)l)]);
}
