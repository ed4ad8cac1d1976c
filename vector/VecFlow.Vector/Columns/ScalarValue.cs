using System.Text;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Columns;

/// <summary>One typed SQL value: a literal, a constant operand of a kernel, or a reduction's result.</summary>
/// <remarks>
/// <see cref="Value"/> holds the physical representation: null for SQL NULL, bool, sbyte/short/int/long, float/double,
/// <see cref="Int128"/> unscaled for DECIMAL, string for VARCHAR, int days for DATE, int milliseconds for TIME, long
/// milliseconds for TIMESTAMP / TIMESTAMP_LTZ / INTERVAL DAY TO SECOND, int months for INTERVAL YEAR TO MONTH.
/// </remarks>
public sealed record ScalarValue(SqlType Type, object? Value)
{
    public bool IsNull => Value is null;

    public static ScalarValue Null(SqlType type) => new(type.WithNullable(true), null);

    public static ScalarValue Boolean(bool value) => new(SqlType.Boolean, value);

    public static ScalarValue Int(int value) => new(SqlType.Int, value);

    public static ScalarValue BigInt(long value) => new(SqlType.BigInt, value);

    public static ScalarValue Double(double value) => new(SqlType.Double, value);

    public static ScalarValue String(string value) => new(SqlType.Varchar, value);

    public static ScalarValue Decimal(Int128 unscaled, int precision, int scale) => new(SqlType.Decimal(precision, scale), unscaled);

    public static ScalarValue Date(int daysSinceEpoch) => new(SqlType.Date, daysSinceEpoch);

    public static ScalarValue Timestamp(long millisSinceEpoch) => new(SqlType.Timestamp, millisSinceEpoch);

    /// <summary>The value as <typeparamref name="T"/>; throws if it is NULL or of another physical type.</summary>
    public T As<T>() => Value is T t
        ? t
        : throw new InvalidOperationException($"The {Type} value {this} is not a {typeof(T).Name}.");

    /// <summary>The UTF-8 bytes of a VARCHAR value.</summary>
    public byte[] Utf8() => Encoding.UTF8.GetBytes(As<string>());

    public override string ToString() => Value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''") + "'",
        bool b => b ? "TRUE" : "FALSE",
        _ => Value.ToString() ?? "NULL",
    };
}
