using System.Globalization;
using System.Text;

namespace VecFlow.Sql.Corpus.Tests.Harness;

/// <summary>
/// Compares an engine's result with the reference result, as multisets or in order, value by value through
/// <see cref="SqlValue"/>, and describes a difference precisely: the query, its file and line, the row counts,
/// how many rows are missing or unexpected, and the first of them (or the first mismatching positions in order).
/// </summary>
public static class ResultComparer
{
    /// <summary>How many differing rows a message shows.</summary>
    public const int ShownRows = 8;

    public static ResultComparison Compare(CorpusQuery query, IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual) =>
        Compare(expected, actual, query.Ordered, query.Tolerance ?? SqlValue.DefaultTolerance, $"query '{query.Name}' ({query.Location})");

    public static ResultComparison Compare(IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual, bool ordered, double tolerance, string title)
    {
        List<object?[]> expectedRows = Normalize(expected);
        List<object?[]> actualRows = Normalize(actual);

        string? shape = ShapeDifference(expectedRows, actualRows);
        if (shape is not null)
        {
            return new ResultComparison(false, $"{title}: {shape}{Sample("expected", expectedRows)}{Sample("actual", actualRows)}", expectedRows.Count, actualRows.Count);
        }

        return ordered
            ? CompareInOrder(expectedRows, actualRows, tolerance, title)
            : CompareAsMultisets(expectedRows, actualRows, tolerance, title);
    }

    private static List<object?[]> Normalize(IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(row => row.Select(SqlValue.Normalize).ToArray())];

    private static string? ShapeDifference(List<object?[]> expected, List<object?[]> actual)
    {
        if (expected.Count == 0 || actual.Count == 0)
        {
            return null;
        }

        int expectedWidth = expected[0].Length;
        int actualWidth = actual[0].Length;
        return expectedWidth == actualWidth ? null : $"column counts differ: expected {expectedWidth} columns, actual {actualWidth}";
    }

    private static ResultComparison CompareInOrder(List<object?[]> expected, List<object?[]> actual, double tolerance, string title)
    {
        var mismatches = new List<string>();
        int mismatchCount = 0;
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            if (!RowsEqual(expected[i], actual[i], tolerance))
            {
                mismatchCount++;
                if (mismatches.Count < ShownRows)
                {
                    mismatches.Add($"  row {i}: expected {SqlValue.FormatRow(expected[i])}\n  {new string(' ', 6 + Digits(i))}actual   {SqlValue.FormatRow(actual[i])} (columns {string.Join(", ", DifferingColumns(expected[i], actual[i], tolerance))} differ)");
                }
            }
        }

        if (mismatchCount == 0 && expected.Count == actual.Count)
        {
            return ResultComparison.Match;
        }

        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{title}: ordered results differ: expected {expected.Count} rows, actual {actual.Count}; {mismatchCount} of the first {common} positions differ");
        if (mismatches.Count > 0)
        {
            message.Append("; first differences:\n").AppendJoin('\n', mismatches);
        }

        int missing = Math.Max(0, expected.Count - actual.Count);
        int unexpected = Math.Max(0, actual.Count - expected.Count);
        AppendRows(message, $"missing at the end ({missing})", expected.Skip(common));
        AppendRows(message, $"unexpected at the end ({unexpected})", actual.Skip(common));
        return new ResultComparison(false, message.ToString(), missing, unexpected);
    }

    private static ResultComparison CompareAsMultisets(List<object?[]> expected, List<object?[]> actual, double tolerance, string title)
    {
        expected.Sort(CompareRows);
        actual.Sort(CompareRows);

        // Merge walk over both sorted lists; rows equal within the tolerance pair up.
        var missing = new List<object?[]>();
        var unexpected = new List<object?[]>();
        int i = 0;
        int j = 0;
        while (i < expected.Count && j < actual.Count)
        {
            if (RowsEqual(expected[i], actual[j], tolerance))
            {
                i++;
                j++;
            }
            else if (CompareRows(expected[i], actual[j]) < 0)
            {
                missing.Add(expected[i++]);
            }
            else
            {
                unexpected.Add(actual[j++]);
            }
        }

        missing.AddRange(expected.Skip(i));
        unexpected.AddRange(actual.Skip(j));

        // Doubles that differ within the tolerance can sort on different sides of a neighbour; pair those leftovers.
        PairWithinTolerance(missing, unexpected, tolerance);
        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return ResultComparison.Match;
        }

        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{title}: results differ (as multisets): expected {expected.Count} rows, actual {actual.Count}; {missing.Count} missing, {unexpected.Count} unexpected");
        AppendRows(message, $"missing (expected but not returned, {missing.Count})", missing);
        AppendRows(message, $"unexpected (returned but not expected, {unexpected.Count})", unexpected);
        return new ResultComparison(false, message.ToString(), missing.Count, unexpected.Count);
    }

    private static void PairWithinTolerance(List<object?[]> missing, List<object?[]> unexpected, double tolerance)
    {
        // Quadratic, so bounded: a real difference with many rows is reported as it is.
        if (missing.Count == 0 || unexpected.Count == 0 || (long)missing.Count * unexpected.Count > 4_000_000)
        {
            return;
        }

        for (int m = missing.Count - 1; m >= 0; m--)
        {
            int match = unexpected.FindIndex(row => RowsEqual(missing[m], row, tolerance));
            if (match >= 0)
            {
                missing.RemoveAt(m);
                unexpected.RemoveAt(match);
            }
        }
    }

    private static void AppendRows(StringBuilder message, string label, IEnumerable<object?[]> rows)
    {
        List<object?[]> shown = [.. rows.Take(ShownRows + 1)];
        if (shown.Count == 0)
        {
            return;
        }

        message.Append('\n').Append(label).Append(shown.Count > ShownRows ? ", first " + ShownRows : "").Append(':');
        foreach (object?[] row in shown.Take(ShownRows))
        {
            message.Append("\n  ").Append(SqlValue.FormatRow(row));
        }
    }

    private static string Sample(string label, List<object?[]> rows) =>
        rows.Count == 0 ? $"\n{label}: no rows" : $"\n{label} first row: {SqlValue.FormatRow(rows[0])}";

    private static bool RowsEqual(object?[] expected, object?[] actual, double tolerance)
    {
        if (expected.Length != actual.Length)
        {
            return false;
        }

        for (int c = 0; c < expected.Length; c++)
        {
            if (!SqlValue.AreEqual(expected[c], actual[c], tolerance))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<int> DifferingColumns(object?[] expected, object?[] actual, double tolerance) =>
        Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .Where(c => c >= expected.Length || c >= actual.Length || !SqlValue.AreEqual(expected[c], actual[c], tolerance));

    private static int CompareRows(object?[] left, object?[] right)
    {
        for (int c = 0; c < Math.Min(left.Length, right.Length); c++)
        {
            int order = SqlValue.Compare(left[c], right[c]);
            if (order != 0)
            {
                return order;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;
}
