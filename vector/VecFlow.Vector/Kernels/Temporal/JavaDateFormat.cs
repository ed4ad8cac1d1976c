using System.Text;

namespace VecFlow.Vector.Kernels;

/// <summary>A Java SimpleDateFormat pattern compiled once, formatting and parsing epoch milliseconds as UTF-8 without DateTime or cultures.</summary>
/// <remarks>
/// Letters: <c>y</c> year (<c>yy</c> two digits), <c>M</c> month (<c>MMM</c> Jan, <c>MMMM</c> January), <c>d</c> day,
/// <c>H</c> hour 0-23, <c>k</c> hour 1-24, <c>h</c> hour 1-12, <c>K</c> hour 0-11, <c>m</c> minute, <c>s</c> second,
/// <c>S</c> millisecond, <c>a</c> AM/PM, <c>E</c> day name (<c>EEE</c> Mon, <c>EEEE</c> Monday), <c>D</c> day of year,
/// <c>w</c> week of year (ISO 8601), <c>u</c> day of week (1 = Monday), <c>'text'</c> literal text, <c>''</c> a quote.
/// Names are English (Java's default for Flink jobs on an English locale). Other letters are rejected when compiling.
/// Parsing reads the numeric fields, month names and AM/PM; a missing date defaults to 1970-01-01, missing time to 0.
/// </remarks>
public sealed class JavaDateFormat
{
    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private readonly Token[] _tokens;

    private JavaDateFormat(string pattern, Token[] tokens)
    {
        Pattern = pattern;
        _tokens = tokens;
    }

    public string Pattern { get; }

    /// <summary>Flink's default for TO_TIMESTAMP, DATE_FORMAT of strings and FROM_UNIXTIME.</summary>
    public static JavaDateFormat Timestamp { get; } = Compile("yyyy-MM-dd HH:mm:ss");

    /// <summary>An upper bound of the UTF-8 bytes <see cref="Format(long, Span{byte})"/> writes.</summary>
    public int MaxByteCount => _tokens.Sum(t => t.Letter == '\0' ? Encoding.UTF8.GetByteCount(t.Text!) : Math.Max(t.Count, 12));

    /// <summary>The compiled pattern; an <see cref="ArgumentException"/> naming the letter that is not supported.</summary>
    public static JavaDateFormat Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        for (int i = 0; i < pattern.Length;)
        {
            char c = pattern[i];
            if (c == '\'')
            {
                int end = i + 1;
                if (end < pattern.Length && pattern[end] == '\'')
                {
                    literal.Append('\'');
                    i += 2;
                    continue;
                }

                while (end < pattern.Length)
                {
                    if (pattern[end] == '\'' && end + 1 < pattern.Length && pattern[end + 1] == '\'')
                    {
                        literal.Append('\'');
                        end += 2;
                    }
                    else if (pattern[end] == '\'')
                    {
                        break;
                    }
                    else
                    {
                        literal.Append(pattern[end++]);
                    }
                }

                if (end >= pattern.Length)
                {
                    throw new ArgumentException($"The date format '{pattern}' has an unterminated quote.", nameof(pattern));
                }

                i = end + 1;
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                literal.Append(c);
                i++;
                continue;
            }

            if ("yMdHkhKmsSaEDwu".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                throw new ArgumentException($"The date format '{pattern}' uses '{c}', which is not supported; valid letters: y M d H k h K m s S a E D w u and 'quoted text'.", nameof(pattern));
            }

            int count = 1;
            while (i + count < pattern.Length && pattern[i + count] == c)
            {
                count++;
            }

            if (literal.Length > 0)
            {
                tokens.Add(new Token('\0', 0, literal.ToString()));
                literal.Clear();
            }

            tokens.Add(new Token(c, count, null));
            i += count;
        }

        if (literal.Length > 0)
        {
            tokens.Add(new Token('\0', 0, literal.ToString()));
        }

        return new JavaDateFormat(pattern, [.. tokens]);
    }

    /// <summary>Writes <paramref name="millis"/> (epoch milliseconds, wall clock) and returns the bytes written.</summary>
    public int Format(long millis, Span<byte> destination)
    {
        long days = CivilTime.Days(millis);
        long ofDay = CivilTime.MillisOfDay(millis);
        (long year, int month, int day) = CivilCalendar.CivilFromDays(days);
        int at = 0;
        foreach (Token token in _tokens)
        {
            switch (token.Letter)
            {
                case '\0':
                    at += Encoding.UTF8.GetBytes(token.Text, destination[at..]);
                    break;
                case 'y':
                    at += token.Count == 2 ? Digits(CivilCalendar.FloorModulo(year, 100), 2, destination[at..]) : Digits(year, token.Count, destination[at..]);
                    break;
                case 'M':
                    at += token.Count >= 3 ? Name(MonthNames[month - 1], token.Count, destination[at..]) : Digits(month, token.Count, destination[at..]);
                    break;
                case 'd':
                    at += Digits(day, token.Count, destination[at..]);
                    break;
                case 'H':
                    at += Digits(ofDay / 3_600_000, token.Count, destination[at..]);
                    break;
                case 'k':
                    at += Digits(ofDay / 3_600_000 == 0 ? 24 : ofDay / 3_600_000, token.Count, destination[at..]);
                    break;
                case 'h':
                    at += Digits(ofDay / 3_600_000 % 12 == 0 ? 12 : ofDay / 3_600_000 % 12, token.Count, destination[at..]);
                    break;
                case 'K':
                    at += Digits(ofDay / 3_600_000 % 12, token.Count, destination[at..]);
                    break;
                case 'm':
                    at += Digits(ofDay / 60_000 % 60, token.Count, destination[at..]);
                    break;
                case 's':
                    at += Digits(ofDay / 1000 % 60, token.Count, destination[at..]);
                    break;
                case 'S':
                    at += Digits(ofDay % 1000, token.Count, destination[at..]);
                    break;
                case 'a':
                    at += Encoding.UTF8.GetBytes(ofDay < 43_200_000 ? "AM" : "PM", destination[at..]);
                    break;
                case 'E':
                    at += Name(DayNames[CivilTime.IsoDayOfWeek(millis) - 1], token.Count, destination[at..]);
                    break;
                case 'D':
                    at += Digits(CivilTime.DayOfYear(millis), token.Count, destination[at..]);
                    break;
                case 'w':
                    at += Digits(CivilTime.IsoWeek(millis).Week, token.Count, destination[at..]);
                    break;
                default:
                    at += Digits(CivilTime.IsoDayOfWeek(millis), token.Count, destination[at..]);
                    break;
            }
        }

        return at;
    }

    /// <summary>The text formatted as a string (constant folding, messages).</summary>
    public string Format(long millis)
    {
        Span<byte> buffer = stackalloc byte[MaxByteCount];
        return Encoding.UTF8.GetString(buffer[..Format(millis, buffer)]);
    }

    /// <summary>Parses <paramref name="text"/> by the pattern; false when it does not match or names an impossible date or time.</summary>
    public bool TryParse(ReadOnlySpan<byte> text, out long millis)
    {
        millis = 0;
        long year = 1970;
        int month = 1;
        int day = 1;
        long hour = 0;
        long minute = 0;
        long second = 0;
        long milli = 0;
        bool pm = false;
        bool twelveHour = false;
        int at = 0;
        for (int t = 0; t < _tokens.Length; t++)
        {
            Token token = _tokens[t];
            if (token.Letter == '\0')
            {
                byte[] literal = token.Utf8;
                if (!text[at..].StartsWith(literal))
                {
                    return false;
                }

                at += literal.Length;
                continue;
            }

            if (token.Letter == 'a')
            {
                if (text.Length - at < 2)
                {
                    return false;
                }

                ReadOnlySpan<byte> marker = text.Slice(at, 2);
                pm = marker.SequenceEqual("PM"u8) || marker.SequenceEqual("pm"u8);
                if (!pm && !marker.SequenceEqual("AM"u8) && !marker.SequenceEqual("am"u8))
                {
                    return false;
                }

                at += 2;
                continue;
            }

            if (token.Letter is 'M' && token.Count >= 3)
            {
                int found = FindName(MonthNames, text[at..], token.Count);
                if (found < 0)
                {
                    return false;
                }

                month = found + 1;
                at += token.Count == 3 ? 3 : MonthNames[found].Length;
                continue;
            }

            if (token.Letter is 'E')
            {
                int found = FindName(DayNames, text[at..], token.Count);
                if (found < 0)
                {
                    return false;
                }

                at += token.Count == 3 ? 3 : DayNames[found].Length;
                continue;
            }

            // Adjacent numeric fields (yyyyMMdd) are read at their pattern width; otherwise as many digits as there are.
            bool adjacent = t + 1 < _tokens.Length && _tokens[t + 1].Letter is not '\0' and not 'a';
            int max = adjacent ? token.Count : 9;
            int start = at;
            long value = 0;
            while (at < text.Length && at - start < max && text[at] is >= (byte)'0' and <= (byte)'9')
            {
                value = (value * 10) + (text[at++] - '0');
            }

            if (at == start)
            {
                return false;
            }

            switch (token.Letter)
            {
                case 'y':
                    year = token.Count == 2 && at - start == 2 ? 2000 + value : value;
                    break;
                case 'M':
                    month = (int)Math.Min(value, 13);
                    break;
                case 'd':
                    day = (int)Math.Min(value, 32);
                    break;
                case 'H' or 'k':
                    hour = value == 24 && token.Letter == 'k' ? 0 : value;
                    break;
                case 'h' or 'K':
                    hour = value == 12 ? 0 : value;
                    twelveHour = true;
                    break;
                case 'm':
                    minute = value;
                    break;
                case 's':
                    second = value;
                    break;
                case 'S':
                    milli = value;
                    break;
                default:
                    // D, w and u carry no information the other fields do not.
                    break;
            }
        }

        if (at != text.Length)
        {
            return false;
        }

        if (twelveHour)
        {
            if (hour > 11)
            {
                return false;
            }

            hour += pm ? 12 : 0;
        }

        if (year is < 0 or > 9999 || month is < 1 or > 12 || day < 1 || day > CivilCalendar.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || milli > 999)
        {
            return false;
        }

        millis = (CivilCalendar.DaysFromCivil(year, month, day) * CivilCalendar.MillisPerDay) + (hour * 3_600_000) + (minute * 60_000) + (second * 1000) + milli;
        return true;
    }

    public override string ToString() => Pattern;

    private static int FindName(string[] names, ReadOnlySpan<byte> text, int count)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (StartsWithName(text, names[i], count))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool StartsWithName(ReadOnlySpan<byte> text, string name, int count)
    {
        int length = count == 3 ? 3 : name.Length;
        if (text.Length < length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (char.ToLowerInvariant((char)text[i]) != char.ToLowerInvariant(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int Name(string name, int count, Span<byte> destination) =>
        Encoding.UTF8.GetBytes(count <= 3 ? name.AsSpan(0, 3) : name.AsSpan(), destination);

    private static int Digits(long value, int width, Span<byte> destination)
    {
        int at = 0;
        if (value < 0)
        {
            destination[at++] = (byte)'-';
            value = -value;
        }

        int digits = 1;
        for (long v = value; v >= 10; v /= 10)
        {
            digits++;
        }

        int total = Math.Max(width, digits);
        for (int i = total - 1; i >= 0; i--)
        {
            destination[at + i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return at + total;
    }

    private readonly record struct Token(char Letter, int Count, string? Text)
    {
        public byte[] Utf8 { get; } = Text is null ? [] : Encoding.UTF8.GetBytes(Text);
    }
}
