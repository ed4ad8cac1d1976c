using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>ORDER BY (a stable external sort) and, with a limit, ORDER BY ... LIMIT n OFFSET m (TopN); emits in EndInput.</summary>
/// <remarks>
/// Without a limit every row is buffered, spilled as sorted runs when over budget and merged at the end. With a limit
/// only the best offset + limit rows are kept while consuming (see <see cref="RowSorter"/>), so memory stays about
/// twice that whatever the input size.
/// </remarks>
public sealed class SortOperator : IBatchOperator
{
    private readonly RowSchema _input;
    private readonly IReadOnlyList<SortKey> _keys;
    private readonly long? _limit;
    private readonly long _offset;
    private OperatorContext? _context;
    private RowSorter? _sorter;

    public SortOperator(RowSchema input, IReadOnlyList<SortKey> keys, long? limit = null, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(keys);
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "LIMIT must be zero or positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _input = input;
        _keys = keys;
        _limit = limit;
        _offset = offset;
    }

    public string Name => _limit is null ? "Sort" : "SortLimit";

    public void Open(OperatorContext context)
    {
        _context = context;
        long lastRow = _limit is { } limit ? (limit > long.MaxValue - _offset ? long.MaxValue - 1 : _offset + limit) : long.MaxValue;
        _sorter = new RowSorter(_input, _keys, context, groupKeys: 0, firstRow: _offset + 1, lastRow: lastRow, spillPrefix: "sort")
        {
            Cutoffs = _limit is null || _keys.Count == 0 ? null : context.DynamicFilter,
        };
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the sort operator before sending it batches.");
        _context!.Metrics.AddIn(batch.LiveCount);
        sorter.Add(batch);
    }

    public void EndInput(int input, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the sort operator before ending its input.");
        OperatorContext context = _context!;
        sorter.Finish((batch, _) =>
        {
            context.Metrics.AddOut(batch.Length);
            output.Collect(batch);
        });
    }

    public void Dispose()
    {
        _sorter?.Dispose();
        _sorter = null;
    }
}
