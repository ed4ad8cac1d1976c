using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of the statements of a script.</summary>
public abstract record SqlStatement(SourceSpan Span) : SqlNode(Span);

/// <summary>A query run as a statement (its rows are the result).</summary>
public sealed record QueryStatement(QueryExpression Query, SourceSpan Span) : SqlStatement(Span);

/// <summary><c>CREATE [TEMPORARY] [SYSTEM] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT '..'] AS query</c>.</summary>
public sealed record CreateViewStatement(
    QualifiedName Name,
    bool Temporary,
    bool System,
    bool IfNotExists,
    IReadOnlyList<Identifier> Columns,
    StringLiteral? Comment,
    QueryExpression Query,
    SourceSpan Span) : SqlStatement(Span);

/// <summary>Where a function is registered.</summary>
public enum FunctionScope
{
    /// <summary>In the current catalog and database.</summary>
    Catalog,

    /// <summary>For this session, in the current catalog and database (CREATE TEMPORARY FUNCTION).</summary>
    Temporary,

    /// <summary>For this session, without a namespace, shadowing built-ins (CREATE TEMPORARY SYSTEM FUNCTION).</summary>
    TemporarySystem,
}

/// <summary>The language a function's class is written in.</summary>
public enum FunctionLanguage
{
    Java,
    Scala,
    Python,
    CSharp,
}

/// <summary>
/// <c>CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'class.name' [LANGUAGE l] [USING JAR '..', ..]</c>.
/// </summary>
public sealed record CreateFunctionStatement(
    QualifiedName Name,
    FunctionScope Scope,
    bool IfNotExists,
    StringLiteral ClassName,
    FunctionLanguage? Language,
    IReadOnlyList<StringLiteral> Jars,
    SourceSpan Span) : SqlStatement(Span);

/// <summary>What a DROP statement drops.</summary>
public enum DropObjectKind
{
    Table,
    View,
    Function,
}

/// <summary><c>DROP [TEMPORARY [SYSTEM]] TABLE|VIEW|FUNCTION [IF EXISTS] name</c>.</summary>
public sealed record DropStatement(
    DropObjectKind Kind, QualifiedName Name, bool IfExists, bool Temporary, bool System, SourceSpan Span)
    : SqlStatement(Span);

/// <summary>A static partition value in <c>INSERT ... PARTITION (k = 'v')</c>.</summary>
public sealed record PartitionValue(Identifier Column, SqlExpression Value, SourceSpan Span) : SqlNode(Span);

/// <summary><c>INSERT INTO|OVERWRITE name [PARTITION (k = v, ..)] [(cols)] query</c>.</summary>
public sealed record InsertStatement(
    QualifiedName Target,
    bool Overwrite,
    IReadOnlyList<PartitionValue> Partition,
    IReadOnlyList<Identifier> Columns,
    QueryExpression Query,
    SourceSpan Span) : SqlStatement(Span);

/// <summary>Which spelling of a statement set was used.</summary>
public enum StatementSetSyntax
{
    /// <summary><c>EXECUTE STATEMENT SET BEGIN insert; ... END</c>.</summary>
    ExecuteStatementSet,

    /// <summary>The SQL client's older <c>BEGIN STATEMENT SET; insert; ... END</c>.</summary>
    BeginStatementSet,
}

/// <summary>INSERT statements planned and run together as one job.</summary>
public sealed record StatementSetStatement(
    IReadOnlyList<InsertStatement> Inserts, StatementSetSyntax Syntax, SourceSpan Span) : SqlStatement(Span);

/// <summary><c>SET 'key' = 'value'</c>, or a bare <c>SET</c> that lists the configuration.</summary>
public sealed record SetStatement(StringLiteral? Key, StringLiteral? Value, SourceSpan Span) : SqlStatement(Span);

/// <summary><c>RESET ['key']</c>.</summary>
public sealed record ResetStatement(StringLiteral? Key, SourceSpan Span) : SqlStatement(Span);

/// <summary>An extra detail EXPLAIN can show.</summary>
public enum ExplainDetail
{
    EstimatedCost,
    ChangelogMode,
    JsonExecutionPlan,
    PlanAdvice,
}

/// <summary><c>EXPLAIN [PLAN FOR | detail, ..] statement</c> for a query, an INSERT or a statement set.</summary>
public sealed record ExplainStatement(
    IReadOnlyList<ExplainDetail> Details, bool PlanFor, SqlStatement Statement, SourceSpan Span)
    : SqlStatement(Span);

/// <summary>What SHOW lists.</summary>
public enum ShowObjectKind
{
    Tables,
    Views,
    Functions,
    Catalogs,
    Databases,
    Modules,
}

/// <summary><c>SHOW TABLES</c> and friends.</summary>
public sealed record ShowStatement(ShowObjectKind Kind, SourceSpan Span) : SqlStatement(Span);

/// <summary><c>DESCRIBE name</c> (or <c>DESC name</c>).</summary>
public sealed record DescribeStatement(QualifiedName Name, SourceSpan Span) : SqlStatement(Span);
