using System.Globalization;
using VecFlow.Vector.Decimals;

namespace VecFlow.Vector.Kernels;

/// <summary>Dropping decimal digits from exact values (unscaled Int128) and from doubles read as their shortest decimal text.</summary>
internal static class ExactRounding
{
    /// <summary>
    /// <paramref name="value"/> (at <paramref name="scale"/>) rounded to <paramref name="digits"/> places after the point
    /// (negative: before it), expressed at <paramref name="resultScale"/>.
    /// </summary>
    public static Int128 Round(Int128 value, int scale, int digits, int resultScale, RoundingMode mode)
    {
        int drop = scale - digits;
        Int128 atDigits;
        if (drop <= 0)
        {
            atDigits = value;
            digits = scale;
        }
        else if (drop > DecimalMath.MaxPrecision)
        {
            // |value| < 10^38 <= half of 10^drop: every value rounds to zero (FLOOR/CEIL of a fraction aside).
            atDigits = mode switch
            {
                RoundingMode.Floor when value < 0 => -1,
                RoundingMode.Ceiling when value > 0 => 1,
                _ => 0,
            };
            return atDigits == 0 ? 0 : atDigits * DecimalMath.Pow10(Math.Min(DecimalMath.MaxPrecision, resultScale - digits));
        }
        else
        {
            atDigits = Divide(value, DecimalMath.Pow10(drop), mode);
        }

        int shift = resultScale - digits;
        return shift switch
        {
            0 => atDigits,
            > 0 => shift > DecimalMath.MaxPrecision ? (atDigits == 0 ? 0 : Int128.MaxValue) : atDigits * DecimalMath.Pow10(shift),
            _ => Divide(atDigits, DecimalMath.Pow10(-shift), RoundingMode.TowardZero),
        };
    }

    /// <summary>value / divisor (divisor &gt; 0) rounded by <paramref name="mode"/>.</summary>
    public static Int128 Divide(Int128 value, Int128 divisor, RoundingMode mode)
    {
        Int128 quotient = value / divisor;
        Int128 remainder = value % divisor;
        if (remainder == 0)
        {
            return quotient;
        }

        return mode switch
        {
            RoundingMode.HalfUp => Int128.Abs(remainder) * 2 >= divisor ? quotient + Int128.Sign(value) : quotient,
            RoundingMode.Floor => value < 0 ? quotient - 1 : quotient,
            RoundingMode.Ceiling => value > 0 ? quotient + 1 : quotient,
            _ => quotient,
        };
    }

    /// <summary>
    /// ROUND / TRUNCATE of a DOUBLE as Flink computes it: on the shortest decimal text of the value
    /// (<c>BigDecimal.valueOf(x).setScale(d, mode)</c>), so ROUND(2.675, 2) is 2.68 although the binary value is below.
    /// </summary>
    public static double Round(double value, int digits, RoundingMode mode)
    {
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }

        double magnitude = Math.Abs(value);
        if (digits >= 0 && magnitude >= 4_503_599_627_370_496d)
        {
            // At and above 2^52 every double is a whole number: nothing after the point to drop.
            return value;
        }

        Span<char> text = stackalloc char[40];
        if (magnitude < 7.9e27 && magnitude > 1e-27
            && value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture)
            && decimal.TryParse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact))
        {
            MidpointRounding midpoint = mode == RoundingMode.HalfUp ? MidpointRounding.AwayFromZero : MidpointRounding.ToZero;
            if (digits >= 0)
            {
                return digits > 28 ? value : (double)decimal.Round(exact, digits, midpoint);
            }

            if (-digits > 28)
            {
                return 0;
            }

            decimal unit = Pow10Decimal(-digits);
            return (double)(decimal.Round(exact / unit, 0, midpoint) * unit);
        }

        // Beyond decimal's range: tiny values round to zero at any sensible number of digits, huge ones are whole.
        if (magnitude <= 1e-27)
        {
            return digits >= 27 ? value : 0;
        }

        double scaleFactor = Math.Pow(10, -digits);
        double scaled = value / scaleFactor;
        double rounded = mode == RoundingMode.HalfUp ? Math.Round(scaled, MidpointRounding.AwayFromZero) : Math.Truncate(scaled);
        return rounded * scaleFactor;
    }

    private static decimal Pow10Decimal(int exponent)
    {
        decimal result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
