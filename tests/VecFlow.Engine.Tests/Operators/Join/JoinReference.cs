using System.Globalization;
using VecFlow.Engine.Operators;

namespace VecFlow.Engine.Tests.Operators.Join;

/// <summary>The obviously-correct join: nested loops over managed rows with SQL NULL semantics.</summary>
internal static class JoinReference
{
    /// <summary>The expected rows; <paramref name="condition"/> returns null for SQL NULL, and only true matches.</summary>
    public static List<object?[]> Join(
        JoinKind kind,
        IReadOnlyList<object?[]> left,
        IReadOnlyList<object?[]> right,
        int leftWidth,
        int rightWidth,
        IReadOnlyList<int> leftKeys,
        IReadOnlyList<int> rightKeys,
        Func<object?[], object?[], bool?>? condition)
    {
        // Candidates by key text (rows with a NULL key have none); then the condition decides, pair by pair.
        ILookup<string, object?[]> rightByKey = right.Where(r => KeyOf(r, rightKeys) is not null).ToLookup(r => KeyOf(r, rightKeys)!);
        var pairs = new List<object?[]>();
        var matchedLeft = new HashSet<object?[]>(ReferenceEqualityComparer.Instance);
        var matchedRight = new HashSet<object?[]>(ReferenceEqualityComparer.Instance);
        foreach (object?[] l in left)
        {
            if (KeyOf(l, leftKeys) is not { } key)
            {
                continue;
            }

            foreach (object?[] r in rightByKey[key])
            {
                if (condition is null || condition(l, r) == true)
                {
                    pairs.Add([.. l, .. r]);
                    matchedLeft.Add(l);
                    matchedRight.Add(r);
                }
            }
        }

        var unmatchedLeft = left.Where(l => !matchedLeft.Contains(l)).Select(l => (object?[])[.. l, .. new object?[rightWidth]]);
        var unmatchedRight = right.Where(r => !matchedRight.Contains(r)).Select(r => (object?[])[.. new object?[leftWidth], .. r]);
        return kind switch
        {
            JoinKind.Inner => pairs,
            JoinKind.Left => [.. pairs, .. unmatchedLeft],
            JoinKind.Right => [.. pairs, .. unmatchedRight],
            JoinKind.Full => [.. pairs, .. unmatchedLeft, .. unmatchedRight],
            JoinKind.Semi => [.. left.Where(matchedLeft.Contains)],
            JoinKind.Anti => [.. left.Where(l => !matchedLeft.Contains(l))],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>The key values as text, or null when one of them is NULL (SQL equality never matches NULL).</summary>
    private static string? KeyOf(object?[] row, IReadOnlyList<int> keys) =>
        keys.Any(k => row[k] is null)
            ? null
            : string.Join("\u0001", keys.Select(k => $"{row[k]!.GetType().Name}:{Convert.ToString(row[k], CultureInfo.InvariantCulture)}"));

    /// <summary>Rows as sorted text lines, so two row multisets compare with one Assert.Equal.</summary>
    public static List<string> Canonical(IEnumerable<object?[]> rows) =>
        [.. rows.Select(r => string.Join(" | ", r.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
}
