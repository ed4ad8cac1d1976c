using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>A table of generated Nexmark events (persons, auctions, bids), bounded when <c>events.num</c> is set.</summary>
/// <remarks>
/// The seed and base time are fixed when the source is created, so every reader of every split agrees on them, and
/// each event's fields are a pure function of (seed, event number): the rows are the same at any parallelism and
/// under any split plan. See <see cref="NexmarkSplit"/> for how event numbers are divided.
/// </remarks>
public sealed class NexmarkTableSource : ITableSource
{
    private readonly TableContext _table;
    private readonly NexmarkColumn[] _columns;
    private readonly NexmarkEventModel _model;
    private readonly NexmarkRandom _random;
    private readonly TimeProvider _clock;

    internal NexmarkTableSource(TableContext table, TimeProvider clock)
    {
        _table = table;
        _clock = clock;
        Options = NexmarkOptions.Parse(table.Options, clock);
        _columns = [.. table.PhysicalSchema.Fields.Select(f => NexmarkColumn.Bind(table.Name, f.Name, f.Type, Options))];
        _model = new NexmarkEventModel(Options);
        _random = new NexmarkRandom(Options.Seed);
    }

    /// <summary>The checked options, including the seed and base time actually used.</summary>
    public NexmarkOptions Options { get; }

    /// <summary>The table's declared (flattened) columns, each bound to a generated field.</summary>
    public RowSchema PhysicalSchema => _table.PhysicalSchema;

    public bool IsBounded => Options.IsBounded;

    public IReadOnlyList<SourceSplit> PlanSplits(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (!IsBounded)
        {
            return [.. Enumerable.Range(0, parallelism).Select(i => new NexmarkSplit(i, parallelism, null))];
        }

        long total = Options.EventCount;
        int splits = (int)Math.Min(parallelism, total);
        if (Options.RateLimited && !Options.MaxEmitSpeed)
        {
            // Paced readers emit by event time: interleaved splits run side by side at the table's rate, where
            // contiguous ranges would run one after the other and hold the other splits' watermarks back meanwhile.
            return [.. Enumerable.Range(0, splits).Select(i => new NexmarkSplit(i, splits, ((total - i - 1) / splits) + 1))];
        }

        long size = total / splits;
        long rest = total % splits;
        var result = new List<SourceSplit>(splits);
        long first = 0;
        for (int i = 0; i < splits; i++)
        {
            long count = size + (i < rest ? 1 : 0);
            result.Add(new NexmarkSplit(first, 1, count));
            first += count;
        }

        return result;
    }

    public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context)
    {
        if (split is not NexmarkSplit events)
        {
            throw new ArgumentException($"Split '{split.Description}' was not planned by a nexmark source.", nameof(split));
        }

        var selected = new NexmarkColumn[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            int index = columns[i];
            if (index < 0 || index >= _columns.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(columns), index, $"Table '{_table.Name}' has {_columns.Length} physical columns.");
            }

            selected[i] = _columns[index];
        }

        bool paced = Options.RateLimited && !Options.MaxEmitSpeed;
        return new NexmarkSourceReader(
            events,
            selected,
            _table.PhysicalSchema.Select(columns),
            new NexmarkEventGenerator(_random),
            _model,
            context,
            paced ? _clock : null);
    }
}
