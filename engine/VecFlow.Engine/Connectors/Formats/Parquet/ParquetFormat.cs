using global::Parquet.Schema;
using VecFlow.Engine.Runtime;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;
using ParquetField = global::Parquet.Schema.Field;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>The 'parquet' format through Parquet.Net: one row group per written batch; read a row group at a time into pooled columns.</summary>
/// <remarks>
/// Type mapping: BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE as the plain physical types; DECIMAL(p, s) as the parquet
/// DECIMAL logical type (Parquet.Net's BigDecimal, so all 38 digits survive); STRING as UTF-8; DATE as DATE;
/// TIME as TIME(MILLIS); TIMESTAMP(3) as TIMESTAMP(MILLIS) not adjusted to UTC and TIMESTAMP_LTZ(3) adjusted to UTC.
/// Flattened ROW columns are stored as flat columns named <c>row.field</c>.
/// </remarks>
public sealed class ParquetFormat : IFileFormat
{
    public string Name => "parquet";

    public string Extension => "parquet";

    public IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context) =>
        new ParquetFileReader(path, fileSchema, columns, context, null, []);

    /// <summary>Rows a split of a file should hold at least: opening a file costs a footer read, so row groups are read in runs.</summary>
    public const long RowsPerSplit = 1 << 20;

    /// <summary>Runs of row groups of about <see cref="RowsPerSplit"/> rows, so a file's parts can be read in parallel.</summary>
    public IReadOnlyList<FileRange>? SplitFile(string path) => ParquetFileReader.RowGroups(path, RowsPerSplit);

    public IFormatReader OpenReader(string path, RowSchema fileSchema, IReadOnlyList<int> columns, OperatorContext context, FileRange? range, IReadOnlyList<ScanPredicate> predicates) =>
        new ParquetFileReader(path, fileSchema, columns, context, range, predicates);

    public bool AppliesExactly(ScanPredicate predicate, RowSchema fileSchema) =>
        predicate.Column >= 0 && predicate.Column < fileSchema.Count && ParquetRowFilter.Applies(predicate, fileSchema[predicate.Column].Type);

    public bool AppliesDynamicFilter => true;

    public IFormatWriter OpenWriter(Stream output, RowSchema schema, OperatorContext context) => new ParquetFileWriter(output, schema);

    /// <summary>The parquet field a column is written as.</summary>
    internal static DataField FieldOf(Schema.Field field) => field.Type.Kind switch
    {
        SqlTypeKind.Boolean => new DataField<bool?>(field.Name),
        SqlTypeKind.TinyInt => new DataField<sbyte?>(field.Name),
        SqlTypeKind.SmallInt => new DataField<short?>(field.Name),
        SqlTypeKind.Int => new DataField<int?>(field.Name),
        SqlTypeKind.BigInt => new DataField<long?>(field.Name),
        SqlTypeKind.Float => new DataField<float?>(field.Name),
        SqlTypeKind.Double => new DataField<double?>(field.Name),
        SqlTypeKind.Decimal => new BigDecimalDataField(field.Name, field.Type.Precision, field.Type.Scale, isNullable: true),
        SqlTypeKind.Varchar => new DataField<string>(field.Name, nullable: true),
        SqlTypeKind.Date => new DataField<DateOnly?>(field.Name),
        SqlTypeKind.Time => new TimeDataField(field.Name, TimeUnitPrecision.Millis, isNullable: true),
        SqlTypeKind.Timestamp or SqlTypeKind.TimestampLtz => new DateTimeDataField(
            field.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: field.Type.Kind == SqlTypeKind.TimestampLtz, unit: DateTimeTimeUnit.Millis, isNullable: true),
        _ => throw new ConnectorException(
            $"The parquet format cannot hold column '{field.Name}' of type {field.Type}; supported are BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE, DECIMAL, STRING/VARCHAR, DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ."),
    };

    internal static ParquetSchema SchemaOf(RowSchema schema) => new([.. schema.Fields.Select(f => (ParquetField)FieldOf(f))]);
}
