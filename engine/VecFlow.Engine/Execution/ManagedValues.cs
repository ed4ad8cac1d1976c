using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Execution;

/// <summary>Converts column values to natural .NET values for results, cmdlets and tests.</summary>
/// <remarks>
/// BOOLEAN bool, TINYINT..BIGINT sbyte/short/int/long, FLOAT/DOUBLE float/double, DECIMAL <see cref="decimal"/>
/// (exact; a value beyond decimal's 28 digits comes back as its exact text), STRING string, DATE DateOnly, TIME TimeOnly,
/// TIMESTAMP DateTime (unspecified kind), TIMESTAMP_LTZ DateTimeOffset (UTC), INTERVAL DAY TO SECOND TimeSpan,
/// INTERVAL YEAR TO MONTH int months.
/// </remarks>
public static class ManagedValues
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The column's values, each boxed once as its natural .NET value (a result of a million rows is mostly these objects).</summary>
    public static object?[] Read(ColumnVector column)
    {
        var values = new object?[column.Length];
        SqlType type = column.Type;
        switch (type.Kind)
        {
            case SqlTypeKind.BigInt:
                Fill(column, values, column.Values<long>(), static v => v);
                break;
            case SqlTypeKind.Int:
                Fill(column, values, column.Values<int>(), static v => v);
                break;
            case SqlTypeKind.Double:
                Fill(column, values, column.Values<double>(), static v => v);
                break;
            case SqlTypeKind.Decimal:
                int scale = type.Scale;
                Fill(column, values, column.Values<Int128>(), v => Decimal(v, scale));
                break;
            case SqlTypeKind.Timestamp:
                Fill(column, values, column.Values<long>(), static v => Epoch.AddMilliseconds(v));
                break;
            default:
                object?[] raw = ColumnFactory.ToObjects(column);
                for (int i = 0; i < raw.Length; i++)
                {
                    values[i] = Convert(raw[i], type);
                }

                break;
        }

        return values;
    }

    private static void Fill<T>(ColumnVector column, object?[] target, ReadOnlySpan<T> values, Func<T, object> box)
        where T : unmanaged
    {
        bool nulls = column.HasNulls;
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = nulls && column.IsNull(i) ? null : box(values[i]);
        }
    }

    public static object? Convert(object? raw, SqlType type) => raw is null ? null : type.Kind switch
    {
        SqlTypeKind.Decimal => Decimal((Int128)raw, type.Scale),
        SqlTypeKind.Date => DateOnly.FromDayNumber(DateOnly.FromDateTime(Epoch).DayNumber + (int)raw),
        SqlTypeKind.Time => TimeOnly.FromTimeSpan(TimeSpan.FromMilliseconds((int)raw)),
        SqlTypeKind.Timestamp => Epoch.AddMilliseconds((long)raw),
        SqlTypeKind.TimestampLtz => new DateTimeOffset(Epoch.AddMilliseconds((long)raw), TimeSpan.Zero),
        SqlTypeKind.IntervalDayTime => TimeSpan.FromMilliseconds((long)raw),
        _ => raw,
    };

    private static object Decimal(Int128 unscaled, int scale)
    {
        Int128 magnitude = Int128.Abs(unscaled);
        if (magnitude >> 96 == 0 && scale <= 28)
        {
            int lo = (int)(uint)(magnitude & uint.MaxValue);
            int mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
            int hi = (int)(uint)((magnitude >> 64) & uint.MaxValue);
            return new decimal(lo, mid, hi, unscaled < 0, (byte)scale);
        }

        return Text(unscaled, scale);
    }

    /// <summary>The exact decimal text of an unscaled value (e.g. 12345, scale 2: "123.45").</summary>
    public static string Text(Int128 unscaled, int scale)
    {
        string digits = Int128.Abs(unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        string text = scale == 0 ? digits : $"{digits[..^scale]}.{digits[^scale..]}";
        return unscaled < 0 ? "-" + text : text;
    }
}
