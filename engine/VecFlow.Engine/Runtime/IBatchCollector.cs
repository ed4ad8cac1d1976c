using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Runtime;

/// <summary>Where an operator sends the batches it produces.</summary>
/// <remarks>
/// <see cref="Collect"/> takes ownership: the receiver disposes the batch (or hands it on). A producer that wants to
/// keep using a batch it emits retains it first.
/// </remarks>
public interface IBatchCollector
{
    void Collect(ColumnBatch batch);
}
