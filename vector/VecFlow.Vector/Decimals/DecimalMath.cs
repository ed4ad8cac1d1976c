using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VecFlow.Vector.Decimals;

/// <summary>Exact DECIMAL(p, s) arithmetic over <see cref="Int128"/> unscaled values, with SQL rounding and precision checks.</summary>
/// <remarks>
/// A DECIMAL(p, s) value v is stored as the integer v * 10^s; it fits when |unscaled| &lt; 10^p. Every operation is
/// exact: it computes the true result (falling back to <see cref="BigInteger"/> only when an intermediate value
/// would not fit 128 bits, e.g. DECIMAL(38, 0) + DECIMAL(38, 38)), rounds it once, HALF_UP (ties away from zero, as
/// Java's <c>RoundingMode.HALF_UP</c> that Flink uses), to the result scale, and then checks the result precision.
/// <c>Try*</c> methods return false when the result does not fit (or the divisor is zero); the others throw
/// <see cref="OverflowException"/> / <see cref="DivideByZeroException"/>.
/// </remarks>
[SkipLocalsInit]
public static class DecimalMath
{
    public const int MaxPrecision = 38;

    /// <summary>Characters <see cref="Format(Int128, int, Span{byte})"/> may need: sign, 39 digits, point, a leading zero.</summary>
    public const int MaxFormattedLength = 42;

    private static readonly Int128[] Powers = CreatePowers();

    // Largest magnitude that can be multiplied by 10^k without leaving Int128.
    private static readonly Int128[] ScaleUpLimits = CreateScaleUpLimits();

    private static readonly double[] DoublePowers =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>10^0 .. 10^38.</summary>
    public static ReadOnlySpan<Int128> Pow10Table => Powers;

    /// <summary>10^<paramref name="exponent"/>, for 0..38.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Pow10(int exponent) => Powers[exponent];

    /// <summary>True when <paramref name="unscaled"/> has at most <paramref name="precision"/> digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FitsPrecision(Int128 unscaled, int precision)
    {
        Int128 limit = Powers[precision];
        return unscaled < limit && unscaled > -limit;
    }

    /// <summary>Number of decimal digits of |value| (1 for zero).</summary>
    public static int DigitCount(Int128 value)
    {
        UInt128 magnitude = Magnitude(value);
        int digits = 1;
        while (digits <= MaxPrecision && magnitude >= (UInt128)Powers[digits])
        {
            digits++;
        }

        return digits;
    }

    /// <summary>
    /// Moves <paramref name="unscaled"/> from <paramref name="fromScale"/> to <paramref name="toScale"/>: exactly when
    /// the scale grows (false if the value leaves 128 bits), rounding HALF_UP when it shrinks.
    /// </summary>
    public static bool TryRescale(Int128 unscaled, int fromScale, int toScale, out Int128 result)
    {
        if (toScale >= fromScale)
        {
            return TryScaleUp(unscaled, toScale - fromScale, out result);
        }

        result = DivideRoundHalfUp(unscaled, fromScale - toScale);
        return true;
    }

    /// <summary>Rescales like <see cref="TryRescale(Int128, int, int, out Int128)"/> and checks the result fits DECIMAL(precision, toScale).</summary>
    public static bool TryRescale(Int128 unscaled, int fromScale, int precision, int toScale, out Int128 result) =>
        TryRescale(unscaled, fromScale, toScale, out result) && FitsPrecision(result, precision);

    /// <summary>Rescales exactly up or HALF_UP down; throws <see cref="OverflowException"/> when 128 bits do not suffice.</summary>
    public static Int128 Rescale(Int128 unscaled, int fromScale, int toScale) =>
        TryRescale(unscaled, fromScale, toScale, out Int128 result)
            ? result
            : throw new OverflowException($"{Format(unscaled, fromScale)} does not fit 38 digits at scale {toScale}.");

    /// <summary>x + y rounded HALF_UP to DECIMAL(precision, scale); false when it does not fit.</summary>
    public static bool TryAdd(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale, out Int128 result)
    {
        int common = Math.Max(xScale, yScale);
        if (TryScaleUp(x, common - xScale, out Int128 xs) && TryScaleUp(y, common - yScale, out Int128 ys))
        {
            Int128 sum = xs + ys;
            if (((xs ^ sum) & (ys ^ sum)) >= 0)
            {
                return TryFinish(sum, common, precision, scale, out result);
            }
        }

        BigInteger big = ScaleUpBig(x, common - xScale) + ScaleUpBig(y, common - yScale);
        return TryFinishBig(big, common, precision, scale, out result);
    }

    /// <summary>x - y rounded HALF_UP to DECIMAL(precision, scale); false when it does not fit.</summary>
    public static bool TrySubtract(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale, out Int128 result)
    {
        int common = Math.Max(xScale, yScale);
        if (TryScaleUp(x, common - xScale, out Int128 xs) && TryScaleUp(y, common - yScale, out Int128 ys))
        {
            Int128 difference = xs - ys;
            if (((xs ^ ys) & (xs ^ difference)) >= 0)
            {
                return TryFinish(difference, common, precision, scale, out result);
            }
        }

        BigInteger big = ScaleUpBig(x, common - xScale) - ScaleUpBig(y, common - yScale);
        return TryFinishBig(big, common, precision, scale, out result);
    }

    /// <summary>x * y (exact at scale xScale + yScale) rounded HALF_UP to DECIMAL(precision, scale); false when it does not fit.</summary>
    public static bool TryMultiply(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale, out Int128 result)
    {
        int productScale = xScale + yScale;
        UInt128 mx = Magnitude(x);
        UInt128 my = Magnitude(y);

        // |x| < 2^(128 - lz(x)), so the product stays below 2^127 when the leading zeros add up to 129 or more.
        if ((int)(UInt128.LeadingZeroCount(mx) + UInt128.LeadingZeroCount(my)) >= 129)
        {
            return TryFinish(x * y, productScale, precision, scale, out result);
        }

        return TryFinishBig((BigInteger)x * (BigInteger)y, productScale, precision, scale, out result);
    }

    /// <summary>x / y rounded HALF_UP to DECIMAL(precision, scale); false when it does not fit or y is zero.</summary>
    public static bool TryDivide(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale, out Int128 result)
    {
        if (y == Int128.Zero)
        {
            result = default;
            return false;
        }

        // x / 10^xs / (y / 10^ys) * 10^scale = x * 10^(scale - xs + ys) / y.
        int shift = scale - xScale + yScale;
        if (shift >= 0 && TryScaleUp(x, shift, out Int128 numerator))
        {
            result = DivideRoundHalfUp(numerator, y);
            return FitsPrecision(result, precision);
        }

        BigInteger n = (BigInteger)x;
        BigInteger d = (BigInteger)y;
        if (shift >= 0)
        {
            n *= BigInteger.Pow(10, shift);
        }
        else
        {
            d *= BigInteger.Pow(10, -shift);
        }

        return TryNarrow(DivideRoundHalfUp(n, d), precision, out result);
    }

    /// <summary>x % y (sign of x, exact at the larger scale) as DECIMAL(precision, scale); false when it does not fit or y is zero.</summary>
    public static bool TryModulo(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale, out Int128 result)
    {
        if (y == Int128.Zero)
        {
            result = default;
            return false;
        }

        int common = Math.Max(xScale, yScale);
        if (TryScaleUp(x, common - xScale, out Int128 xs) && TryScaleUp(y, common - yScale, out Int128 ys))
        {
            return TryFinish(xs % ys, common, precision, scale, out result);
        }

        BigInteger remainder = BigInteger.Remainder(ScaleUpBig(x, common - xScale), ScaleUpBig(y, common - yScale));
        return TryFinishBig(remainder, common, precision, scale, out result);
    }

    public static Int128 Add(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale) =>
        TryAdd(x, xScale, y, yScale, precision, scale, out Int128 r) ? r : throw Overflow(precision, scale);

    public static Int128 Subtract(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale) =>
        TrySubtract(x, xScale, y, yScale, precision, scale, out Int128 r) ? r : throw Overflow(precision, scale);

    public static Int128 Multiply(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale) =>
        TryMultiply(x, xScale, y, yScale, precision, scale, out Int128 r) ? r : throw Overflow(precision, scale);

    public static Int128 Divide(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale) =>
        y == Int128.Zero
            ? throw new DivideByZeroException("Decimal division by zero.")
            : TryDivide(x, xScale, y, yScale, precision, scale, out Int128 r) ? r : throw Overflow(precision, scale);

    public static Int128 Modulo(Int128 x, int xScale, Int128 y, int yScale, int precision, int scale) =>
        y == Int128.Zero
            ? throw new DivideByZeroException("Decimal modulo by zero.")
            : TryModulo(x, xScale, y, yScale, precision, scale, out Int128 r) ? r : throw Overflow(precision, scale);

    /// <summary>Parses decimal text (sign, digits, point, exponent) rounded HALF_UP to DECIMAL(precision, scale).</summary>
    /// <exception cref="FormatException">The text is not a number.</exception>
    /// <exception cref="OverflowException">The number does not fit DECIMAL(precision, scale).</exception>
    public static Int128 Parse(string text, int precision, int scale)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), precision, scale, out Int128 value) switch
        {
            DecimalParseStatus.Ok => value,
            DecimalParseStatus.Overflow => throw new OverflowException($"'{text}' does not fit DECIMAL({precision}, {scale})."),
            _ => throw new FormatException($"'{text}' is not a decimal number."),
        };
    }

    public static DecimalParseStatus TryParse(ReadOnlySpan<char> text, int precision, int scale, out Int128 value)
    {
        Span<byte> ascii = text.Length <= 128 ? stackalloc byte[text.Length] : new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            // Non-ASCII characters can never be part of a number; map them to a byte the grammar rejects.
            ascii[i] = text[i] < 128 ? (byte)text[i] : (byte)'?';
        }

        return TryParse(ascii, precision, scale, out value);
    }

    /// <summary>
    /// Parses UTF-8 decimal text: surrounding ASCII whitespace, an optional sign, digits with an optional point (at least
    /// one digit), an optional exponent (<c>e</c>/<c>E</c>, optional sign, digits). Rounds HALF_UP to
    /// <paramref name="scale"/> and checks <paramref name="precision"/>. No allocation.
    /// </summary>
    public static DecimalParseStatus TryParse(ReadOnlySpan<byte> utf8, int precision, int scale, out Int128 value)
    {
        value = default;
        ReadOnlySpan<byte> s = TrimAscii(utf8);
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        // Significant digits (without leading zeros) live in s[digitsStart..]; the point is skipped when reading them.
        int firstSignificant = -1;
        int significantCount = 0;
        int fractionDigits = 0;
        int digitCount = 0;
        bool seenPoint = false;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == '.')
            {
                if (seenPoint)
                {
                    return DecimalParseStatus.Invalid;
                }

                seenPoint = true;
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            digitCount++;
            if (seenPoint)
            {
                fractionDigits++;
            }

            if (firstSignificant < 0 && c != '0')
            {
                firstSignificant = i;
            }

            if (firstSignificant >= 0)
            {
                significantCount++;
            }
        }

        if (digitCount == 0)
        {
            return DecimalParseStatus.Invalid;
        }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            bool negativeExponent = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                negativeExponent = s[i] == '-';
                i++;
            }

            int exponentDigits = 0;
            for (; i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9'; i++)
            {
                // Saturate: any exponent this large means zero or overflow anyway.
                exponent = Math.Min(exponent * 10 + (s[i] - '0'), 1_000_000);
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return DecimalParseStatus.Invalid;
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        if (i != s.Length)
        {
            return DecimalParseStatus.Invalid;
        }

        if (significantCount == 0)
        {
            return DecimalParseStatus.Ok;
        }

        // value = significand * 10^(exponent - fractionDigits); we want significand * 10^shift at the target scale.
        long shift = scale + exponent - fractionDigits;
        long keep = significantCount + Math.Min(shift, 0);
        if (keep + Math.Max(shift, 0) > precision)
        {
            return DecimalParseStatus.Overflow;
        }

        Int128 unscaled = 0;
        int taken = 0;
        bool roundUp = false;
        for (int j = firstSignificant; j < s.Length && taken < significantCount; j++)
        {
            byte c = s[j];
            if (c == '.')
            {
                continue;
            }

            if (taken < keep)
            {
                unscaled = (unscaled * 10) + (c - '0');
            }
            else if (taken == keep)
            {
                // HALF_UP looks only at the first dropped digit.
                roundUp = c >= '5';
            }

            taken++;
        }

        if (shift > 0)
        {
            unscaled *= Powers[(int)shift];
        }

        if (roundUp)
        {
            unscaled += 1;
        }

        if (!FitsPrecision(unscaled, precision))
        {
            return DecimalParseStatus.Overflow;
        }

        value = negative ? -unscaled : unscaled;
        return DecimalParseStatus.Ok;
    }

    /// <summary>The value as text with exactly <paramref name="scale"/> fraction digits: "12.30", "-0.05", "7".</summary>
    public static string Format(Int128 unscaled, int scale)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        int written = Format(unscaled, scale, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }

    /// <summary>Writes the value as ASCII into <paramref name="destination"/> (at least <see cref="MaxFormattedLength"/> bytes); returns the length.</summary>
    public static int Format(Int128 unscaled, int scale, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[40];
        UInt128 magnitude = Magnitude(unscaled);
        magnitude.TryFormat(digits, out int count, default, CultureInfo.InvariantCulture);
        int pos = 0;
        if (unscaled < 0)
        {
            destination[pos++] = (byte)'-';
        }

        if (scale == 0)
        {
            digits[..count].CopyTo(destination[pos..]);
            return pos + count;
        }

        if (count <= scale)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            destination.Slice(pos, scale - count).Fill((byte)'0');
            pos += scale - count;
            digits[..count].CopyTo(destination[pos..]);
            return pos + count;
        }

        int integerDigits = count - scale;
        digits[..integerDigits].CopyTo(destination[pos..]);
        pos += integerDigits;
        destination[pos++] = (byte)'.';
        digits[integerDigits..count].CopyTo(destination[pos..]);
        return pos + scale;
    }

    /// <summary>An exact (possibly wider than 38 digits) unscaled value as text with <paramref name="scale"/> fraction digits.</summary>
    public static string Format(BigInteger unscaled, int scale)
    {
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }

        return unscaled.Sign < 0 ? "-" + digits : digits;
    }

    /// <summary>The nearest double to the decimal value (correctly rounded).</summary>
    public static double ToDouble(Int128 unscaled, int scale)
    {
        // Both operands exact doubles: one IEEE division rounds correctly. Otherwise let the parser round the text.
        if (scale <= 22 && unscaled < (1L << 53) && unscaled > -(1L << 53))
        {
            return (double)(long)unscaled / DoublePowers[scale];
        }

        Span<byte> text = stackalloc byte[MaxFormattedLength];
        int written = Format(unscaled, scale, text);
        return double.Parse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The double as DECIMAL(precision, scale): its shortest round-trip decimal text (what Java's
    /// <c>BigDecimal.valueOf(double)</c> and so Flink use) rounded HALF_UP. NaN and infinities are invalid.
    /// </summary>
    public static DecimalParseStatus TryFromDouble(double value, int precision, int scale, out Int128 unscaled)
    {
        if (!double.IsFinite(value))
        {
            unscaled = default;
            return DecimalParseStatus.Invalid;
        }

        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture);
        return TryParse(text[..written], precision, scale, out unscaled);
    }

    /// <summary>Divides by 10^<paramref name="digits"/>, rounding HALF_UP.</summary>
    public static Int128 DivideRoundHalfUp(Int128 value, int digits)
    {
        if (digits == 0)
        {
            return value;
        }

        if (digits > MaxPrecision)
        {
            // |value| < 1.8 * 10^38 is less than half of 10^39.
            return Int128.Zero;
        }

        return DivideRoundHalfUp(value, Powers[digits]);
    }

    /// <summary>value / divisor rounded HALF_UP (ties away from zero); divisor must not be zero.</summary>
    public static Int128 DivideRoundHalfUp(Int128 value, Int128 divisor)
    {
        if (divisor == -1)
        {
            // MinValue / -1 would trap; the caller's precision check rejects the (out-of-range) result anyway.
            return value == Int128.MinValue ? Int128.MaxValue : -value;
        }

        (Int128 quotient, Int128 remainder) = Int128.DivRem(value, divisor);
        UInt128 r = Magnitude(remainder);
        UInt128 d = Magnitude(divisor);
        if (r >= d - r)
        {
            quotient += (value < 0) != (divisor < 0) ? -1 : 1;
        }

        return quotient;
    }

    /// <summary>|value| as an unsigned integer (exact for <see cref="Int128.MinValue"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Magnitude(Int128 value) => value < 0 ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScaleUp(Int128 value, int digits, out Int128 result)
    {
        if (digits == 0)
        {
            result = value;
            return true;
        }

        if (digits > MaxPrecision || value > ScaleUpLimits[digits] || value < -ScaleUpLimits[digits])
        {
            result = default;
            return value == Int128.Zero;
        }

        result = value * Powers[digits];
        return true;
    }

    private static BigInteger ScaleUpBig(Int128 value, int digits) =>
        digits == 0 ? (BigInteger)value : (BigInteger)value * BigInteger.Pow(10, digits);

    private static bool TryFinish(Int128 value, int valueScale, int precision, int scale, out Int128 result)
    {
        if (valueScale > scale)
        {
            result = DivideRoundHalfUp(value, valueScale - scale);
        }
        else if (!TryScaleUp(value, scale - valueScale, out result))
        {
            return false;
        }

        return FitsPrecision(result, precision);
    }

    private static bool TryFinishBig(BigInteger value, int valueScale, int precision, int scale, out Int128 result)
    {
        if (valueScale > scale)
        {
            value = DivideRoundHalfUp(value, BigInteger.Pow(10, valueScale - scale));
        }
        else if (valueScale < scale)
        {
            value *= BigInteger.Pow(10, scale - valueScale);
        }

        return TryNarrow(value, precision, out result);
    }

    private static bool TryNarrow(BigInteger value, int precision, out Int128 result)
    {
        BigInteger limit = (BigInteger)Powers[precision];
        if (BigInteger.Abs(value) >= limit)
        {
            result = default;
            return false;
        }

        result = (Int128)value;
        return true;
    }

    private static BigInteger DivideRoundHalfUp(BigInteger value, BigInteger divisor)
    {
        BigInteger quotient = BigInteger.DivRem(value, divisor, out BigInteger remainder);
        if (BigInteger.Abs(remainder) * 2 >= BigInteger.Abs(divisor))
        {
            quotient += (value.Sign < 0) != (divisor.Sign < 0) ? -1 : 1;
        }

        return quotient;
    }

    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> s)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && s[start] <= ' ')
        {
            start++;
        }

        while (end > start && s[end - 1] <= ' ')
        {
            end--;
        }

        return s[start..end];
    }

    private static OverflowException Overflow(int precision, int scale) =>
        new($"The result does not fit DECIMAL({precision}, {scale}).");

    private static Int128[] CreatePowers()
    {
        var powers = new Int128[MaxPrecision + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static Int128[] CreateScaleUpLimits()
    {
        var limits = new Int128[MaxPrecision + 1];
        for (int i = 0; i < limits.Length; i++)
        {
            limits[i] = Int128.MaxValue / Powers[i];
        }

        return limits;
    }
}
