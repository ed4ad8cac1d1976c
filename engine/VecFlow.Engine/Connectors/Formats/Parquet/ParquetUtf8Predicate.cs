using System.Text;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// The conjunction of the pushed predicates on one VARCHAR column, tested on a value's UTF-8 bytes as the page decoder
/// returns them, so a column read only for the filter is never built as a column at all.
/// </summary>
/// <remarks>
/// Orders as the comparison kernels do (byte-wise ordinal over UTF-8, the binary collation): a row passes when every
/// term is TRUE; a NULL passes IS NULL alone.
/// </remarks>
internal sealed class ParquetUtf8Predicate
{
    private readonly Term[] _terms;

    public ParquetUtf8Predicate(IEnumerable<(ScanPredicateKind Kind, IReadOnlyList<ScalarValue> Values)> terms)
    {
        _terms = [.. terms.Select(t => new Term(t.Kind, [.. t.Values.Select(v => Encoding.UTF8.GetBytes((string)v.Value!))]))];
        MatchesNull = _terms.All(t => t.Kind == ScanPredicateKind.IsNull);
    }

    /// <summary>Whether a NULL passes every term.</summary>
    public bool MatchesNull { get; }

    /// <summary>Whether a present value passes every term.</summary>
    public bool Matches(ReadOnlySpan<byte> value)
    {
        foreach (Term term in _terms)
        {
            if (!term.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Term(ScanPredicateKind Kind, byte[][] Literals)
    {
        public bool Matches(ReadOnlySpan<byte> value) => Kind switch
        {
            ScanPredicateKind.Equal => value.SequenceEqual(Literals[0]),
            ScanPredicateKind.NotEqual => !value.SequenceEqual(Literals[0]),
            ScanPredicateKind.Less => value.SequenceCompareTo(Literals[0]) < 0,
            ScanPredicateKind.LessOrEqual => value.SequenceCompareTo(Literals[0]) <= 0,
            ScanPredicateKind.Greater => value.SequenceCompareTo(Literals[0]) > 0,
            ScanPredicateKind.GreaterOrEqual => value.SequenceCompareTo(Literals[0]) >= 0,
            ScanPredicateKind.Between => value.SequenceCompareTo(Literals[0]) >= 0 && value.SequenceCompareTo(Literals[1]) <= 0,
            ScanPredicateKind.In => Any(value),
            ScanPredicateKind.IsNull => false,
            ScanPredicateKind.IsNotNull => true,
            _ => throw new InvalidOperationException($"{Kind} is not a predicate on a VARCHAR column."),
        };

        private bool Any(ReadOnlySpan<byte> value)
        {
            foreach (byte[] literal in Literals)
            {
                if (value.SequenceEqual(literal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
