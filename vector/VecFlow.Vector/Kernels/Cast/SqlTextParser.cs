using System.Globalization;

namespace VecFlow.Vector.Kernels;

/// <summary>Outcome of parsing one text value.</summary>
internal enum TextParseStatus
{
    Ok,
    Invalid,
    OutOfRange,
}

/// <summary>Parses UTF-8 SQL text into values for CAST(... AS type), without allocating.</summary>
/// <remarks>
/// Leading and trailing characters up to U+0020 (spaces, tabs, line breaks) are ignored, as Java's
/// <c>String.trim</c> does in Flink's casts.
/// <list type="bullet">
/// <item>Integers: optional sign, digits, optionally a point and more digits which are dropped (truncation toward
/// zero, as Flink's <c>BinaryStringDataUtil.toLong</c>: CAST('1.9' AS INT) = 1). No exponent.</item>
/// <item>FLOAT / DOUBLE: .NET's invariant float grammar (digits, point, exponent, "NaN", "Infinity"); a finite literal
/// too large for the type is out of range, not infinity.</item>
/// <item>DATE y-M-d (1-2 digit month and day); TIME H:m[:s[.fraction]]; TIMESTAMP date, then ' ' or 'T' and a
/// time (the time may be omitted). Fractions beyond milliseconds are truncated. Fields are range-checked
/// (2021-02-30 is invalid).</item>
/// <item>BOOLEAN (case-insensitive): true/t/yes/y/1 and false/f/no/n/0, Flink's sets.</item>
/// </list>
/// </remarks>
internal static class SqlTextParser
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && text[start] <= ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] <= ' ')
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>An integer in the range of long; a fraction after a point is dropped.</summary>
    public static TextParseStatus ParseInteger(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        ReadOnlySpan<byte> s = Trim(text);
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        ulong magnitude = 0;
        bool overflow = false;
        int digits = 0;
        for (; i < s.Length && IsDigit(s[i]); i++, digits++)
        {
            ulong next = (magnitude * 10) + (ulong)(s[i] - '0');
            overflow |= magnitude > ulong.MaxValue / 10 || next < magnitude * 10;
            magnitude = next;
        }

        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && IsDigit(s[i]); i++)
            {
                digits++;
            }
        }

        if (digits == 0 || i != s.Length)
        {
            return TextParseStatus.Invalid;
        }

        ulong limit = negative ? 1UL << 63 : (1UL << 63) - 1;
        if (overflow || magnitude > limit)
        {
            return TextParseStatus.OutOfRange;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return TextParseStatus.Ok;
    }

    public static TextParseStatus ParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        ReadOnlySpan<byte> s = Trim(text);
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return TextParseStatus.Invalid;
        }

        return double.IsInfinity(value) && !IsInfinityLiteral(s) ? TextParseStatus.OutOfRange : TextParseStatus.Ok;
    }

    public static TextParseStatus ParseFloat(ReadOnlySpan<byte> text, out float value)
    {
        ReadOnlySpan<byte> s = Trim(text);
        if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return TextParseStatus.Invalid;
        }

        return float.IsInfinity(value) && !IsInfinityLiteral(s) ? TextParseStatus.OutOfRange : TextParseStatus.Ok;
    }

    public static TextParseStatus ParseBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        ReadOnlySpan<byte> s = Trim(text);
        value = false;
        if (s.Length > 5)
        {
            return TextParseStatus.Invalid;
        }

        Span<byte> lower = stackalloc byte[5];
        int n = System.Text.Ascii.ToLower(s, lower, out int written) == System.Buffers.OperationStatus.Done ? written : 0;
        ReadOnlySpan<byte> l = lower[..n];
        if (l.SequenceEqual("true"u8) || l.SequenceEqual("t"u8) || l.SequenceEqual("yes"u8) || l.SequenceEqual("y"u8) || l.SequenceEqual("1"u8))
        {
            value = true;
            return TextParseStatus.Ok;
        }

        return l.SequenceEqual("false"u8) || l.SequenceEqual("f"u8) || l.SequenceEqual("no"u8) || l.SequenceEqual("n"u8) || l.SequenceEqual("0"u8)
            ? TextParseStatus.Ok
            : TextParseStatus.Invalid;
    }

    /// <summary>A date as days since 1970-01-01.</summary>
    public static TextParseStatus ParseDate(ReadOnlySpan<byte> text, out int days)
    {
        ReadOnlySpan<byte> s = Trim(text);
        int i = 0;
        days = 0;
        if (!TryDate(s, ref i, out long d) || i != s.Length)
        {
            return TextParseStatus.Invalid;
        }

        days = (int)d;
        return TextParseStatus.Ok;
    }

    /// <summary>A time of day as milliseconds.</summary>
    public static TextParseStatus ParseTime(ReadOnlySpan<byte> text, out int millisOfDay)
    {
        ReadOnlySpan<byte> s = Trim(text);
        int i = 0;
        millisOfDay = 0;
        if (!TryTime(s, ref i, out long ms) || i != s.Length)
        {
            return TextParseStatus.Invalid;
        }

        millisOfDay = (int)ms;
        return TextParseStatus.Ok;
    }

    /// <summary>A timestamp as milliseconds since the epoch (UTC for TIMESTAMP_LTZ).</summary>
    public static TextParseStatus ParseTimestamp(ReadOnlySpan<byte> text, out long millis)
    {
        ReadOnlySpan<byte> s = Trim(text);
        int i = 0;
        millis = 0;
        if (!TryDate(s, ref i, out long days))
        {
            return TextParseStatus.Invalid;
        }

        long ms = 0;
        if (i < s.Length)
        {
            if (s[i] != ' ' && s[i] != 'T')
            {
                return TextParseStatus.Invalid;
            }

            i++;
            if (!TryTime(s, ref i, out ms) || i != s.Length)
            {
                return TextParseStatus.Invalid;
            }
        }

        millis = (days * CivilCalendar.MillisPerDay) + ms;
        return TextParseStatus.Ok;
    }

    private static bool TryDate(ReadOnlySpan<byte> s, ref int i, out long days)
    {
        days = 0;
        if (!TryNumber(s, ref i, 1, 4, out int year) || !Expect(s, ref i, '-')
            || !TryNumber(s, ref i, 1, 2, out int month) || !Expect(s, ref i, '-')
            || !TryNumber(s, ref i, 1, 2, out int day))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > CivilCalendar.DaysInMonth(year, month))
        {
            return false;
        }

        days = CivilCalendar.DaysFromCivil(year, month, day);
        return true;
    }

    private static bool TryTime(ReadOnlySpan<byte> s, ref int i, out long millisOfDay)
    {
        millisOfDay = 0;
        int second = 0;
        int millis = 0;
        if (!TryNumber(s, ref i, 1, 2, out int hour) || !Expect(s, ref i, ':') || !TryNumber(s, ref i, 1, 2, out int minute))
        {
            return false;
        }

        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!TryNumber(s, ref i, 1, 2, out second))
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                int fractionDigits = 0;
                for (; i < s.Length && IsDigit(s[i]); i++, fractionDigits++)
                {
                    if (fractionDigits < 3)
                    {
                        millis = (millis * 10) + (s[i] - '0');
                    }
                }

                if (fractionDigits == 0 || fractionDigits > 9)
                {
                    return false;
                }

                for (int d = fractionDigits; d < 3; d++)
                {
                    millis *= 10;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        millisOfDay = (((((hour * 60L) + minute) * 60) + second) * 1000) + millis;
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<byte> s, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        int start = i;
        while (i < s.Length && IsDigit(s[i]) && i - start < maxDigits)
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        return i - start >= minDigits && (i >= s.Length || !IsDigit(s[i]));
    }

    private static bool Expect(ReadOnlySpan<byte> s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsInfinityLiteral(ReadOnlySpan<byte> s)
    {
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            s = s[1..];
        }

        return System.Text.Ascii.EqualsIgnoreCase(s, "Infinity"u8);
    }
}
