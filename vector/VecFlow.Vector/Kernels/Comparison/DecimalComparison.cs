using VecFlow.Vector.Bitmaps;

namespace VecFlow.Vector.Kernels;

/// <summary>DECIMAL comparison of Int128 unscaled values whose scales may differ.</summary>
/// <remarks>
/// Both sides are compared exactly at the larger scale: the side with the smaller scale is multiplied by 10^d. A value
/// too large to rescale (its product would leave Int128) is, by that fact, larger in magnitude than any Int128 on the
/// other side, so its sign alone decides the order; nothing wraps and nothing is rounded. Equal scales compare the
/// unscaled values directly.
/// </remarks>
internal static class DecimalComparison
{
    private const int MaxScaleDifference = 38;

    // 10^0 .. 10^38; 10^38 still fits in Int128 (max ~1.7 * 10^38).
    private static readonly Int128[] PowersOfTen = BuildPowersOfTen();

    // Largest magnitude that can be multiplied by 10^d without leaving Int128.
    private static readonly Int128[] RescaleLimits = [.. PowersOfTen.Select(p => Int128.MaxValue / p)];

    public static void Compare(
        ReadOnlySpan<Int128> left, int leftScale, ComparisonOp op, ReadOnlySpan<Int128> right, int rightScale, Span<ulong> destination)
    {
        int n = left.Length;
        if (leftScale == rightScale)
        {
            ComparisonKernels.Compare(left, op, right, destination);
        }
        else if (leftScale < rightScale)
        {
            int d = ScaleDifference(leftScale, rightScale);
            RowComparisonDriver.Invoke(new RescaledColumns(left, right, d, 1), op, n, destination);
        }
        else
        {
            // Rescale the right side instead and negate the order, so that it is still left versus right.
            int d = ScaleDifference(rightScale, leftScale);
            RowComparisonDriver.Invoke(new RescaledColumns(right, left, d, -1), op, n, destination);
        }
    }

    public static void Compare(
        ReadOnlySpan<Int128> left, int leftScale, ComparisonOp op, Int128 right, int rightScale, Span<ulong> destination)
    {
        int n = left.Length;
        if (rightScale > leftScale)
        {
            int d = ScaleDifference(leftScale, rightScale);
            RowComparisonDriver.Invoke(new RescaledColumnAndConstant(left, right, d), op, n, destination);
            return;
        }

        // The constant has the smaller scale: rescale it once and compare at the column's scale.
        int up = ScaleDifference(rightScale, leftScale);
        if (up == 0 || (right <= RescaleLimits[up] && right >= -RescaleLimits[up]))
        {
            ComparisonKernels.Compare(left, op, right * PowersOfTen[up], destination);
            return;
        }

        // The rescaled constant is beyond Int128, so every column value lies on the same side of it.
        bool holds = op.Holds(right > 0 ? -1 : 1);
        Span<ulong> words = destination[..Bits.WordCount(n)];
        if (holds)
        {
            Bits.SetAll(words, n);
        }
        else
        {
            words.Clear();
        }
    }

    /// <summary>Three-way order of <paramref name="low"/> * <paramref name="factor"/> (10^d, d &gt;= 1) against <paramref name="high"/>, exact for every Int128.</summary>
    private static int CompareRescaled(Int128 low, Int128 factor, Int128 limit, Int128 high)
    {
        if (low > limit)
        {
            return 1;
        }

        // For d >= 1 the product can never be exactly Int128.MinValue (10^d has a factor 5), so it lies below every Int128.
        if (low < -limit)
        {
            return -1;
        }

        return (low * factor).CompareTo(high);
    }

    private static int ScaleDifference(int lowScale, int highScale)
    {
        int d = highScale - lowScale;
        if (lowScale < 0 || d > MaxScaleDifference)
        {
            throw new ArgumentException(
                $"Cannot compare DECIMAL values of scales {lowScale} and {highScale}: scales must be 0..{MaxScaleDifference}.");
        }

        return d;
    }

    private static Int128[] BuildPowersOfTen()
    {
        var powers = new Int128[MaxScaleDifference + 1];
        powers[0] = Int128.One;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private readonly ref struct RescaledColumns(ReadOnlySpan<Int128> low, ReadOnlySpan<Int128> high, int d, int sign) : IRowComparison
    {
        private readonly ReadOnlySpan<Int128> _low = low;
        private readonly ReadOnlySpan<Int128> _high = high;
        private readonly Int128 _factor = PowersOfTen[d];
        private readonly Int128 _limit = RescaleLimits[d];
        private readonly int _sign = sign;

        public int Compare(int row) => _sign * CompareRescaled(_low[row], _factor, _limit, _high[row]);

        public bool Equal(int row) => CompareRescaled(_low[row], _factor, _limit, _high[row]) == 0;
    }

    private readonly ref struct RescaledColumnAndConstant(ReadOnlySpan<Int128> low, Int128 high, int d) : IRowComparison
    {
        private readonly ReadOnlySpan<Int128> _low = low;
        private readonly Int128 _high = high;
        private readonly Int128 _factor = PowersOfTen[d];
        private readonly Int128 _limit = RescaleLimits[d];

        public int Compare(int row) => CompareRescaled(_low[row], _factor, _limit, _high);

        public bool Equal(int row) => CompareRescaled(_low[row], _factor, _limit, _high) == 0;
    }
}
