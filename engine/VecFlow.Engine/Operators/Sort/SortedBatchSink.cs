using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>Receives the sorted output of a <see cref="RowSorter"/>: a batch (ownership passes) and each row's 1-based number within its group.</summary>
internal delegate void SortedBatchSink(ColumnBatch batch, ReadOnlySpan<long> rowNumbers);
