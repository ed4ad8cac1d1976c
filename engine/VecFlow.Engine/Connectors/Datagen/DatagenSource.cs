using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors.Datagen;

/// <summary>Generated rows: random or sequence values per column, bounded by 'number-of-rows' or the sequences.</summary>
/// <remarks>
/// Every value is a pure function of the seed, the global row number and the column (see <see cref="CounterRandom"/>),
/// so the rows do not depend on how they are split. A bounded table splits its rows into even contiguous ranges (a
/// sequence column's range is split with them); an unbounded one deals rows out round-robin (split i gets rows
/// i, i + n, ...). Pacing: 'rows-per-second' (default 10000, shared evenly by the splits) applies when the table is
/// unbounded or when the option is set explicitly; a bounded table without it is generated as fast as it is read.
/// Random temporal values lie within 'max-past' before the moment the source was created.
/// </remarks>
public sealed class DatagenSource : ITableSource
{
    private readonly DatagenField[] _fields;
    private readonly TimeProvider _clock;

    internal DatagenSource(TableContext table, DatagenField[] fields, long? rows, double? rowsPerSecond, ulong seed, TimeProvider clock)
    {
        Table = table;
        _fields = fields;
        TotalRows = rows;
        RowsPerSecond = rowsPerSecond;
        Seed = seed;
        _clock = clock;
        BaseMillis = clock.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public TableContext Table { get; }

    /// <summary>The number of rows, or null when unbounded.</summary>
    public long? TotalRows { get; }

    /// <summary>Rows per second over all splits, or null when not paced.</summary>
    public double? RowsPerSecond { get; }

    public ulong Seed { get; }

    /// <summary>The instant random temporal values are generated before (the source's creation).</summary>
    public long BaseMillis { get; }

    public bool IsBounded => TotalRows is not null;

    internal IReadOnlyList<DatagenField> Fields => _fields;

    internal TimeProvider Clock => _clock;

    public IReadOnlyList<SourceSplit> PlanSplits(int parallelism)
    {
        int count = Math.Max(1, parallelism);
        var splits = new List<SourceSplit>(count);
        for (int i = 0; i < count; i++)
        {
            if (TotalRows is long total)
            {
                long start = (long)((Int128)total * i / count);
                long end = (long)((Int128)total * (i + 1) / count);
                splits.Add(new DatagenSplit(i, count, start, end, Strided: false));
            }
            else
            {
                splits.Add(new DatagenSplit(i, count, i, long.MaxValue, Strided: true));
            }
        }

        return splits;
    }

    public ISourceReader Open(SourceSplit split, IReadOnlyList<int> columns, OperatorContext context) => split is DatagenSplit rows
        ? new DatagenReader(this, rows, columns, context)
        : throw new ArgumentException($"The datagen source of table '{Table.Name}' cannot read the split '{split.Description}'.", nameof(split));

    internal RowSchema SchemaOf(IReadOnlyList<int> columns) => Table.PhysicalSchema.Select(columns);
}

/// <summary>
/// Rows of a datagen table: the contiguous global row numbers [<paramref name="Start"/>, <paramref name="End"/>), or
/// when <paramref name="Strided"/> the rows <paramref name="Index"/> + k * <paramref name="Count"/> without end.
/// </summary>
public sealed record DatagenSplit(int Index, int Count, long Start, long End, bool Strided)
    : SourceSplit(Strided ? $"datagen rows {Index} + k * {Count}" : $"datagen rows {Start}..{End - 1}");
