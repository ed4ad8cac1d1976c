using global::Parquet.Meta;
using global::Parquet.Schema;
using VecFlow.Vector.Types;
using ParquetType = global::Parquet.Meta.Type;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>One column of a Parquet file as VecFlow reads it: how the file stores it and the SQL type it becomes.</summary>
/// <remarks>
/// Values are read as their physical type (with definition levels apart), so no value becomes an object: DECIMAL as
/// its unscaled int32 / int64 / big-endian bytes, TIMESTAMP and TIME as integers in the file's unit, strings as
/// UTF-8 bytes.
/// </remarks>
internal sealed class ParquetColumn
{
    public ParquetColumn(string path, DataField fileField, VecFlow.Engine.Schema.Field column)
    {
        Path = path;
        Name = column.Name;
        FileField = fileField;
        Type = column.Type;
        SchemaElement element = fileField.SchemaElement
            ?? throw new ConnectorException($"Column '{Name}' of the parquet file '{path}' has no schema element.");
        Physical = element.Type
            ?? throw new ConnectorException($"Column '{Name}' of the parquet file '{path}' has no physical type.");
        if (fileField.MaxRepetitionLevel > 0)
        {
            throw new ConnectorException($"Column '{Name}' of the parquet file '{path}' is a repeated (list) column, which VecFlow cannot read as {Type}.");
        }

        MaxDefinitionLevel = fileField.MaxDefinitionLevel;
        FileScale = element.LogicalType?.DECIMAL?.Scale ?? element.Scale ?? 0;
        FilePrecision = element.LogicalType?.DECIMAL?.Precision ?? element.Precision ?? 38;
        UnitsPerMilli = UnitsPerMilliOf(element);
        IsUnsigned = element.LogicalType?.INTEGER is { IsSigned: false }
            || element.ConvertedType is ConvertedType.UINT_8 or ConvertedType.UINT_16 or ConvertedType.UINT_32 or ConvertedType.UINT_64;
        Check(element);
    }

    /// <summary>The file, for error messages.</summary>
    public string Path { get; }

    public string Name { get; }

    /// <summary>The table's type of the column.</summary>
    public SqlType Type { get; }

    public ParquetType Physical { get; }

    /// <summary>0 for a REQUIRED column; a value is present where its definition level equals this.</summary>
    public int MaxDefinitionLevel { get; }

    /// <summary>The column's field in the file's schema (its leaf position numbers its chunks).</summary>
    public DataField FileField { get; }

    /// <summary>The scale of a DECIMAL column in the file (0 for integers read as DECIMAL).</summary>
    public int FileScale { get; }

    public int FilePrecision { get; }

    /// <summary>For TIMESTAMP and TIME: file units per millisecond (1 millis, 1000 micros, 1000000 nanos).</summary>
    public long UnitsPerMilli { get; }

    /// <summary>An unsigned integer annotation: statistics compare unsigned, so they are not used.</summary>
    public bool IsUnsigned { get; }

    public ConnectorException Mismatch(string detail) =>
        new($"Column '{Name}' of the parquet file '{Path}' is stored as {Physical}, which does not read as the table's {Type}: {detail}.");

    public ConnectorException ValueError(string value) =>
        new($"The value {value} in column '{Name}' of the parquet file '{Path}' does not fit the table's {Type}.");

    private void Check(SchemaElement element)
    {
        bool ok = Type.Kind switch
        {
            SqlTypeKind.Boolean => Physical == ParquetType.BOOLEAN,
            SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => Physical is ParquetType.INT32 or ParquetType.INT64,
            SqlTypeKind.Float => Physical == ParquetType.FLOAT,
            SqlTypeKind.Double => Physical is ParquetType.DOUBLE or ParquetType.FLOAT,
            SqlTypeKind.Decimal => Physical is ParquetType.INT32 or ParquetType.INT64 or ParquetType.FIXED_LEN_BYTE_ARRAY or ParquetType.BYTE_ARRAY,
            SqlTypeKind.Varchar => Physical == ParquetType.BYTE_ARRAY,
            SqlTypeKind.Date => Physical == ParquetType.INT32,
            SqlTypeKind.Time => (Physical == ParquetType.INT32 && UnitsPerMilli <= 1) || (Physical == ParquetType.INT64 && UnitsPerMilli > 1),
            SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => Physical == ParquetType.INT96 || (Physical == ParquetType.INT64 && UnitsPerMilli > 0),
            _ => false,
        };
        if (!ok)
        {
            string logical = element.LogicalType?.TIMESTAMP is not null ? " TIMESTAMP" : element.ConvertedType is { } c ? $" {c}" : string.Empty;
            throw new ConnectorException(
                $"Column '{Name}' of the parquet file '{Path}' is stored as {Physical}{logical}, which does not read as the table's {Type}.");
        }
    }

    private static long UnitsPerMilliOf(SchemaElement element)
    {
        TimeUnit? unit = element.LogicalType?.TIMESTAMP?.Unit ?? element.LogicalType?.TIME?.Unit;
        if (unit is not null)
        {
            return unit.MILLIS is not null ? 1 : unit.MICROS is not null ? 1_000 : 1_000_000;
        }

        return element.ConvertedType switch
        {
            ConvertedType.TIMESTAMP_MILLIS or ConvertedType.TIME_MILLIS => 1,
            ConvertedType.TIMESTAMP_MICROS or ConvertedType.TIME_MICROS => 1_000,
            _ => 0,
        };
    }
}
