using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Catalog;

/// <summary>A table created by CREATE TABLE: its stored columns, computed columns, keys and connector options.</summary>
/// <param name="Name">The table's name as written.</param>
/// <param name="PhysicalSchema">Stored columns; ROW columns flattened to <c>row.field</c> columns.</param>
/// <param name="ComputedColumns">Columns defined by an expression over the other columns (<c>x AS expr</c>), in declaration order.</param>
/// <param name="Watermark">The WATERMARK FOR clause, kept for streaming; batch jobs ignore it.</param>
/// <param name="PrimaryKey">PRIMARY KEY columns, empty when none.</param>
/// <param name="PartitionKeys">PARTITIONED BY columns.</param>
/// <param name="Options">The WITH options as written.</param>
public sealed record CatalogTable(
    string Name,
    RowSchema PhysicalSchema,
    IReadOnlyList<ComputedColumnDefinition> ComputedColumns,
    WatermarkDefinition? Watermark,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<string> PartitionKeys,
    IReadOnlyList<KeyValuePair<string, string>> Options);

/// <summary>A computed column: its name and its defining expression (bound when the table is read).</summary>
public sealed record ComputedColumnDefinition(string Name, SqlExpression Expression);
