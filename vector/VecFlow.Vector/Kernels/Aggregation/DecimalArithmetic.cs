using System.Runtime.CompilerServices;

namespace VecFlow.Vector.Kernels.Aggregation;

/// <summary>Exact DECIMAL(38, s) arithmetic on unscaled Int128 values for SUM and AVG.</summary>
public static class DecimalArithmetic
{
    /// <summary>The largest unscaled value of 38 digits, 10^38 - 1.</summary>
    public static readonly Int128 MaxUnscaled = Int128.Parse("99999999999999999999999999999999999999", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Int128[] PowersOfTen = BuildPowers();

    /// <summary>10^exponent for 0..38.</summary>
    public static Int128 Pow10(int exponent) => PowersOfTen[exponent];

    /// <summary>a + b when the sum has at most 38 digits; false otherwise (including Int128 overflow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryAdd(Int128 a, Int128 b, out Int128 sum)
    {
        sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) >= Int128.Zero && sum <= MaxUnscaled && sum >= -MaxUnscaled;
    }

    /// <summary>
    /// dividend * 10^scaleUp / divisor rounded HALF_UP (ties away from zero, as SQL and Java's BigDecimal do); false
    /// when the quotient has more than 38 digits.
    /// </summary>
    public static bool TryDivideHalfUp(Int128 dividend, long divisor, int scaleUp, out Int128 quotient)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(divisor);
        Int128 factor = Pow10(scaleUp);
        Int128 whole = dividend / divisor;
        Int128 remainder = dividend % divisor;

        // |remainder| < divisor < 2^63, so remainder * 10^scaleUp (scaleUp <= 6 in practice, <= 38 allowed) is checked.
        Int128 limit = MaxUnscaled / factor;
        if (whole > limit || whole < -limit)
        {
            quotient = default;
            return false;
        }

        Int128 fraction;
        try
        {
            fraction = checked(remainder * factor);
        }
        catch (OverflowException)
        {
            quotient = default;
            return false;
        }

        Int128 fractionQuotient = fraction / divisor;
        Int128 fractionRemainder = Int128.Abs(fraction % divisor);
        if (fractionRemainder * 2 >= divisor)
        {
            fractionQuotient += Int128.Sign(dividend);
        }

        quotient = (whole * factor) + fractionQuotient;
        return quotient <= MaxUnscaled && quotient >= -MaxUnscaled;
    }

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[39];
        powers[0] = Int128.One;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
