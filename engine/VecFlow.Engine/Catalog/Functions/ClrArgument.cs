using System.Text;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Catalog.Functions;

/// <summary>One argument column of a user function call, read a row at a time as the CLR type of its parameter.</summary>
internal abstract class ClrArgument
{
    /// <summary>The column being read (owned by the caller).</summary>
    public ColumnVector Column { get; set; } = null!;

    /// <summary>Whether a NULL here skips the call and makes the result NULL (a parameter that cannot hold null).</summary>
    public bool NullSkipsCall { get; init; }

    public bool IsNull(int row) => Column.IsNull(row);
}

/// <summary>An argument read as <typeparamref name="T"/>.</summary>
internal abstract class ClrArgument<T> : ClrArgument
{
    public abstract T Read(int row);
}

/// <summary>INT as int.</summary>
internal sealed class Int32Argument : ClrArgument<int>
{
    public override int Read(int row) => Column.Values<int>()[row];
}

/// <summary>BIGINT as long.</summary>
internal sealed class Int64Argument : ClrArgument<long>
{
    public override long Read(int row) => Column.Values<long>()[row];
}

/// <summary>DOUBLE as double.</summary>
internal sealed class DoubleArgument : ClrArgument<double>
{
    public override double Read(int row) => Column.Values<double>()[row];
}

/// <summary>DECIMAL(p, s) as decimal.</summary>
internal sealed class DecimalArgument : ClrArgument<decimal>
{
    public override decimal Read(int row) => ClrValues.Decimal(Column.Values<Int128>()[row], Column.Type.Scale);
}

/// <summary>BOOLEAN as bool.</summary>
internal sealed class BooleanArgument : ClrArgument<bool>
{
    public override bool Read(int row) => Vector.Bitmaps.Bits.Get(Column.BooleanWords, row);
}

/// <summary>TIMESTAMP(3) as DateTime (unspecified kind, like the SQL type).</summary>
internal sealed class TimestampArgument : ClrArgument<DateTime>
{
    public override DateTime Read(int row) => ClrValues.Timestamp(Column.Values<long>()[row]);
}

/// <summary>DATE as DateOnly.</summary>
internal sealed class DateArgument : ClrArgument<DateOnly>
{
    public override DateOnly Read(int row) => ClrValues.Date(Column.Values<int>()[row]);
}

/// <summary>STRING as string; NULL as null.</summary>
internal sealed class StringArgument : ClrArgument<string?>
{
    public override string? Read(int row) => Column.IsNull(row) ? null : Encoding.UTF8.GetString(Column.StringAt(row));
}

/// <summary>A value type argument read into a nullable parameter: NULL becomes null instead of skipping the call.</summary>
internal sealed class NullableArgument<T>(ClrArgument<T> inner) : ClrArgument<T?>
    where T : struct
{
    public override T? Read(int row)
    {
        inner.Column = Column;
        return Column.IsNull(row) ? null : inner.Read(row);
    }
}
