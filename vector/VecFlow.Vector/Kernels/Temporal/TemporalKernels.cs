using System.Runtime.CompilerServices;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>EXTRACT, FLOOR / CEIL (... TO unit), TIMESTAMPADD, TIMESTAMPDIFF, DATE_FORMAT and TO_TIMESTAMP / TO_DATE on columns.</summary>
/// <remarks>
/// DATE is int32 days, TIMESTAMP and TIMESTAMP_LTZ int64 epoch milliseconds (LTZ fields are read in UTC; the binder
/// converts to the session zone with a CAST first when it needs wall-clock fields). Calendar arithmetic is proleptic
/// Gregorian and results must stay within 0000-01-01 .. 9999-12-31: leaving it is an overflow on live rows.
/// NULL rows stay NULL; text that does not parse gives NULL (Flink's TO_TIMESTAMP rule).
/// </remarks>
[SkipLocalsInit]
public static class TemporalKernels
{
    /// <summary>BIGINT: field <paramref name="unit"/> of a DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ or INTERVAL column.</summary>
    public static ColumnVector Extract(ColumnVector input, TemporalUnit unit, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pool);
        int n = input.Length;
        NativeBuffer? validity = KernelMasks.CombinedValidity(input, null, n, pool);
        NativeBuffer values = pool.Rent(n * sizeof(long));
        try
        {
            Span<long> result = values.As<long>()[..n];
            switch (input.Type.Kind)
            {
                case SqlTypeKind.Date:
                    ReadOnlySpan<int> days = input.Values<int>();
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = CivilTime.Field(days[i] * CivilCalendar.MillisPerDay, unit);
                    }

                    break;
                case SqlTypeKind.Time:
                    ReadOnlySpan<int> ofDay = input.Values<int>();
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = CivilTime.Field(ofDay[i], unit);
                    }

                    break;
                case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                    ReadOnlySpan<long> millis = input.Values<long>();
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = CivilTime.Field(millis[i], unit);
                    }

                    break;
                case SqlTypeKind.IntervalDayTime:
                    ReadOnlySpan<long> span = input.Values<long>();
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = IntervalField(span[i], unit);
                    }

                    break;
                case SqlTypeKind.IntervalYearMonth:
                    ReadOnlySpan<int> months = input.Values<int>();
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = unit switch
                        {
                            TemporalUnit.Year => months[i] / 12,
                            TemporalUnit.Quarter => months[i] % 12 / 3 + 1,
                            TemporalUnit.Month => months[i] % 12,
                            _ => 0,
                        };
                    }

                    break;
                default:
                    throw new ArgumentException($"EXTRACT takes DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ or INTERVAL, got {input.Type}.");
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.BigInt.WithNullable(input.Type.Nullable), n, validity, values);
    }

    /// <summary>FLOOR / CEIL(x TO unit) of a DATE (units of a day or more; stays DATE) or TIMESTAMP column (same type).</summary>
    public static ColumnVector Truncate(ColumnVector input, TemporalUnit unit, bool ceiling, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pool);
        int n = input.Length;
        KernelMasks.CheckLive(live, n);
        bool date = input.Type.Kind == SqlTypeKind.Date;
        if (!date && input.Type.Kind is not (SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz))
        {
            throw new ArgumentException($"FLOOR / CEIL TO a unit takes DATE or TIMESTAMP, got {input.Type}.");
        }

        NativeBuffer? validity = KernelMasks.CombinedValidity(input, null, n, pool);
        NativeBuffer values = pool.Rent(n * input.Type.FixedWidth);
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, n, scratch);
            for (int i = 0; i < n; i++)
            {
                long millis = date ? input.Values<int>()[i] * CivilCalendar.MillisPerDay : input.Values<long>()[i];
                long result = CivilTime.Truncate(millis, unit, ceiling);
                if ((result < CivilCalendar.MinTimestamp || result > CivilCalendar.MaxTimestamp) && KernelMasks.IsLive(mask, i))
                {
                    throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, i, $"{(ceiling ? "CEIL" : "FLOOR")}({Describe(input.Type, millis)} TO {TemporalUnits.Name(unit)}) is outside 0000-01-01 .. 9999-12-31");
                }

                if (date)
                {
                    values.As<int>()[i] = (int)CivilTime.Days(result);
                }
                else
                {
                    values.As<long>()[i] = result;
                }
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(input.Type, n, validity, values);
    }

    /// <summary>
    /// TIMESTAMPADD(unit, count, x): x plus count units; months and longer by the calendar (the day clamped to the
    /// month's end). <paramref name="resultType"/> is DATE for a DATE x and a unit of a day or more, else x's timestamp type.
    /// </summary>
    public static ColumnVector Add(TemporalUnit unit, ColumnVector count, ColumnVector input, SqlType resultType, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(resultType);
        ArgumentNullException.ThrowIfNull(pool);
        int n = input.Length;
        KernelMasks.CheckLive(live, n);
        bool dateIn = input.Type.Kind == SqlTypeKind.Date;
        bool dateOut = resultType.Kind == SqlTypeKind.Date;
        long fixedMillis = TemporalUnits.FixedMillis(unit);
        long monthsPerUnit = TemporalUnits.Months(unit);
        if (fixedMillis == 0 && monthsPerUnit == 0)
        {
            throw new ArgumentException($"TIMESTAMPADD takes YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND or MILLISECOND, got {unit}.");
        }

        NativeBuffer? validity = KernelMasks.CombinedValidity(count, input, n, pool);
        NativeBuffer values = pool.Rent(n * resultType.FixedWidth);
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, n, scratch);
            ReadOnlySpan<long> counts = count.Values<long>();
            for (int i = 0; i < n; i++)
            {
                long millis = dateIn ? input.Values<int>()[i] * CivilCalendar.MillisPerDay : input.Values<long>()[i];
                bool ok;
                long result;
                if (monthsPerUnit > 0)
                {
                    long ofDay = CivilTime.MillisOfDay(millis);
                    ok = !Overflows(counts[i], monthsPerUnit, out long months) & CivilCalendar.TryAddMonths(CivilTime.Days(millis), months, out long days);
                    result = (days * CivilCalendar.MillisPerDay) + ofDay;
                }
                else
                {
                    ok = !Overflows(counts[i], fixedMillis, out long delta) & !AddOverflows(millis, delta, out result);
                    ok &= result >= CivilCalendar.MinTimestamp && result <= CivilCalendar.MaxTimestamp;
                }

                if (!ok && KernelMasks.IsLive(mask, i))
                {
                    throw new SqlRuntimeException(
                        SqlErrorKind.ArithmeticOverflow,
                        i,
                        $"TIMESTAMPADD({TemporalUnits.Name(unit)}, {counts[i]}, {Describe(input.Type, millis)}) is outside 0000-01-01 .. 9999-12-31");
                }

                if (dateOut)
                {
                    values.As<int>()[i] = ok ? (int)CivilTime.Days(result) : 0;
                }
                else
                {
                    values.As<long>()[i] = ok ? result : 0;
                }
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(resultType.WithNullable(count.Type.Nullable || input.Type.Nullable), n, validity, values);
    }

    /// <summary>
    /// INT: TIMESTAMPDIFF(unit, from, to), the whole units from <paramref name="from"/> to <paramref name="to"/>,
    /// truncated toward zero; months and longer by the calendar (Jan 31 to Feb 28 is 0 months). A count beyond INT is an overflow.
    /// </summary>
    public static ColumnVector Difference(TemporalUnit unit, ColumnVector from, ColumnVector to, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(pool);
        int n = from.Length;
        KernelMasks.CheckLive(live, n);
        long fixedMillis = TemporalUnits.FixedMillis(unit);
        long monthsPerUnit = TemporalUnits.Months(unit);
        if (fixedMillis == 0 && monthsPerUnit == 0)
        {
            throw new ArgumentException($"TIMESTAMPDIFF takes YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND or MILLISECOND, got {unit}.");
        }

        NativeBuffer? validity = KernelMasks.CombinedValidity(from, to, n, pool);
        NativeBuffer values = pool.Rent(n * sizeof(int));
        try
        {
            using var scratch = new ScratchBuffers(pool);
            ReadOnlySpan<ulong> mask = KernelMasks.LiveAndValid(live, validity, n, scratch);
            Span<int> result = values.As<int>()[..n];
            for (int i = 0; i < n; i++)
            {
                long a = Millis(from, i);
                long b = Millis(to, i);
                long difference = monthsPerUnit > 0 ? MonthsBetween(a, b) / monthsPerUnit : (b - a) / fixedMillis;
                if (difference is < int.MinValue or > int.MaxValue)
                {
                    if (KernelMasks.IsLive(mask, i))
                    {
                        throw new SqlRuntimeException(
                            SqlErrorKind.ArithmeticOverflow,
                            i,
                            $"TIMESTAMPDIFF({TemporalUnits.Name(unit)}, {Describe(from.Type, a)}, {Describe(to.Type, b)}) = {difference} is outside the INT range");
                    }

                    difference = 0;
                }

                result[i] = (int)difference;
            }
        }
        catch
        {
            values.Release();
            validity?.Release();
            throw;
        }

        return ColumnVector.FromBuffers(SqlType.Int.WithNullable(from.Type.Nullable || to.Type.Nullable), n, validity, values);
    }

    /// <summary>VARCHAR: DATE_FORMAT of a DATE or TIMESTAMP column (TIMESTAMP_LTZ after <paramref name="offsetMillis"/>, the session zone's offset).</summary>
    public static ColumnVector Format(ColumnVector input, JavaDateFormat format, BufferPool pool, Func<long, long>? offsetMillis = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(pool);
        int n = input.Length;
        ReadOnlySpan<ulong> validity = input.Validity;
        int max = format.MaxByteCount;
        using var builder = new StringColumnBuilder(n, pool, n * Math.Min(max, 32));
        for (int i = 0; i < n; i++)
        {
            if (!validity.IsEmpty && !Bits.Get(validity, i))
            {
                builder.AppendNull();
                continue;
            }

            long millis = Millis(input, i);
            if (offsetMillis is not null)
            {
                millis += offsetMillis(millis);
            }

            builder.Commit(format.Format(millis, builder.Reserve(max)));
        }

        return builder.Build();
    }

    /// <summary>
    /// TIMESTAMP (or DATE when <paramref name="target"/> is DATE) parsed from VARCHAR by <paramref name="format"/>, or by the
    /// CAST rules when it is null; a value that does not parse is NULL.
    /// </summary>
    public static ColumnVector Parse(ColumnVector input, JavaDateFormat? format, SqlType target, BufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(pool);
        var rows = new Utf8Rows(input);
        int n = rows.Length;
        bool date = target.Kind == SqlTypeKind.Date;
        NativeBuffer validity = pool.Rent(Bits.ByteCount(n), zeroed: true);
        NativeBuffer values = pool.Rent(n * target.FixedWidth);
        ReadOnlySpan<ulong> valid = input.Validity;
        for (int i = 0; i < n; i++)
        {
            long millis = 0;
            bool ok = (valid.IsEmpty || Bits.Get(valid, i)) && TryParse(rows[i], format, date, out millis);
            if (ok)
            {
                Bits.Set(validity.Words, i);
            }

            if (date)
            {
                values.As<int>()[i] = ok ? (int)CivilTime.Days(millis) : 0;
            }
            else
            {
                values.As<long>()[i] = millis;
            }
        }

        return ColumnVector.FromBuffers(target.WithNullable(true), n, validity, values);
    }

    private static bool TryParse(ReadOnlySpan<byte> text, JavaDateFormat? format, bool date, out long millis)
    {
        if (format is not null)
        {
            return format.TryParse(text, out millis);
        }

        if (date)
        {
            bool parsed = SqlTextParser.ParseDate(text, out int days) == TextParseStatus.Ok;
            millis = days * CivilCalendar.MillisPerDay;
            return parsed;
        }

        return SqlTextParser.ParseTimestamp(text, out millis) == TextParseStatus.Ok;
    }

    /// <summary>Calendar months from a to b, truncated toward zero (a partial month does not count).</summary>
    private static long MonthsBetween(long a, long b)
    {
        (long ya, int ma, int da) = CivilCalendar.CivilFromDays(CivilTime.Days(a));
        (long yb, int mb, int db) = CivilCalendar.CivilFromDays(CivilTime.Days(b));
        long months = ((yb * 12) + mb) - ((ya * 12) + ma);
        long restA = (da * CivilCalendar.MillisPerDay) + CivilTime.MillisOfDay(a);
        long restB = (db * CivilCalendar.MillisPerDay) + CivilTime.MillisOfDay(b);
        if (months > 0 && restB < restA)
        {
            months--;
        }
        else if (months < 0 && restB > restA)
        {
            months++;
        }

        return months;
    }

    private static long IntervalField(long millis, TemporalUnit unit) => unit switch
    {
        TemporalUnit.Day => millis / CivilCalendar.MillisPerDay,
        TemporalUnit.Hour => millis / 3_600_000 % 24,
        TemporalUnit.Minute => millis / 60_000 % 60,
        TemporalUnit.Second => millis / 1000 % 60,
        TemporalUnit.Millisecond => millis % 60_000,
        TemporalUnit.Epoch => millis / 1000,
        _ => 0,
    };

    private static long Millis(ColumnVector column, int row) =>
        column.Type.Kind == SqlTypeKind.Date ? column.Values<int>()[row] * CivilCalendar.MillisPerDay : column.Values<long>()[row];

    private static bool Overflows(long x, long y, out long product)
    {
        Int128 wide = (Int128)x * y;
        product = (long)wide;
        return wide < long.MinValue || wide > long.MaxValue;
    }

    private static bool AddOverflows(long x, long y, out long sum)
    {
        sum = unchecked(x + y);
        return ((x ^ sum) & (y ^ sum)) < 0;
    }

    private static string Describe(SqlType type, long millis) => type.Kind == SqlTypeKind.Date
        ? "DATE '" + SqlTextFormatter.DateText(CivilTime.Days(millis)) + "'"
        : "TIMESTAMP '" + SqlTextFormatter.TimestampText(millis) + "'";
}
