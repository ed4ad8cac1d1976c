using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>CASTs among DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ.</summary>
/// <remarks>
/// DATE -&gt; TIMESTAMP is midnight of that day; TIMESTAMP -&gt; DATE and TIME take the day and the time of day (floor, so
/// instants before 1970 land on the right day). TIMESTAMP_LTZ converts through UTC, the session time zone VecFlow
/// uses, so TIMESTAMP &lt;-&gt; TIMESTAMP_LTZ keeps the milliseconds unchanged.
/// </remarks>
internal static class TemporalCasts
{
    public static void Cast(ColumnVector input, SqlType target, NativeBuffer values, ReadOnlySpan<ulong> live)
    {
        int n = input.Length;
        switch (input.Type.Kind, target.Kind)
        {
            case (SqlTypeKind.Date, SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz):
                ConversionLoop.Invoke<int, long, DateToTimestamp>(default, input.Values<int>(), values.As<long>()[..n], live);
                break;
            case (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, SqlTypeKind.Date):
                ConversionLoop.Invoke<long, int, TimestampToDate>(new(target), input.Values<long>(), values.As<int>()[..n], live);
                break;
            case (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, SqlTypeKind.Time):
                ConversionLoop.Invoke<long, int, TimestampToTime>(default, input.Values<long>(), values.As<int>()[..n], live);
                break;
            case (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz, SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz):
                input.Values<long>().CopyTo(values.As<long>());
                break;
            default:
                throw new NotSupportedException($"No cast from {input.Type} to {target}.");
        }
    }
}

/// <summary>DATE to TIMESTAMP at midnight; every DATE fits.</summary>
internal readonly struct DateToTimestamp : IValueConversion<int, long>
{
    public bool TryConvert(int value, out long result)
    {
        result = value * CivilCalendar.MillisPerDay;
        return true;
    }

    public SqlRuntimeException Failure(int row, int value) => throw new InvalidOperationException("DATE to TIMESTAMP cannot fail.");
}

/// <summary>The day of a TIMESTAMP; fails only for raw values beyond the DATE layout.</summary>
internal readonly struct TimestampToDate(SqlType target) : IValueConversion<long, int>
{
    public bool TryConvert(long value, out int result)
    {
        long day = CivilCalendar.FloorDivide(value, CivilCalendar.MillisPerDay);
        bool ok = day is >= int.MinValue and <= int.MaxValue;
        result = ok ? (int)day : 0;
        return ok;
    }

    public SqlRuntimeException Failure(int row, long value) =>
        CastErrors.OutOfRange(row, "TIMESTAMP '" + SqlTextFormatter.TimestampText(value) + "'", target);
}

/// <summary>The time of day of a TIMESTAMP.</summary>
internal readonly struct TimestampToTime : IValueConversion<long, int>
{
    public bool TryConvert(long value, out int result)
    {
        result = (int)CivilCalendar.FloorModulo(value, CivilCalendar.MillisPerDay);
        return true;
    }

    public SqlRuntimeException Failure(int row, long value) => throw new InvalidOperationException("TIMESTAMP to TIME cannot fail.");
}
