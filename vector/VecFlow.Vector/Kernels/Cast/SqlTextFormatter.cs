using System.Globalization;
using System.Text;

namespace VecFlow.Vector.Kernels;

/// <summary>Writes SQL values as text (UTF-8 into a span, no allocation), the way Flink prints them.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>DOUBLE / FLOAT: Java's <c>Double.toString</c> / <c>Float.toString</c> layout over the shortest round-trip
/// digits: plain with at least one fraction digit when 1e-3 &lt;= |v| &lt; 1e7 ("1.0", "0.001", "1234567.5"), otherwise
/// one digit, point, digits, 'E', exponent ("1.0E7", "1.5E10", "1.0E-4"); "NaN", "Infinity", "-Infinity", "-0.0".</item>
/// <item>DATE yyyy-MM-dd; TIME HH:mm:ss and TIMESTAMP yyyy-MM-dd HH:mm:ss, each followed by .SSS only when the
/// milliseconds are not zero. Years outside 0000..9999 (only reachable by raw data) print with a sign.</item>
/// <item>INTERVAL DAY TO SECOND "+d HH:mm:ss.SSS", INTERVAL YEAR TO MONTH "+y-MM" (Calcite's layout).</item>
/// <item>BOOLEAN TRUE / FALSE.</item>
/// </list>
/// </remarks>
internal static class SqlTextFormatter
{
    /// <summary>Enough bytes for any value this class formats.</summary>
    public const int MaxLength = 48;

    public static int FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Write("NaN"u8, destination);
        }

        if (double.IsInfinity(value))
        {
            return Write(value > 0 ? "Infinity"u8 : "-Infinity"u8, destination);
        }

        Span<byte> shortest = stackalloc byte[40];
        value.TryFormat(shortest, out int length, "R", CultureInfo.InvariantCulture);
        return JavaLayout(shortest[..length], double.IsNegative(value), destination);
    }

    public static int FormatFloat(float value, Span<byte> destination)
    {
        if (float.IsNaN(value))
        {
            return Write("NaN"u8, destination);
        }

        if (float.IsInfinity(value))
        {
            return Write(value > 0 ? "Infinity"u8 : "-Infinity"u8, destination);
        }

        Span<byte> shortest = stackalloc byte[40];
        value.TryFormat(shortest, out int length, "R", CultureInfo.InvariantCulture);
        return JavaLayout(shortest[..length], float.IsNegative(value), destination);
    }

    public static int FormatDate(long days, Span<byte> destination)
    {
        (long year, int month, int day) = CivilCalendar.CivilFromDays(days);
        int pos = FormatYear(year, destination);
        destination[pos++] = (byte)'-';
        pos += TwoDigits(month, destination[pos..]);
        destination[pos++] = (byte)'-';
        pos += TwoDigits(day, destination[pos..]);
        return pos;
    }

    public static int FormatTime(long millisOfDay, Span<byte> destination)
    {
        long seconds = millisOfDay / 1000;
        int pos = TwoDigits((int)(seconds / 3600), destination);
        destination[pos++] = (byte)':';
        pos += TwoDigits((int)(seconds / 60 % 60), destination[pos..]);
        destination[pos++] = (byte)':';
        pos += TwoDigits((int)(seconds % 60), destination[pos..]);
        int millis = (int)(millisOfDay % 1000);
        if (millis != 0)
        {
            destination[pos++] = (byte)'.';
            pos += ThreeDigits(millis, destination[pos..]);
        }

        return pos;
    }

    public static int FormatTimestamp(long millis, Span<byte> destination)
    {
        long days = CivilCalendar.FloorDivide(millis, CivilCalendar.MillisPerDay);
        int pos = FormatDate(days, destination);
        destination[pos++] = (byte)' ';
        return pos + FormatTime(millis - (days * CivilCalendar.MillisPerDay), destination[pos..]);
    }

    public static int FormatIntervalDayTime(long millis, Span<byte> destination)
    {
        destination[0] = millis < 0 ? (byte)'-' : (byte)'+';
        ulong v = millis < 0 ? (ulong)-(millis + 1) + 1 : (ulong)millis;
        ulong ms = v % 1000;
        v /= 1000;
        ulong seconds = v % 60;
        v /= 60;
        ulong minutes = v % 60;
        v /= 60;
        ulong hours = v % 24;
        v /= 24;
        v.TryFormat(destination[1..], out int written, default, CultureInfo.InvariantCulture);
        int pos = 1 + written;
        destination[pos++] = (byte)' ';
        pos += TwoDigits((int)hours, destination[pos..]);
        destination[pos++] = (byte)':';
        pos += TwoDigits((int)minutes, destination[pos..]);
        destination[pos++] = (byte)':';
        pos += TwoDigits((int)seconds, destination[pos..]);
        destination[pos++] = (byte)'.';
        return pos + ThreeDigits((int)ms, destination[pos..]);
    }

    public static int FormatIntervalYearMonth(long months, Span<byte> destination)
    {
        destination[0] = months < 0 ? (byte)'-' : (byte)'+';
        ulong v = months < 0 ? (ulong)-(months + 1) + 1 : (ulong)months;
        (v / 12).TryFormat(destination[1..], out int written, default, CultureInfo.InvariantCulture);
        int pos = 1 + written;
        destination[pos++] = (byte)'-';
        return pos + TwoDigits((int)(v % 12), destination[pos..]);
    }

    public static int FormatBoolean(bool value, Span<byte> destination) => Write(value ? "TRUE"u8 : "FALSE"u8, destination);

    public static string DateText(long days) => Text(days, FormatDate);

    public static string TimeText(long millisOfDay) => Text(millisOfDay, FormatTime);

    public static string TimestampText(long millis) => Text(millis, FormatTimestamp);

    public static string IntervalDayTimeText(long millis) => "INTERVAL '" + Text(millis, FormatIntervalDayTime) + "' DAY TO SECOND";

    public static string IntervalYearMonthText(long months) => "INTERVAL '" + Text(months, FormatIntervalYearMonth) + "' YEAR TO MONTH";

    public static string DoubleText(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(buffer[..FormatDouble(value, buffer)]);
    }

    public static string FloatText(float value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(buffer[..FormatFloat(value, buffer)]);
    }

    private delegate int Formatter(long value, Span<byte> destination);

    private static string Text(long value, Formatter format)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(buffer[..format(value, buffer)]);
    }

    /// <summary>Lays out .NET's shortest round-trip text ("1.5E+20", "0.001", "123") the way Java prints it.</summary>
    private static int JavaLayout(ReadOnlySpan<byte> shortest, bool negative, Span<byte> destination)
    {
        // Collect the significant digits and the decimal exponent e with value = 0.d1d2...dk * 10^e.
        Span<byte> digits = stackalloc byte[40];
        int count = 0;
        int integerDigits = -1;
        int exponent = 0;
        int i = 0;
        for (; i < shortest.Length; i++)
        {
            byte c = shortest[i];
            if (c == '.')
            {
                integerDigits = count;
            }
            else if (c is >= (byte)'0' and <= (byte)'9')
            {
                digits[count++] = c;
            }
            else if (c is (byte)'E' or (byte)'e')
            {
                exponent = int.Parse(shortest[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
        }

        int pointAt = (integerDigits < 0 ? count : integerDigits) + exponent;
        int start = 0;
        while (start < count - 1 && digits[start] == '0')
        {
            start++;
            pointAt--;
        }

        int end = count;
        while (end > start + 1 && digits[end - 1] == '0')
        {
            end--;
        }

        ReadOnlySpan<byte> significant = digits[start..end];
        int pos = 0;
        if (negative)
        {
            destination[pos++] = (byte)'-';
        }

        if (significant is [(byte)'0'])
        {
            return pos + Write("0.0"u8, destination[pos..]);
        }

        int scientific = pointAt - 1;
        if (scientific is >= -3 and < 7)
        {
            if (scientific >= 0)
            {
                for (int d = 0; d <= scientific; d++)
                {
                    destination[pos++] = d < significant.Length ? significant[d] : (byte)'0';
                }

                destination[pos++] = (byte)'.';
                if (significant.Length > scientific + 1)
                {
                    significant[(scientific + 1)..].CopyTo(destination[pos..]);
                    pos += significant.Length - scientific - 1;
                }
                else
                {
                    destination[pos++] = (byte)'0';
                }
            }
            else
            {
                destination[pos++] = (byte)'0';
                destination[pos++] = (byte)'.';
                for (int z = 0; z < -scientific - 1; z++)
                {
                    destination[pos++] = (byte)'0';
                }

                significant.CopyTo(destination[pos..]);
                pos += significant.Length;
            }

            return pos;
        }

        destination[pos++] = significant[0];
        destination[pos++] = (byte)'.';
        if (significant.Length > 1)
        {
            significant[1..].CopyTo(destination[pos..]);
            pos += significant.Length - 1;
        }
        else
        {
            destination[pos++] = (byte)'0';
        }

        destination[pos++] = (byte)'E';
        scientific.TryFormat(destination[pos..], out int written, default, CultureInfo.InvariantCulture);
        return pos + written;
    }

    private static int FormatYear(long year, Span<byte> destination)
    {
        if (year is >= 0 and <= 9999)
        {
            int y = (int)year;
            destination[0] = (byte)('0' + (y / 1000));
            destination[1] = (byte)('0' + (y / 100 % 10));
            destination[2] = (byte)('0' + (y / 10 % 10));
            destination[3] = (byte)('0' + (y % 10));
            return 4;
        }

        int pos = 0;
        if (year > 0)
        {
            destination[pos++] = (byte)'+';
        }

        year.TryFormat(destination[pos..], out int written, "D4", CultureInfo.InvariantCulture);
        return pos + written;
    }

    private static int TwoDigits(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
        return 2;
    }

    private static int ThreeDigits(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 100));
        destination[1] = (byte)('0' + (value / 10 % 10));
        destination[2] = (byte)('0' + (value % 10));
        return 3;
    }

    private static int Write(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
