using System.Runtime.CompilerServices;

namespace VecFlow.Vector.Kernels;

/// <summary>Calendar fields of an epoch-millisecond instant (proleptic Gregorian, UTC), as EXTRACT reads them.</summary>
/// <remarks>Total for any long (it never throws), so it can run on NULL and unselected rows without a check.</remarks>
internal static class CivilTime
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Days(long millis) => CivilCalendar.FloorDivide(millis, CivilCalendar.MillisPerDay);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MillisOfDay(long millis) => CivilCalendar.FloorModulo(millis, CivilCalendar.MillisPerDay);

    public static long Year(long millis) => CivilCalendar.CivilFromDays(Days(millis)).Year;

    public static long Month(long millis) => CivilCalendar.CivilFromDays(Days(millis)).Month;

    public static long DayOfMonth(long millis) => CivilCalendar.CivilFromDays(Days(millis)).Day;

    /// <summary>1 = Sunday .. 7 = Saturday (1970-01-01 was a Thursday).</summary>
    public static long DayOfWeek(long millis) => CivilCalendar.FloorModulo(Days(millis) + 4, 7) + 1;

    /// <summary>1 = Monday .. 7 = Sunday.</summary>
    public static long IsoDayOfWeek(long millis) => CivilCalendar.FloorModulo(Days(millis) + 3, 7) + 1;

    public static long DayOfYear(long millis)
    {
        long days = Days(millis);
        long year = CivilCalendar.CivilFromDays(days).Year;
        return days - CivilCalendar.DaysFromCivil(year, 1, 1) + 1;
    }

    /// <summary>The ISO 8601 week (1..53) and its week-numbering year: weeks start on Monday, week 1 holds the year's first Thursday.</summary>
    public static (long Year, long Week) IsoWeek(long millis)
    {
        long days = Days(millis);
        long thursday = days - (IsoDayOfWeek(millis) - 1) + 3;
        long year = CivilCalendar.CivilFromDays(thursday).Year;
        long week = ((thursday - CivilCalendar.DaysFromCivil(year, 1, 1)) / 7) + 1;
        return (year, week);
    }

    /// <summary>The field <paramref name="unit"/> of an instant, as Flink's EXTRACT (quarters 1..4, DOW 1 = Sunday, MILLISECOND includes the seconds).</summary>
    public static long Field(long millis, TemporalUnit unit) => unit switch
    {
        TemporalUnit.Year => Year(millis),
        TemporalUnit.Quarter => ((Month(millis) - 1) / 3) + 1,
        TemporalUnit.Month => Month(millis),
        TemporalUnit.Week => IsoWeek(millis).Week,
        TemporalUnit.Day => DayOfMonth(millis),
        TemporalUnit.Hour => MillisOfDay(millis) / 3_600_000,
        TemporalUnit.Minute => MillisOfDay(millis) / 60_000 % 60,
        TemporalUnit.Second => MillisOfDay(millis) / 1000 % 60,
        TemporalUnit.Millisecond => MillisOfDay(millis) % 60_000,
        TemporalUnit.DayOfWeek => DayOfWeek(millis),
        TemporalUnit.DayOfYear => DayOfYear(millis),
        TemporalUnit.IsoDayOfWeek => IsoDayOfWeek(millis),
        TemporalUnit.IsoYear => IsoWeek(millis).Year,
        TemporalUnit.Epoch => CivilCalendar.FloorDivide(millis, 1000),
        TemporalUnit.Decade => CivilCalendar.FloorDivide(Year(millis), 10),
        TemporalUnit.Century => CenturyOf(Year(millis), 100),
        _ => CenturyOf(Year(millis), 1000),
    };

    /// <summary>The 1-based century or millennium of a year (2000 is in the 20th century, 2001 in the 21st); year 0 and before count down from 0.</summary>
    private static long CenturyOf(long year, long span) => year > 0 ? ((year - 1) / span) + 1 : -(((-year) / span) + 1) + 1;

    /// <summary>The instant truncated down to the start of its <paramref name="unit"/> (weeks start on Sunday, as Calcite); <paramref name="ceiling"/> rounds up instead.</summary>
    public static long Truncate(long millis, TemporalUnit unit, bool ceiling)
    {
        long fixedMillis = TemporalUnits.FixedMillis(unit);
        long floor;
        long next;
        if (unit == TemporalUnit.Week)
        {
            // 1970-01-04 was a Sunday.
            long start = (CivilCalendar.FloorDivide(Days(millis) - 3, 7) * 7) + 3;
            floor = start * CivilCalendar.MillisPerDay;
            next = floor + fixedMillis;
        }
        else if (fixedMillis > 0)
        {
            floor = CivilCalendar.FloorDivide(millis, fixedMillis) * fixedMillis;
            next = floor + fixedMillis;
        }
        else
        {
            long months = TemporalUnits.Months(unit);
            (long year, int month, _) = CivilCalendar.CivilFromDays(Days(millis));
            long index = CivilCalendar.FloorDivide((year * 12) + month - 1 - (unit is TemporalUnit.Decade or TemporalUnit.Century or TemporalUnit.Millennium ? Offset(unit) : 0), months) * months;
            index += unit is TemporalUnit.Decade or TemporalUnit.Century or TemporalUnit.Millennium ? Offset(unit) : 0;
            floor = CivilCalendar.DaysFromCivil(CivilCalendar.FloorDivide(index, 12), (int)CivilCalendar.FloorModulo(index, 12) + 1, 1) * CivilCalendar.MillisPerDay;
            long nextIndex = index + months;
            next = CivilCalendar.DaysFromCivil(CivilCalendar.FloorDivide(nextIndex, 12), (int)CivilCalendar.FloorModulo(nextIndex, 12) + 1, 1) * CivilCalendar.MillisPerDay;
        }

        return ceiling && floor != millis ? next : floor;
    }

    /// <summary>Centuries start in year 1 (2001-01-01), millennia too; decades in year 0 (2020-01-01).</summary>
    private static long Offset(TemporalUnit unit) => unit == TemporalUnit.Decade ? 0 : 12;
}
