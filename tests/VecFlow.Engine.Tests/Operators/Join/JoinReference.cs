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
        bool Matches(object?[] l, object?[] r) =>
            leftKeys.Select((k, i) => l[k] is not null && r[rightKeys[i]] is not null && Equals(l[k], r[rightKeys[i]])).All(x => x)
            && (condition is null || condition(l, r) == true);

        var pairs = (from l in left from r in right where Matches(l, r) select (object?[])[.. l, .. r]).ToList();
        return kind switch
        {
            JoinKind.Inner => pairs,
            JoinKind.Left => [.. pairs, .. UnmatchedLeft()],
            JoinKind.Right => [.. pairs, .. UnmatchedRight()],
            JoinKind.Full => [.. pairs, .. UnmatchedLeft(), .. UnmatchedRight()],
            JoinKind.Semi => [.. left.Where(l => right.Any(r => Matches(l, r)))],
            JoinKind.Anti => [.. left.Where(l => !right.Any(r => Matches(l, r)))],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        IEnumerable<object?[]> UnmatchedLeft() =>
            left.Where(l => !right.Any(r => Matches(l, r))).Select(l => (object?[])[.. l, .. new object?[rightWidth]]);

        IEnumerable<object?[]> UnmatchedRight() =>
            right.Where(r => !left.Any(l => Matches(l, r))).Select(r => (object?[])[.. new object?[leftWidth], .. r]);
    }

    /// <summary>Rows as sorted text lines, so two row multisets compare with one Assert.Equal.</summary>
    public static List<string> Canonical(IEnumerable<object?[]> rows) =>
        [.. rows.Select(r => string.Join(" | ", r.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];
}
