namespace VecFlow.Sql.Ast;

/// <summary>Units of interval qualifiers, EXTRACT, FLOOR/CEIL .. TO, TIMESTAMPADD and TIMESTAMPDIFF.</summary>
/// <remarks>Which units each construct accepts is the binder's concern; the parser accepts any unit in each place.</remarks>
public enum TimeUnit
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
    Microsecond,
    Nanosecond,

    /// <summary>DOW: day of week, Sunday = 1.</summary>
    DayOfWeek,

    /// <summary>DOY: day of year.</summary>
    DayOfYear,

    /// <summary>ISODOW: ISO day of week, Monday = 1.</summary>
    IsoDayOfWeek,

    /// <summary>ISOYEAR: ISO 8601 week-numbering year.</summary>
    IsoYear,
    Epoch,
    Decade,
    Century,
    Millennium,
}
