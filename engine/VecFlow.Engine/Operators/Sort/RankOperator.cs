using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Sort;

/// <summary>
/// Flink's TopN and deduplication: <c>ROW_NUMBER() OVER (PARTITION BY p ORDER BY o)</c> filtered to
/// <c>rn BETWEEN rankStart AND rankEnd</c>; emits in EndInput, optionally with the row number as column <c>rn</c>.
/// </summary>
/// <remarks>
/// Rows are sorted by (partition keys, order keys, input position) with <see cref="RowSorter"/>, which numbers rows
/// within each partition. Sorting by the partition keys, rather than mapping them to hash group ids, keeps the whole
/// operator one external sort: while consuming, each partition is pruned to its best <c>rankEnd</c> rows whenever the
/// buffer doubles, runs spill under the memory budget, and the merge emits partition after partition. Ties in the
/// order keys are broken by input order, so the result is deterministic. Output rows come partition by partition
/// (partitions ascending by key), in rank order within each.
/// </remarks>
public sealed class RankOperator : IBatchOperator
{
    private readonly RowSchema _input;
    private readonly List<SortKey> _keys;
    private readonly int _partitionKeys;
    private readonly long _rankStart;
    private readonly long _rankEnd;
    private readonly bool _outputRank;
    private readonly string[] _names;
    private OperatorContext? _context;
    private RowSorter? _sorter;

    public RankOperator(RowSchema input, IReadOnlyList<int> partitionKeys, IReadOnlyList<SortKey> orderKeys, long rankStart, long rankEnd, bool outputRank)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(partitionKeys);
        ArgumentNullException.ThrowIfNull(orderKeys);
        if (rankStart < 1 || rankEnd < rankStart)
        {
            throw new ArgumentOutOfRangeException(nameof(rankStart), $"A row number range must satisfy 1 <= start <= end; got {rankStart}..{rankEnd}.");
        }

        _input = input;
        _keys = [.. partitionKeys.Select(SortKey.Ascending), .. orderKeys];
        _partitionKeys = partitionKeys.Count;
        _rankStart = rankStart;
        _rankEnd = rankEnd;
        _outputRank = outputRank;
        _names = outputRank ? [.. input.Names, "rn"] : [.. input.Names];
        OutputSchema = outputRank ? new RowSchema([.. input.Fields, new Field("rn", SqlType.BigInt.WithNullable(false))]) : input;
    }

    public string Name => "Rank";

    /// <summary>The input columns, then <c>rn BIGINT NOT NULL</c> when the row number is output.</summary>
    public RowSchema OutputSchema { get; }

    public void Open(OperatorContext context)
    {
        _context = context;
        _sorter = new RowSorter(_input, _keys, context, _partitionKeys, _rankStart, _rankEnd, spillPrefix: "rank");
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the rank operator before sending it batches.");
        _context!.Metrics.AddIn(batch.LiveCount);
        sorter.Add(batch);
    }

    public void EndInput(int input, IBatchCollector output)
    {
        RowSorter sorter = _sorter ?? throw new InvalidOperationException("Open the rank operator before ending its input.");
        OperatorContext context = _context!;
        sorter.Finish((batch, rowNumbers) =>
        {
            ColumnBatch result = batch;
            if (_outputRank)
            {
                using (batch)
                {
                    result = WithRank(batch, rowNumbers, context);
                }
            }

            context.Metrics.AddOut(result.Length);
            output.Collect(result);
        });
    }

    private ColumnBatch WithRank(ColumnBatch batch, ReadOnlySpan<long> rowNumbers, OperatorContext context)
    {
        var columns = new List<ColumnVector>(_names.Length);
        try
        {
            columns.AddRange(batch.Columns.Select(c => c.Share()));
            columns.Add(ColumnFactory.FromValues(SqlType.BigInt.WithNullable(false), rowNumbers, context.Pool));
            return new ColumnBatch(_names, columns, batch.Length);
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        _sorter?.Dispose();
        _sorter = null;
    }
}
