using VecFlow.Engine.Schema;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors;

/// <summary>How a <see cref="ScanPredicate"/> compares its column with its values.</summary>
public enum ScanPredicateKind
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>Values[0] &lt;= column &lt;= Values[1].</summary>
    Between,

    /// <summary>The column equals one of Values.</summary>
    In,
    IsNull,
    IsNotNull,
}

/// <summary>
/// A condition on one physical column of a scanned table (a conjunct of the filter right above the scan), compared
/// with literals of the column's type. A source may skip data that cannot satisfy it (a Parquet row group whose
/// statistics rule it out) and drop rows for which it is not TRUE (NULL or FALSE); it never has to: the filter above
/// the scan still checks every row it returns, except for the predicates the planner made exact
/// (<see cref="ITableSource.AppliesExactly"/>), which the source must apply.
/// </summary>
public sealed record ScanPredicate(int Column, ScanPredicateKind Kind, IReadOnlyList<ScalarValue> Values)
{
    public bool Equals(ScanPredicate? other) =>
        other is not null && Column == other.Column && Kind == other.Kind && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Column, Kind, Values.Count);

    public override string ToString() => Describe(null);

    /// <summary>The predicate as SQL, naming the column from <paramref name="schema"/> when given.</summary>
    public string Describe(RowSchema? schema)
    {
        string column = schema is not null && Column < schema.Count ? schema[Column].Name : $"${Column}";
        return Kind switch
        {
            ScanPredicateKind.IsNull => $"{column} IS NULL",
            ScanPredicateKind.IsNotNull => $"{column} IS NOT NULL",
            ScanPredicateKind.Between => $"{column} BETWEEN {Values[0]} AND {Values[1]}",
            ScanPredicateKind.In => $"{column} IN ({string.Join(", ", Values)})",
            _ => $"{column} {Symbol(Kind)} {Values[0]}",
        };
    }

    private static string Symbol(ScanPredicateKind kind) => kind switch
    {
        ScanPredicateKind.Equal => "=",
        ScanPredicateKind.NotEqual => "<>",
        ScanPredicateKind.Less => "<",
        ScanPredicateKind.LessOrEqual => "<=",
        ScanPredicateKind.Greater => ">",
        _ => ">=",
    };
}
