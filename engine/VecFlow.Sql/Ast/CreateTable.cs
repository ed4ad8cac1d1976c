using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>
/// <c>CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, watermarks, primary key) [COMMENT '..']
/// [PARTITIONED BY (cols)] WITH ('k' = 'v', ..) [LIKE source (options)] [AS query]</c>.
/// </summary>
/// <remarks>
/// Columns keep their declaration order; watermarks and the table-level primary key are kept apart from them. A
/// column-level primary key stays on its column (<see cref="PhysicalColumn.PrimaryKey"/>); the parser guarantees
/// there is at most one primary key in all, and <see cref="PrimaryKeyColumns"/> gives it either way.
/// </remarks>
public sealed record CreateTableStatement(
    QualifiedName Name,
    bool Temporary,
    bool IfNotExists,
    IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<WatermarkDefinition> Watermarks,
    PrimaryKeyConstraint? PrimaryKey,
    StringLiteral? Comment,
    IReadOnlyList<Identifier> PartitionedBy,
    IReadOnlyList<TableOption> Options,
    TableLikeClause? Like,
    QueryExpression? AsQuery,
    SourceSpan Span) : SqlStatement(Span)
{
    /// <summary>The primary key's columns, declared at table or column level; empty without a key.</summary>
    public IReadOnlyList<Identifier> PrimaryKeyColumns() =>
        PrimaryKey?.Columns
        ?? Columns.OfType<PhysicalColumn>().Where(c => c.PrimaryKey is not null).Select(c => c.Name).ToList();
}

/// <summary>Base of the three kinds of column a table declares.</summary>
public abstract record TableColumn(Identifier Name, StringLiteral? Comment, SourceSpan Span) : SqlNode(Span);

/// <summary><c>name TYPE [[CONSTRAINT c] PRIMARY KEY NOT ENFORCED] [COMMENT '..']</c>: a column stored by the connector.</summary>
public sealed record PhysicalColumn(
    Identifier Name, SqlDataType Type, ColumnPrimaryKey? PrimaryKey, StringLiteral? Comment, SourceSpan Span)
    : TableColumn(Name, Comment, Span);

/// <summary><c>[CONSTRAINT name] PRIMARY KEY NOT ENFORCED</c> on a column: the column alone is the key.</summary>
public sealed record ColumnPrimaryKey(Identifier? ConstraintName, SourceSpan Span) : SqlNode(Span);

/// <summary><c>name AS expr [COMMENT '..']</c>: a column computed from the others.</summary>
public sealed record ComputedColumn(Identifier Name, SqlExpression Expression, StringLiteral? Comment, SourceSpan Span)
    : TableColumn(Name, Comment, Span);

/// <summary><c>name TYPE METADATA [FROM 'key'] [VIRTUAL] [COMMENT '..']</c>: a column read from connector metadata.</summary>
public sealed record MetadataColumn(
    Identifier Name, SqlDataType Type, StringLiteral? Key, bool IsVirtual, StringLiteral? Comment, SourceSpan Span)
    : TableColumn(Name, Comment, Span);

/// <summary><c>WATERMARK FOR column AS expr</c>: the event-time column and its watermark strategy.</summary>
public sealed record WatermarkDefinition(Identifier Column, SqlExpression Expression, SourceSpan Span) : SqlNode(Span);

/// <summary><c>[CONSTRAINT name] PRIMARY KEY (cols) NOT ENFORCED</c> as a table element.</summary>
public sealed record PrimaryKeyConstraint(Identifier? Name, IReadOnlyList<Identifier> Columns, SourceSpan Span)
    : SqlNode(Span);

/// <summary>One <c>'key' = 'value'</c> of a WITH clause.</summary>
public sealed record TableOption(StringLiteral Key, StringLiteral Value, SourceSpan Span) : SqlNode(Span);

/// <summary><c>LIKE source [(INCLUDING ALL | EXCLUDING OPTIONS | ..)]</c> after a CREATE TABLE.</summary>
public sealed record TableLikeClause(QualifiedName Source, IReadOnlyList<TableLikeOption> Options, SourceSpan Span)
    : SqlNode(Span);

/// <summary>How LIKE merges one feature of the source table into the new one.</summary>
public enum LikeMergeStrategy
{
    Including,
    Excluding,
    Overwriting,
}

/// <summary>The feature of the source table a LIKE option applies to.</summary>
public enum LikeFeature
{
    All,
    Constraints,
    Generated,
    Metadata,
    Options,
    Partitions,
    Watermarks,
}

/// <summary>One LIKE option, such as <c>EXCLUDING OPTIONS</c>.</summary>
public sealed record TableLikeOption(LikeMergeStrategy Strategy, LikeFeature Feature, SourceSpan Span) : SqlNode(Span);
