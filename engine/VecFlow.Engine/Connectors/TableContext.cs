using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Connectors;

/// <summary>What a connector is told about the table it serves.</summary>
/// <param name="Name">The table's name in the catalog.</param>
/// <param name="PhysicalSchema">The stored columns (ROW fields already flattened to <c>row.field</c> columns).</param>
/// <param name="Options">The WITH options.</param>
/// <param name="PartitionKeys">PARTITIONED BY columns (sinks write Hive-style <c>key=value</c> directories).</param>
/// <param name="PrimaryKey">PRIMARY KEY columns, empty when none.</param>
public sealed record TableContext(
    string Name,
    RowSchema PhysicalSchema,
    ConnectorOptions Options,
    IReadOnlyList<string> PartitionKeys,
    IReadOnlyList<string> PrimaryKey);
