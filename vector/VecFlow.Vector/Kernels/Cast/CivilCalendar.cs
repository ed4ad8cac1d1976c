using System.Runtime.CompilerServices;

namespace VecFlow.Vector.Kernels;

/// <summary>Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), the DATE layout.</summary>
/// <remarks>
/// Howard Hinnant's days_from_civil / civil_from_days: exact for any year that fits a long, no tables, no DateTime
/// (whose year range 1..9999 is narrower than SQL's 0000..9999). DATE and TIMESTAMP values are valid from
/// 0000-01-01 to 9999-12-31 (Flink's range); arithmetic that leaves it is an overflow error.
/// </remarks>
internal static class CivilCalendar
{
    public const long MillisPerDay = 86_400_000;

    /// <summary>0000-01-01 as a day number.</summary>
    public const long MinDay = -719_528;

    /// <summary>9999-12-31 as a day number.</summary>
    public const long MaxDay = 2_932_896;

    public const long MinTimestamp = MinDay * MillisPerDay;

    public const long MaxTimestamp = ((MaxDay + 1) * MillisPerDay) - 1;

    public static long DaysFromCivil(long year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - (era * 400);
        long dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5) + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long dayOfEra = z - (era * 146_097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long mp = ((5 * dayOfYear) + 2) / 153;
        int day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        long year = (yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    public static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>
    /// The day <paramref name="months"/> calendar months after <paramref name="days"/>, with the day of month clamped
    /// to the target month's length (Jan 31 + 1 month = Feb 28, or 29 in a leap year); false outside 0000..9999.
    /// </summary>
    public static bool TryAddMonths(long days, long months, out long result)
    {
        result = 0;
        if (days < MinDay || days > MaxDay || months < -12 * 10_000 || months > 12 * 10_000)
        {
            return false;
        }

        (long year, int month, int day) = CivilFromDays(days);
        long total = (year * 12) + (month - 1) + months;
        long newYear = FloorDivide(total, 12);
        int newMonth = (int)(total - (newYear * 12)) + 1;
        result = DaysFromCivil(newYear, newMonth, Math.Min(day, DaysInMonth(newYear, newMonth)));
        return result >= MinDay && result <= MaxDay;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorDivide(long x, long y)
    {
        long q = x / y;
        return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorModulo(long x, long y) => x - (FloorDivide(x, y) * y);
}
