using System.Text;
using VecFlow.Engine.Operators;

namespace VecFlow.Engine.Tests.Operators.Sort;

/// <summary>The SQL order of managed row values, written plainly for test references.</summary>
internal sealed class ReferenceOrder(IReadOnlyList<SortKey> keys) : IComparer<object?[]>
{
    public int Compare(object?[]? x, object?[]? y)
    {
        foreach (SortKey key in keys)
        {
            int order = CompareKey(key, x![key.Column], y![key.Column]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    public static int CompareKey(SortKey key, object? a, object? b)
    {
        if (a is null || b is null)
        {
            if (a is null && b is null)
            {
                return 0;
            }

            return (a is null) == key.NullsFirst ? -1 : 1;
        }

        int order = CompareValues(a, b);
        return key.Descending ? -order : order;
    }

    public static int CompareValues(object a, object b) => (a, b) switch
    {
        (string s, string t) => Encoding.UTF8.GetBytes(s).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(t)),
        (double d, double e) => CompareDoubles(d, e),
        (float d, float e) => CompareDoubles(d, e),
        (Int128 d, Int128 e) => d.CompareTo(e),
        (bool d, bool e) => d.CompareTo(e),
        _ => Convert.ToInt64(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToInt64(b, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static int CompareDoubles(double d, double e)
    {
        if (double.IsNaN(d) || double.IsNaN(e))
        {
            return double.IsNaN(d) ? (double.IsNaN(e) ? 0 : 1) : -1;
        }

        return d == e ? 0 : d < e ? -1 : 1;
    }
}
