using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Catalog.Functions;

/// <summary>How one CLR parameter or return type maps to SQL: the SQL type it reads or writes and how.</summary>
internal static class ClrSignature
{
    /// <summary>The CLR types a user function may take and return, as the SQL type names they stand for.</summary>
    public const string Supported = "int (INT), long (BIGINT), double (DOUBLE), decimal (DECIMAL), string (STRING), bool (BOOLEAN), DateTime (TIMESTAMP(3)), DateOnly (DATE), or their nullable forms";

    /// <summary>The SQL type values of <paramref name="clr"/> (or its nullable form) are read from, or null when none is.</summary>
    public static SqlType? SqlTypeOf(Type clr)
    {
        Type plain = Nullable.GetUnderlyingType(clr) ?? clr;
        return plain == typeof(int) ? SqlType.Int
            : plain == typeof(long) ? SqlType.BigInt
            : plain == typeof(double) ? SqlType.Double
            : plain == typeof(decimal) ? SqlType.Decimal(SqlType.MaxDecimalPrecision, ClrValues.ResultDecimalScale)
            : plain == typeof(string) ? SqlType.Varchar
            : plain == typeof(bool) ? SqlType.Boolean
            : plain == typeof(DateTime) ? SqlType.Timestamp
            : plain == typeof(DateOnly) ? SqlType.Date
            : null;
    }

    /// <summary>A reader of arguments for a parameter of type <paramref name="clr"/>.</summary>
    public static ClrArgument Argument(Type clr, bool nullSkipsCall)
    {
        Type? underlying = Nullable.GetUnderlyingType(clr);
        ClrArgument plain = Plain(underlying ?? clr, nullSkipsCall);
        return underlying is null
            ? plain
            : (ClrArgument)Activator.CreateInstance(typeof(NullableArgument<>).MakeGenericType(underlying), plain)!;
    }

    private static ClrArgument Plain(Type clr, bool nullSkipsCall) =>
        clr == typeof(int) ? new Int32Argument { NullSkipsCall = nullSkipsCall }
        : clr == typeof(long) ? new Int64Argument { NullSkipsCall = nullSkipsCall }
        : clr == typeof(double) ? new DoubleArgument { NullSkipsCall = nullSkipsCall }
        : clr == typeof(decimal) ? new DecimalArgument { NullSkipsCall = nullSkipsCall }
        : clr == typeof(string) ? new StringArgument { NullSkipsCall = nullSkipsCall }
        : clr == typeof(bool) ? new BooleanArgument { NullSkipsCall = nullSkipsCall }
        : clr == typeof(DateTime) ? new TimestampArgument { NullSkipsCall = nullSkipsCall }
        : new DateArgument { NullSkipsCall = nullSkipsCall };

    /// <summary>A result column of <paramref name="length"/> rows for values of <paramref name="clr"/> (without its nullable wrapper).</summary>
    public static ClrResult Result(Type clr, int length, BufferPool pool)
    {
        SqlType type = SqlTypeOf(clr)!.WithNullable(true);
        Type plain = Nullable.GetUnderlyingType(clr) ?? clr;
        return plain == typeof(int) ? new FixedWidthResult<int, int>(type, length, pool, v => v)
            : plain == typeof(long) ? new FixedWidthResult<long, long>(type, length, pool, v => v)
            : plain == typeof(double) ? new FixedWidthResult<double, double>(type, length, pool, v => v)
            : plain == typeof(decimal) ? new FixedWidthResult<decimal, Int128>(type, length, pool, v => ClrValues.Unscaled(v, ClrValues.ResultDecimalScale))
            : plain == typeof(string) ? new StringResult(length, pool)
            : plain == typeof(bool) ? new BooleanResult(length, pool)
            : plain == typeof(DateTime) ? new FixedWidthResult<DateTime, long>(type, length, pool, ClrValues.EpochMillis)
            : new FixedWidthResult<DateOnly, int>(type, length, pool, ClrValues.EpochDays);
    }
}
