using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Engine.Spill;
using VecFlow.Vector.Batches;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Aggregate;

/// <summary>Batch GROUP BY (or a global aggregate without keys): hashes keys to groups, emits every group at the end of input.</summary>
/// <remarks>
/// <para>Output: the group key columns (input names and types), then one column per aggregate (its name and result
/// type). Without group keys exactly one row comes out, also for empty input (COUNT 0, the others NULL).</para>
/// <para>Under a memory budget the operator spills raw rows of the groups that do not fit into hash partitions and
/// aggregates each partition afterwards, recursively on fresh hash bits (see <see cref="AggregationPass"/>). After
/// <see cref="MaxSpillLevels"/> levels a partition is aggregated without the budget: what is left there is a few keys
/// too large to split, and their state is small.</para>
/// </remarks>
public sealed class HashAggregateOperator : IBatchOperator
{
    /// <summary>Spill levels after which a partition is aggregated in memory whatever the budget.</summary>
    public const int MaxSpillLevels = 8;

    /// <summary>Rows per batch when spilled rows are read back (the spill files hold many small batches).</summary>
    private const int MinRefillRows = 64;
    private const int MaxRefillRows = 16_384;

    private readonly RowSchema _input;
    private readonly IReadOnlyList<int> _groupKeys;
    private readonly IReadOnlyList<AggregateCall> _aggregates;
    private readonly IReadOnlyList<string> _outputNames;
    private OperatorContext? _context;
    private AggregationPass? _pass;

    public HashAggregateOperator(RowSchema input, IReadOnlyList<int> groupKeys, IReadOnlyList<AggregateCall> aggregates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(groupKeys);
        ArgumentNullException.ThrowIfNull(aggregates);
        _input = input;
        _groupKeys = [.. groupKeys];
        _aggregates = [.. aggregates];
        Validate();
        var fields = new List<Field>(_groupKeys.Count + _aggregates.Count);
        fields.AddRange(_groupKeys.Select(k => input[k]));
        fields.AddRange(_aggregates.Select(a => new Field(a.Name, a.ResultType)));
        OutputSchema = new RowSchema(fields);
        _outputNames = OutputSchema.Names;
    }

    public string Name => "HashAggregate";

    /// <summary>The group key columns, then one column per aggregate.</summary>
    public RowSchema OutputSchema { get; }

    public void Open(OperatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _pass = NewPass(0);
    }

    public void Process(int input, ColumnBatch batch, IBatchCollector output)
    {
        using (batch)
        {
            CheckInput(input);
            AggregationPass pass = _pass ?? throw new InvalidOperationException("HashAggregate received a batch before Open or after the end of its input.");
            _context!.Cancellation.ThrowIfCancellationRequested();
            _context.Metrics.AddIn(batch.LiveCount);
            pass.Add(batch);
        }
    }

    public void EndInput(int input, IBatchCollector output)
    {
        CheckInput(input);
        AggregationPass pass = _pass ?? throw new InvalidOperationException("HashAggregate's input ended twice, or before Open.");
        _pass = null;
        Drain(pass, output);
    }

    public void Dispose()
    {
        _pass?.Dispose();
        _pass = null;
    }

    /// <summary>Emits what <paramref name="pass"/> holds, then aggregates each of its spill partitions one level deeper; disposes the pass.</summary>
    private void Drain(AggregationPass pass, IBatchCollector output)
    {
        List<SpillFile> partitions;
        int level = pass.Level;
        try
        {
            pass.Emit(_outputNames, output);
            partitions = pass.TakeSpilled();
        }
        finally
        {
            pass.Dispose();
        }

        try
        {
            foreach (SpillFile partition in partitions)
            {
                AggregationPass next = NewPass(level + 1);
                try
                {
                    Refill(next, partition);
                }
                catch
                {
                    next.Dispose();
                    throw;
                }

                // The rows are all in the next pass or its own partitions now.
                partition.Dispose();
                Drain(next, output);
            }
        }
        finally
        {
            partitions.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Feeds a spill partition to the next pass, joining its small batches into batches of about <see cref="OperatorContext.BatchRows"/> rows.</summary>
    private void Refill(AggregationPass next, SpillFile partition)
    {
        OperatorContext context = _context!;
        int target = Math.Clamp(context.BatchRows, MinRefillRows, MaxRefillRows);
        var pending = new List<ColumnBatch>();
        int pendingRows = 0;
        try
        {
            foreach (ColumnBatch batch in partition.Read(context.Pool))
            {
                pending.Add(batch);
                pendingRows += batch.Length;
                if (pendingRows >= target)
                {
                    AddPending(next, pending);
                    pendingRows = 0;
                }
            }

            AddPending(next, pending);
        }
        finally
        {
            pending.ForEach(b => b.Dispose());
        }
    }

    private void AddPending(AggregationPass next, List<ColumnBatch> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        _context!.Cancellation.ThrowIfCancellationRequested();
        using (ColumnBatch joined = BatchConcatenation.Concatenate(pending, _context.Pool))
        {
            pending.ForEach(b => b.Dispose());
            pending.Clear();
            next.Add(joined);
        }
    }

    private AggregationPass NewPass(int level) =>
        new(_input, _groupKeys, _aggregates, _context!, level, maySpill: level < MaxSpillLevels);

    private static void CheckInput(int input)
    {
        if (input != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, "HashAggregate has one input (0).");
        }
    }

    private void Validate()
    {
        foreach (int key in _groupKeys)
        {
            CheckColumn(key, "group key");
        }

        foreach (AggregateCall call in _aggregates)
        {
            if (call.Argument is { } argument)
            {
                CheckColumn(argument, $"argument of {call}");
            }
            else if (call.Function != AggregateFunction.CountStar)
            {
                throw new ArgumentException($"{call} needs an argument column; only COUNT(*) has none.", nameof(_aggregates));
            }

            if (call.Filter is { } filter)
            {
                CheckColumn(filter, $"filter of {call}");
                if (_input[filter].Type.Kind != SqlTypeKind.Boolean)
                {
                    throw new ArgumentException($"The filter of {call} is column ${filter} of type {_input[filter].Type}; a FILTER needs a BOOLEAN column.", nameof(_aggregates));
                }
            }
        }
    }

    private void CheckColumn(int column, string what)
    {
        if ((uint)column >= (uint)_input.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The {what} is column {column}, but the input {_input} has {_input.Count} columns.");
        }
    }
}
