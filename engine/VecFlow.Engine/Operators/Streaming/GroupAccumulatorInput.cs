using VecFlow.State.Encoding;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>The rows of one input batch that one aggregate call folds: which rows, their groups and signed weights.</summary>
/// <param name="Values">The argument column (null for COUNT(*)).</param>
/// <param name="GroupIds">The group of every batch row as an INT column (rows outside <paramref name="Mask"/> hold anything).</param>
/// <param name="Mask">The rows of <paramref name="Rows"/> as bits over the batch (materialized, never empty).</param>
/// <param name="Rows">Batch rows that count for the call: live, FILTER true, argument not NULL.</param>
/// <param name="Groups">The group of each entry of <paramref name="Rows"/>.</param>
/// <param name="Weights">+1 for an added row (+I, +U), -1 for a retracted one (-U, -D).</param>
/// <param name="GroupKeys">The encoded key of each group of the batch.</param>
/// <param name="Pool">For scratch buffers.</param>
internal readonly ref struct GroupAccumulatorInput(
    ColumnVector? Values,
    ColumnVector GroupIds,
    ReadOnlySpan<ulong> Mask,
    ReadOnlySpan<int> Rows,
    ReadOnlySpan<int> Groups,
    ReadOnlySpan<int> Weights,
    EncodedKeys GroupKeys,
    BufferPool Pool)
{
    public ColumnVector? Values { get; } = Values;

    public ColumnVector GroupIds { get; } = GroupIds;

    public ReadOnlySpan<ulong> Mask { get; } = Mask;

    public ReadOnlySpan<int> Rows { get; } = Rows;

    public ReadOnlySpan<int> Groups { get; } = Groups;

    public ReadOnlySpan<int> Weights { get; } = Weights;

    public EncodedKeys GroupKeys { get; } = GroupKeys;

    public BufferPool Pool { get; } = Pool;

    public int GroupCount => GroupKeys.Count;
}
