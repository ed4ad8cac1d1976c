using VecFlow.Engine.Runtime;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// A TopN's <see cref="DynamicFilter"/> as a Parquet reader applies it: the latest cut-off as a scan predicate on the
/// column (DESC: column &gt;= cut-off, ASC: column &lt;= cut-off; a NULL cut-off with NULLS FIRST: column IS NULL).
/// </summary>
internal sealed class ParquetDynamicFilter
{
    private readonly DynamicFilter _filter;
    private readonly int _fileColumn;
    private DynamicCutoff? _applied;

    private ParquetDynamicFilter(DynamicFilter filter, int fileColumn, int position)
    {
        _filter = filter;
        _fileColumn = fileColumn;
        Position = position;
    }

    /// <summary>The filtered column's position among the reader's columns.</summary>
    public int Position { get; }

    /// <summary>True when NULL rows pass whatever the cut-off (they sort first).</summary>
    public bool NullsPass => _filter.NullsFirst;

    /// <summary>The filter of <paramref name="filter"/> for a reader of <paramref name="columns"/> (file schema indices <paramref name="read"/>); null when it does not apply.</summary>
    public static ParquetDynamicFilter? Create(DynamicFilter? filter, IReadOnlyList<int> read, IReadOnlyList<ParquetColumn> columns)
    {
        if (filter is null)
        {
            return null;
        }

        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == filter.Column)
            {
                return Planning.TopNDynamicFilters.Filterable(columns[i].Type.Kind) ? new ParquetDynamicFilter(filter, read[i], i) : null;
            }
        }

        return null;
    }

    /// <summary>Counts a row group skipped because of the cut-off.</summary>
    public void CountSkippedRowGroup() => _filter.CountSkippedRowGroup();

    /// <summary>
    /// True when the TopN published a cut-off since the last call: <paramref name="predicate"/> is then the one to
    /// apply from now on (null when every row may still enter).
    /// </summary>
    public bool TryRefresh(out ScanPredicate? predicate)
    {
        predicate = null;
        DynamicCutoff? cutoff = _filter.Cutoff;
        if (cutoff is null || ReferenceEquals(cutoff, _applied))
        {
            return false;
        }

        _applied = cutoff;
        ScalarValue value = cutoff.Value;
        if (value.Value is null)
        {
            // NULL is the N-th row: with NULLS FIRST only NULLs can still enter; with NULLS LAST every row can.
            predicate = _filter.NullsFirst ? new ScanPredicate(_fileColumn, ScanPredicateKind.IsNull, []) : null;
            return true;
        }

        predicate = new ScanPredicate(_fileColumn, _filter.Descending ? ScanPredicateKind.GreaterOrEqual : ScanPredicateKind.LessOrEqual, [value]);
        return true;
    }
}
