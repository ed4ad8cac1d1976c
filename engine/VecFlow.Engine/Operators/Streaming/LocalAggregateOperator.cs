using VecFlow.Engine.Operators.Aggregate;
using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// The local phase of a two-phase streaming aggregate: aggregates each input batch on its own (the batch is the mini
/// batch) and emits one partial row per key it holds, so the exchange and the global phase see one row per key per
/// batch instead of every row - a hot key no longer sends all its rows to one subtask.
/// </summary>
/// <remarks>Stateless: nothing is held between batches, so a checkpoint barrier needs no flush.</remarks>
public sealed class LocalAggregateOperator(LocalAggregateNode node) : IBatchOperator
{
    private readonly IReadOnlyList<string> _names = node.Schema.Names;
    private OperatorContext? _context;

    public string Name => "LocalAggregate";

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        using (batch)
        {
            OperatorContext context = _context ?? throw new InvalidOperationException("LocalAggregate received a batch before Open.");
            context.Metrics.AddIn(batch.LiveCount);
            if (batch.LiveCount == 0)
            {
                return;
            }

            using var pass = new AggregationPass(node.Input.Schema, node.Keys, node.Calls, context, 0, maySpill: false);
            pass.Add(batch);
            pass.Emit(_names, output);
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void Dispose()
    {
    }
}
