using System.Buffers.Text;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Decimals;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Writes one non-NULL value as UTF-8 text the way CAST(... AS STRING) does, except BOOLEAN as lowercase true/false.</summary>
/// <remarks>
/// CSV, JSON (for temporal values) and partition directory names all use these forms, and read them back through the
/// CAST parsers: DATE yyyy-MM-dd, TIME HH:mm:ss[.SSS], TIMESTAMP yyyy-MM-dd HH:mm:ss[.SSS], DECIMAL exact with its
/// scale, DOUBLE in Java's shortest round-trip form. Booleans are lowercase as Flink's CSV and JSON formats write them.
/// </remarks>
internal static class ValueText
{
    /// <summary>Enough bytes for any non-string value.</summary>
    public const int MaxLength = 64;

    /// <summary>Formats row <paramref name="row"/> of a non-string column; returns the bytes written.</summary>
    public static int Format(ColumnVector column, int row, Span<byte> destination)
    {
        int written;
        switch (column.Type.Kind)
        {
            case SqlTypeKind.Boolean:
                return Bits.Get(column.BooleanWords, row) ? Copy("true"u8, destination) : Copy("false"u8, destination);
            case SqlTypeKind.TinyInt:
                Utf8Formatter.TryFormat(column.Values<sbyte>()[row], destination, out written);
                return written;
            case SqlTypeKind.SmallInt:
                Utf8Formatter.TryFormat(column.Values<short>()[row], destination, out written);
                return written;
            case SqlTypeKind.Int:
                Utf8Formatter.TryFormat(column.Values<int>()[row], destination, out written);
                return written;
            case SqlTypeKind.BigInt:
                Utf8Formatter.TryFormat(column.Values<long>()[row], destination, out written);
                return written;
            case SqlTypeKind.Float:
                return SqlTextFormatter.FormatFloat(column.Values<float>()[row], destination);
            case SqlTypeKind.Double:
                return SqlTextFormatter.FormatDouble(column.Values<double>()[row], destination);
            case SqlTypeKind.Decimal:
                return DecimalMath.Format(column.Values<Int128>()[row], column.Type.Scale, destination);
            case SqlTypeKind.Date:
                return SqlTextFormatter.FormatDate(column.Values<int>()[row], destination);
            case SqlTypeKind.Time:
                return SqlTextFormatter.FormatTime(column.Values<int>()[row], destination);
            case SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz:
                return SqlTextFormatter.FormatTimestamp(column.Values<long>()[row], destination);
            default:
                throw new ConnectorException($"Values of type {column.Type} have no text form in files.");
        }
    }

    /// <summary>True for the types <see cref="Format"/> and <see cref="ColumnAppender"/> handle.</summary>
    public static bool IsSupported(SqlType type) => type.Kind is SqlTypeKind.Boolean or SqlTypeKind.TinyInt or SqlTypeKind.SmallInt
        or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Float or SqlTypeKind.Double or SqlTypeKind.Decimal
        or SqlTypeKind.Varchar or SqlTypeKind.Date or SqlTypeKind.Time or SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz;

    /// <summary>Throws a clear error for the first column of <paramref name="schema"/> a text format cannot hold.</summary>
    public static void CheckSupported(Schema.RowSchema schema, string format)
    {
        foreach (Schema.Field field in schema.Fields)
        {
            if (!IsSupported(field.Type))
            {
                throw new ConnectorException(
                    $"The {format} format cannot hold column '{field.Name}' of type {field.Type}; supported are BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE, DECIMAL, STRING/VARCHAR, DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ.");
            }
        }
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
