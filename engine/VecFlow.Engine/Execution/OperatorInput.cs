using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Execution;

/// <summary>Feeds batches into one input of an operator, which emits to the next collector.</summary>
internal sealed class OperatorInput(IBatchOperator target, int input, IBatchCollector downstream) : IBatchCollector
{
    public void Collect(ColumnBatch batch) => target.Process(input, batch, downstream);
}

/// <summary>A collector that forwards to a delegate.</summary>
internal sealed class DelegateCollector(Action<ColumnBatch> collect) : IBatchCollector
{
    public void Collect(ColumnBatch batch) => collect(batch);
}
