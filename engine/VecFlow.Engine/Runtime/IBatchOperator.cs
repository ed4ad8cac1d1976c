using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Runtime;

/// <summary>A physical operator: consumes batches on one or more inputs and emits batches, push style.</summary>
/// <remarks>
/// The runtime calls <see cref="Open"/> once, then <see cref="Process"/> for each batch of each input (the operator
/// owns the batch and disposes it), then <see cref="EndInput"/> once per input. Blocking operators (hash aggregate,
/// sort, the build side of a hash join) emit in <see cref="EndInput"/>. Calls on one operator instance are never
/// concurrent. Inputs are numbered from 0 (a join's build side is input 0, its probe side input 1).
/// </remarks>
public interface IBatchOperator : IDisposable
{
    /// <summary>A short name for plans and metrics, e.g. "HashAggregate".</summary>
    string Name { get; }

    void Open(OperatorContext context);

    void Process(int input, ColumnBatch batch, IBatchCollector output);

    void EndInput(int input, IBatchCollector output);
}
