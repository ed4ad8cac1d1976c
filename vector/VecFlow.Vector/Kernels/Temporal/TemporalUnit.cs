namespace VecFlow.Vector.Kernels;

/// <summary>A unit of EXTRACT, FLOOR / CEIL (... TO unit), TIMESTAMPADD and TIMESTAMPDIFF; see <see cref="TemporalUnits.Parse"/> for the SQL names.</summary>
public enum TemporalUnit
{
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,

    /// <summary>DOW: day of the week, 1 = Sunday .. 7 = Saturday.</summary>
    DayOfWeek,

    /// <summary>DOY: day of the year, 1..366.</summary>
    DayOfYear,

    /// <summary>ISODOW: ISO day of the week, 1 = Monday .. 7 = Sunday.</summary>
    IsoDayOfWeek,

    /// <summary>ISOYEAR: the ISO 8601 week-numbering year.</summary>
    IsoYear,

    /// <summary>EPOCH: seconds since 1970-01-01 00:00:00.</summary>
    Epoch,
    Decade,
    Century,
    Millennium,
}

/// <summary>SQL names of <see cref="TemporalUnit"/>.</summary>
public static class TemporalUnits
{
    private static readonly Dictionary<string, TemporalUnit> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["YEAR"] = TemporalUnit.Year,
        ["QUARTER"] = TemporalUnit.Quarter,
        ["MONTH"] = TemporalUnit.Month,
        ["WEEK"] = TemporalUnit.Week,
        ["DAY"] = TemporalUnit.Day,
        ["HOUR"] = TemporalUnit.Hour,
        ["MINUTE"] = TemporalUnit.Minute,
        ["SECOND"] = TemporalUnit.Second,
        ["MILLISECOND"] = TemporalUnit.Millisecond,
        ["DOW"] = TemporalUnit.DayOfWeek,
        ["DOY"] = TemporalUnit.DayOfYear,
        ["ISODOW"] = TemporalUnit.IsoDayOfWeek,
        ["ISOYEAR"] = TemporalUnit.IsoYear,
        ["EPOCH"] = TemporalUnit.Epoch,
        ["DECADE"] = TemporalUnit.Decade,
        ["CENTURY"] = TemporalUnit.Century,
        ["MILLENNIUM"] = TemporalUnit.Millennium,
    };

    /// <summary>All unit names, for error messages.</summary>
    public static string All => string.Join(" ", Names.Keys);

    /// <summary>The unit named <paramref name="name"/>, or null.</summary>
    public static TemporalUnit? Parse(string? name) => name is not null && Names.TryGetValue(name, out TemporalUnit unit) ? unit : null;

    public static string Name(TemporalUnit unit) => Names.First(p => p.Value == unit).Key;

    /// <summary>Units a fixed number of milliseconds long (WEEK .. MILLISECOND), with that length; 0 for calendar units.</summary>
    public static long FixedMillis(TemporalUnit unit) => unit switch
    {
        TemporalUnit.Week => 7 * CivilCalendar.MillisPerDay,
        TemporalUnit.Day => CivilCalendar.MillisPerDay,
        TemporalUnit.Hour => 3_600_000,
        TemporalUnit.Minute => 60_000,
        TemporalUnit.Second => 1_000,
        TemporalUnit.Millisecond => 1,
        _ => 0,
    };

    /// <summary>Calendar units a whole number of months long, with that number; 0 for the others.</summary>
    public static long Months(TemporalUnit unit) => unit switch
    {
        TemporalUnit.Year => 12,
        TemporalUnit.Quarter => 3,
        TemporalUnit.Month => 1,
        TemporalUnit.Decade => 120,
        TemporalUnit.Century => 1200,
        TemporalUnit.Millennium => 12_000,
        _ => 0,
    };
}
