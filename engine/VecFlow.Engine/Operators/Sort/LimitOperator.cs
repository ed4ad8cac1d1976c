using VecFlow.Engine.Runtime;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Bitmaps;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>LIMIT n OFFSET m without ORDER BY: passes the first live rows through in arrival order and drops the rest.</summary>
/// <remarks>
/// Rows are narrowed with a selection, not copied. Once <see cref="IsSatisfied"/> the runtime may stop feeding it;
/// later batches are disposed unread.
/// </remarks>
public sealed class LimitOperator : IBatchOperator
{
    private readonly long _limit;
    private readonly long _offset;
    private OperatorContext? _context;
    private long _seen;

    public LimitOperator(long limit, long offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _limit = limit;
        _offset = offset;
    }

    public string Name => "Limit";

    /// <summary>True once every row the limit allows has passed; further input is ignored.</summary>
    public bool IsSatisfied => _seen - _offset >= _limit;

    public void Open(OperatorContext context) => _context = context;

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        OperatorContext context = _context ?? throw new InvalidOperationException("Open the limit operator before sending it batches.");
        using (batch)
        {
            int live = batch.LiveCount;
            context.Metrics.AddIn(live);
            long end = _offset > long.MaxValue - _limit ? long.MaxValue : _offset + _limit;
            long first = Math.Max(_seen, _offset);
            long last = Math.Min(_seen + live, end);
            long seenBefore = _seen;
            _seen = Math.Min(_seen + live, end);
            if (last <= first)
            {
                return;
            }

            int skip = (int)(first - seenBefore);
            int take = (int)(last - first);
            if (skip == 0 && take == live)
            {
                context.Metrics.AddOut(take);
                output.Collect(batch.Retain());
                return;
            }

            Selection selection = Selection.None(batch.Length, context.Pool);
            try
            {
                int liveIndex = 0;
                for (int row = 0; row < batch.Length && liveIndex < skip + take; row++)
                {
                    if (batch.Selection is not null && !batch.Selection.IsSelected(row))
                    {
                        continue;
                    }

                    if (liveIndex >= skip)
                    {
                        Bits.Set(selection.Words, row);
                    }

                    liveIndex++;
                }
            }
            catch
            {
                selection.Dispose();
                throw;
            }

            context.Metrics.AddOut(take);
            output.Collect(batch.WithSelection(selection));
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
    }

    public void Dispose()
    {
    }
}
