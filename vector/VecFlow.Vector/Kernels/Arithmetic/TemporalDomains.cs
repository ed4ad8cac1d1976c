using System.Globalization;

namespace VecFlow.Vector.Kernels;

/// <summary>A SQL quantity carried as a long in temporal arithmetic: its valid range and how to print a value.</summary>
internal interface ITemporalDomain
{
    static abstract string Name { get; }

    static abstract long Min { get; }

    static abstract long Max { get; }

    static abstract string Describe(long value);
}

/// <summary>TIMESTAMP(3) / TIMESTAMP_LTZ(3) milliseconds, valid from 0000-01-01 00:00:00 to 9999-12-31 23:59:59.999.</summary>
internal readonly struct TimestampDomain : ITemporalDomain
{
    public static string Name => "TIMESTAMP";

    public static long Min => CivilCalendar.MinTimestamp;

    public static long Max => CivilCalendar.MaxTimestamp;

    public static string Describe(long value) => "TIMESTAMP '" + SqlTextFormatter.TimestampText(value) + "'";
}

/// <summary>DATE day numbers, valid from 0000-01-01 to 9999-12-31.</summary>
internal readonly struct DateDomain : ITemporalDomain
{
    public static string Name => "DATE";

    public static long Min => CivilCalendar.MinDay;

    public static long Max => CivilCalendar.MaxDay;

    public static string Describe(long value) => "DATE '" + SqlTextFormatter.DateText(value) + "'";
}

/// <summary>INTERVAL DAY TO SECOND milliseconds (the whole long range).</summary>
internal readonly struct IntervalDayTimeDomain : ITemporalDomain
{
    public static string Name => "INTERVAL DAY TO SECOND";

    public static long Min => long.MinValue;

    public static long Max => long.MaxValue;

    public static string Describe(long value) => SqlTextFormatter.IntervalDayTimeText(value);
}

/// <summary>INTERVAL YEAR TO MONTH months (the int range of its layout).</summary>
internal readonly struct IntervalYearMonthDomain : ITemporalDomain
{
    public static string Name => "INTERVAL YEAR TO MONTH";

    public static long Min => int.MinValue;

    public static long Max => int.MaxValue;

    public static string Describe(long value) => SqlTextFormatter.IntervalYearMonthText(value);
}

/// <summary>Whole days taken from an INTERVAL DAY TO SECOND that is added to a DATE.</summary>
internal readonly struct DayCountDomain : ITemporalDomain
{
    public static string Name => "days";

    public static long Min => long.MinValue;

    public static long Max => long.MaxValue;

    public static string Describe(long value) => $"INTERVAL '{value.ToString(CultureInfo.InvariantCulture)}' DAY";
}

/// <summary>An integer factor or divisor of an interval.</summary>
internal readonly struct IntegerFactorDomain : ITemporalDomain
{
    public static string Name => "BIGINT";

    public static long Min => long.MinValue;

    public static long Max => long.MaxValue;

    public static string Describe(long value) => value.ToString(CultureInfo.InvariantCulture);
}
