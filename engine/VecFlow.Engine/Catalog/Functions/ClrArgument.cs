using System.Text;
using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Catalog.Functions;

/// <summary>How one argument of a user function call is read a row at a time as the CLR type of its parameter.</summary>
/// <remarks>
/// Stateless: the column is passed to every read, because one bound call runs on every parallel subtask at once, and a
/// column stored here by one subtask would be read by another.
/// </remarks>
internal abstract class ClrArgument
{
    /// <summary>Whether a NULL here skips the call and makes the result NULL (a parameter that cannot hold null).</summary>
    public bool NullSkipsCall { get; init; }
}

/// <summary>An argument read as <typeparamref name="T"/>.</summary>
internal abstract class ClrArgument<T> : ClrArgument
{
    public abstract T Read(ColumnVector column, int row);
}

/// <summary>INT as int.</summary>
internal sealed class Int32Argument : ClrArgument<int>
{
    public override int Read(ColumnVector column, int row) => column.Values<int>()[row];
}

/// <summary>BIGINT as long.</summary>
internal sealed class Int64Argument : ClrArgument<long>
{
    public override long Read(ColumnVector column, int row) => column.Values<long>()[row];
}

/// <summary>DOUBLE as double.</summary>
internal sealed class DoubleArgument : ClrArgument<double>
{
    public override double Read(ColumnVector column, int row) => column.Values<double>()[row];
}

/// <summary>DECIMAL(p, s) as decimal.</summary>
internal sealed class DecimalArgument : ClrArgument<decimal>
{
    public override decimal Read(ColumnVector column, int row) => ClrValues.Decimal(column.Values<Int128>()[row], column.Type.Scale);
}

/// <summary>BOOLEAN as bool.</summary>
internal sealed class BooleanArgument : ClrArgument<bool>
{
    public override bool Read(ColumnVector column, int row) => Vector.Bitmaps.Bits.Get(column.BooleanWords, row);
}

/// <summary>TIMESTAMP(3) as DateTime (unspecified kind, like the SQL type).</summary>
internal sealed class TimestampArgument : ClrArgument<DateTime>
{
    public override DateTime Read(ColumnVector column, int row) => ClrValues.Timestamp(column.Values<long>()[row]);
}

/// <summary>DATE as DateOnly.</summary>
internal sealed class DateArgument : ClrArgument<DateOnly>
{
    public override DateOnly Read(ColumnVector column, int row) => ClrValues.Date(column.Values<int>()[row]);
}

/// <summary>STRING as string; NULL as null.</summary>
internal sealed class StringArgument : ClrArgument<string?>
{
    public override string? Read(ColumnVector column, int row) => column.IsNull(row) ? null : Encoding.UTF8.GetString(column.StringAt(row));
}

/// <summary>A value type argument read into a nullable parameter: NULL becomes null instead of skipping the call.</summary>
internal sealed class NullableArgument<T>(ClrArgument<T> inner) : ClrArgument<T?>
    where T : struct
{
    public override T? Read(ColumnVector column, int row) => column.IsNull(row) ? null : inner.Read(column, row);
}
