using System.Globalization;
using System.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Print;

/// <summary>Values as Flink's print connector shows them: the <c>toString</c> of the Java objects in Flink's <c>Row</c>.</summary>
/// <remarks>
/// NULL is <c>null</c>; TIMESTAMP is a LocalDateTime (<c>2026-01-01T00:00</c>, seconds and millis only when not zero);
/// TIMESTAMP_LTZ an Instant (<c>2026-01-01T00:00:00Z</c>); DATE <c>yyyy-MM-dd</c>; TIME a LocalTime (<c>12:30</c>,
/// <c>12:30:05.250</c>); DOUBLE as Java prints it (<c>1.0E7</c>); DECIMAL plain with its scale; BOOLEAN true/false.
/// </remarks>
internal static class JavaText
{
    public static void Append(StringBuilder text, ColumnVector column, int row)
    {
        if (column.IsNull(row))
        {
            text.Append("null");
            return;
        }

        switch (column.Type.Kind)
        {
            case SqlTypeKind.Varchar:
                text.Append(Encoding.UTF8.GetString(column.StringAt(row)));
                return;
            case SqlTypeKind.Boolean:
                text.Append(Bits.Get(column.BooleanWords, row) ? "true" : "false");
                return;
            case SqlTypeKind.TinyInt:
                text.Append(column.Values<sbyte>()[row]);
                return;
            case SqlTypeKind.SmallInt:
                text.Append(column.Values<short>()[row]);
                return;
            case SqlTypeKind.Int:
                text.Append(column.Values<int>()[row]);
                return;
            case SqlTypeKind.BigInt:
                text.Append(column.Values<long>()[row]);
                return;
            case SqlTypeKind.Float:
                text.Append(SqlTextFormatter.FloatText(column.Values<float>()[row]));
                return;
            case SqlTypeKind.Double:
                text.Append(SqlTextFormatter.DoubleText(column.Values<double>()[row]));
                return;
            case SqlTypeKind.Decimal:
                text.Append(DecimalMath.Format(column.Values<Int128>()[row], column.Type.Scale));
                return;
            case SqlTypeKind.Date:
                text.Append(SqlTextFormatter.DateText(column.Values<int>()[row]));
                return;
            case SqlTypeKind.Time:
                AppendLocalTime(text, column.Values<int>()[row]);
                return;
            case SqlTypeKind.Timestamp:
                AppendLocalDateTime(text, column.Values<long>()[row]);
                return;
            case SqlTypeKind.TimestampLtz:
                {
                    long millis = column.Values<long>()[row];
                    long days = CivilCalendar.FloorDivide(millis, CivilCalendar.MillisPerDay);
                    long ofDay = millis - (days * CivilCalendar.MillisPerDay);
                    text.Append(SqlTextFormatter.DateText(days)).Append('T');
                    text.Append(SqlTextFormatter.TimeText(ofDay - (ofDay % 1000)));
                    if (ofDay % 1000 != 0)
                    {
                        text.Append('.').Append((ofDay % 1000).ToString("D3", CultureInfo.InvariantCulture));
                    }

                    text.Append('Z');
                    return;
                }

            case SqlTypeKind.IntervalDayTime:
                text.Append(SqlTextFormatter.IntervalDayTimeText(column.Values<long>()[row]));
                return;
            case SqlTypeKind.IntervalYearMonth:
                text.Append(SqlTextFormatter.IntervalYearMonthText(column.Values<int>()[row]));
                return;
            default:
                text.Append(column.Type.ToString());
                return;
        }
    }

    private static void AppendLocalDateTime(StringBuilder text, long millis)
    {
        long days = CivilCalendar.FloorDivide(millis, CivilCalendar.MillisPerDay);
        text.Append(SqlTextFormatter.DateText(days)).Append('T');
        AppendLocalTime(text, millis - (days * CivilCalendar.MillisPerDay));
    }

    /// <summary>java.time.LocalTime.toString: HH:mm, then :ss when seconds or millis are set, then .SSS when millis are.</summary>
    private static void AppendLocalTime(StringBuilder text, long millisOfDay)
    {
        long seconds = millisOfDay / 1000;
        int millis = (int)(millisOfDay % 1000);
        text.Append((seconds / 3600).ToString("D2", CultureInfo.InvariantCulture)).Append(':')
            .Append((seconds / 60 % 60).ToString("D2", CultureInfo.InvariantCulture));
        if (seconds % 60 != 0 || millis != 0)
        {
            text.Append(':').Append((seconds % 60).ToString("D2", CultureInfo.InvariantCulture));
        }

        if (millis != 0)
        {
            text.Append('.').Append(millis.ToString("D3", CultureInfo.InvariantCulture));
        }
    }
}
