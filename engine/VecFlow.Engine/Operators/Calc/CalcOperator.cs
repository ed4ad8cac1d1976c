using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Operators.Calc;

/// <summary>Filter and projection in one pass: the condition narrows the selection, the expressions compute the output columns.</summary>
/// <remarks>
/// Filtering marks rows in the selection instead of copying; the batch is compacted only when few rows survive, so a
/// selective filter does not drag mostly-dead batches through the rest of the plan.
/// </remarks>
public sealed class CalcOperator(RowSchema output, Expr? condition, IReadOnlyList<Expr>? projections) : IBatchOperator
{
    private ExpressionEvaluator? _evaluator;
    private OperatorContext? _context;

    public string Name => condition is null ? "Calc" : "Calc+Filter";

    public RowSchema OutputSchema { get; } = output;

    public void Open(OperatorContext context)
    {
        _context = context;
        _evaluator = new ExpressionEvaluator(context.Pool);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        var context = _context ?? throw new InvalidOperationException("Open the operator first.");
        context.Metrics.AddIn(batch.LiveCount);
        ColumnBatch current = batch;
        try
        {
            if (condition is not null)
            {
                Selection selection = _evaluator!.Filter(condition, current);
                if (selection.Count == 0)
                {
                    selection.Dispose();
                    return;
                }

                ColumnBatch filtered = current.WithSelection(selection);
                current.Dispose();
                current = filtered;
                if (current.LiveCount * 4 < current.Length)
                {
                    ColumnBatch compacted = current.Compact(context.Pool);
                    current.Dispose();
                    current = compacted;
                }
            }

            ColumnBatch result = projections is null ? current.Retain() : Project(current);
            context.Metrics.AddOut(result.LiveCount);
            output.Collect(result);
        }
        finally
        {
            current.Dispose();
        }
    }

    private ColumnBatch Project(ColumnBatch batch)
    {
        // One evaluator call for all projections, so equal subexpressions (a * 0.95 in a * 0.95 * 1.08) run once per batch.
        ColumnVector[] columns = _evaluator!.EvaluateAll(projections!, batch);
        try
        {
            return new ColumnBatch(OutputSchema.Names, columns, batch.Length, batch.Selection?.Clone(_context!.Pool), batch.RowKinds?.Share());
        }
        catch
        {
            Array.ForEach(columns, c => c.Dispose());
            throw;
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void Dispose()
    {
    }
}
