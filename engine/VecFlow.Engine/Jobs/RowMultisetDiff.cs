using VecFlow.Engine.Sessions;

namespace VecFlow.Engine.Jobs;

/// <summary>The multiset difference of two query results: which rows (with multiplicity) one side has and the other lacks.</summary>
/// <remarks>
/// Order does not matter, duplicates do: a row twice on one side and once on the other is one difference. Values compare
/// by their .NET equality (decimals exactly; NULL equals NULL here, as rows of a result); FLOAT and DOUBLE compare after
/// rounding to <see cref="DoubleDigits"/> significant digits, because streaming and batch may sum in a different order.
/// </remarks>
public static class RowMultisetDiff
{
    public const int DoubleDigits = 12;

    /// <summary>Rows of <paramref name="expected"/> missing from <paramref name="actual"/> ("-") and extra in it ("+"), "-" first.</summary>
    /// <exception cref="ArgumentException">The two results have different numbers of columns.</exception>
    public static IReadOnlyList<RowDifference> Compare(QueryResult expected, QueryResult actual, int query = 0)
    {
        if (expected.Schema.Count != actual.Schema.Count)
        {
            throw new ArgumentException(
                $"query {query} returns {expected.Schema.Count} columns ({string.Join(", ", expected.Schema.Names)}) on one side and {actual.Schema.Count} ({string.Join(", ", actual.Schema.Names)}) on the other");
        }

        var counts = new Dictionary<RowKey, int>();
        foreach (object?[] row in expected.Rows)
        {
            var key = new RowKey(row);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var extra = new List<object?[]>();
        foreach (object?[] row in actual.Rows)
        {
            var key = new RowKey(row);
            if (counts.TryGetValue(key, out int n) && n > 0)
            {
                counts[key] = n - 1;
            }
            else
            {
                extra.Add(row);
            }
        }

        IReadOnlyList<string> columns = expected.Schema.Names;
        var differences = new List<RowDifference>();
        foreach (object?[] row in expected.Rows)
        {
            var key = new RowKey(row);
            if (counts.TryGetValue(key, out int n) && n > 0)
            {
                counts[key] = n - 1;
                differences.Add(new RowDifference(query, RowDifference.Missing, columns, row));
            }
        }

        differences.AddRange(extra.Select(row => new RowDifference(query, RowDifference.Extra, columns, row)));
        return differences;
    }

    /// <summary>Compares the i-th result of one list with the i-th of the other; a result missing on one side counts all its rows.</summary>
    public static IReadOnlyList<RowDifference> Compare(IReadOnlyList<QueryResult> expected, IReadOnlyList<QueryResult> actual)
    {
        var differences = new List<RowDifference>();
        for (int q = 0; q < Math.Max(expected.Count, actual.Count); q++)
        {
            if (q >= actual.Count)
            {
                differences.AddRange(expected[q].Rows.Select(r => new RowDifference(q, RowDifference.Missing, expected[q].Schema.Names, r)));
            }
            else if (q >= expected.Count)
            {
                differences.AddRange(actual[q].Rows.Select(r => new RowDifference(q, RowDifference.Extra, actual[q].Schema.Names, r)));
            }
            else
            {
                differences.AddRange(Compare(expected[q], actual[q], q));
            }
        }

        return differences;
    }

    /// <summary>A row as a dictionary key: element-wise equality with doubles rounded.</summary>
    private readonly struct RowKey(object?[] row) : IEquatable<RowKey>
    {
        private readonly object?[] _row = row;

        public bool Equals(RowKey other)
        {
            if (_row.Length != other._row.Length)
            {
                return false;
            }

            for (int i = 0; i < _row.Length; i++)
            {
                if (!Equals(Normalize(_row[i]), Normalize(other._row[i])))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (object? value in _row)
            {
                hash.Add(Normalize(value));
            }

            return hash.ToHashCode();
        }

        private static object? Normalize(object? value) => value switch
        {
            double d => Round(d),
            float f => Round(f),
            _ => value,
        };

        private static double Round(double d)
        {
            if (d == 0 || double.IsNaN(d) || double.IsInfinity(d))
            {
                return d == 0 ? 0.0 : d;
            }

            double scale = Math.Pow(10, DoubleDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(d))));
            return Math.Round(d * scale) / scale;
        }
    }
}
