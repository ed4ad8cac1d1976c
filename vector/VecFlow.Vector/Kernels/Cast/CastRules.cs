using VecFlow.Vector.Types;

namespace VecFlow.Vector.Kernels;

/// <summary>Which CASTs exist (Flink's cast matrix, restricted to VecFlow's types).</summary>
internal static class CastRules
{
    private static readonly SqlType[] Targets =
    [
        SqlType.Boolean, SqlType.TinyInt, SqlType.SmallInt, SqlType.Int, SqlType.BigInt, SqlType.Float, SqlType.Double,
        SqlType.Decimal(SqlType.MaxDecimalPrecision, 0), SqlType.Varchar, SqlType.Date, SqlType.Time, SqlType.Timestamp,
        SqlType.TimestampLtz, SqlType.IntervalDayTime, SqlType.IntervalYearMonth,
    ];

    public static bool CanCast(SqlType from, SqlType to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Kind == to.Kind || from.Kind == SqlTypeKind.Null || to.Kind == SqlTypeKind.Varchar)
        {
            return true;
        }

        return from.Kind switch
        {
            SqlTypeKind.Varchar => to.Kind is SqlTypeKind.Boolean or SqlTypeKind.Date or SqlTypeKind.Time
                or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz || to.IsNumeric,
            SqlTypeKind.Boolean => to.IsNumeric,
            SqlTypeKind.Date => to.Kind is SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz,
            SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => to.Kind is SqlTypeKind.Date or SqlTypeKind.Time
                or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz,
            _ when from.IsInteger => to.IsNumeric || to.Kind == SqlTypeKind.Boolean,
            _ when from.IsNumeric => to.IsNumeric,
            _ => false,
        };
    }

    /// <summary>The kinds of types <paramref name="from"/> can be cast to, for error messages.</summary>
    public static string ValidTargets(SqlType from) =>
        string.Join(", ", Targets.Where(t => CanCast(from, t)).Select(t => t.Kind switch
        {
            SqlTypeKind.Decimal => "DECIMAL",
            SqlTypeKind.Varchar => "VARCHAR",
            SqlTypeKind.Timestamp => "TIMESTAMP",
            SqlTypeKind.TimestampLtz => "TIMESTAMP_LTZ",
            _ => t.ToString(),
        }));
}
