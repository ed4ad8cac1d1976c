using System.Numerics;
using System.Text;
using VecFlow.Vector.Kernels;

namespace VecFlow.Vector.Tests.Comparison;

/// <summary>Plain, obviously-correct scalar definitions the comparison kernels are checked against.</summary>
internal static class Reference
{
    /// <summary>Three-way order, or null when the values are unordered (a NaN is involved).</summary>
    public static int? Order<T>(T x, T y)
        where T : INumber<T>
    {
        if (T.IsNaN(x) || T.IsNaN(y))
        {
            return null;
        }

        return x < y ? -1 : x > y ? 1 : 0;
    }

    /// <summary>The result of a comparison given the operands' order; unordered values are only unequal.</summary>
    public static bool Holds(ComparisonOp op, int? order)
    {
        if (order is not int o)
        {
            return op == ComparisonOp.NotEqual;
        }

        return op switch
        {
            ComparisonOp.Equal => o == 0,
            ComparisonOp.NotEqual => o != 0,
            ComparisonOp.Less => o < 0,
            ComparisonOp.LessOrEqual => o <= 0,
            ComparisonOp.Greater => o > 0,
            ComparisonOp.GreaterOrEqual => o >= 0,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    /// <summary>Unicode code-point order, computed on scalar values (not on UTF-8 bytes, not on UTF-16 code units).</summary>
    public static int CodePointOrder(string x, string y)
    {
        StringRuneEnumerator a = x.EnumerateRunes();
        StringRuneEnumerator b = y.EnumerateRunes();
        while (true)
        {
            bool hasA = a.MoveNext();
            bool hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA ? 1 : hasB ? -1 : 0;
            }

            if (a.Current.Value != b.Current.Value)
            {
                return a.Current.Value < b.Current.Value ? -1 : 1;
            }
        }
    }

    /// <summary>Exact order of two decimals given as unscaled values and scales.</summary>
    public static int DecimalOrder(Int128 x, int xScale, Int128 y, int yScale)
    {
        int scale = Math.Max(xScale, yScale);
        BigInteger a = (BigInteger)x * BigInteger.Pow(10, scale - xScale);
        BigInteger b = (BigInteger)y * BigInteger.Pow(10, scale - yScale);
        return a.CompareTo(b);
    }
}
