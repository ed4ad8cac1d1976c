using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>A simple name: a table, column, alias, function or window name.</summary>
/// <remarks><see cref="Value"/>: The name as written (Flink identifiers are case-sensitive; quoting only allows any characters). <see cref="Quoted"/>: Whether it was written in back-quotes; the printer keeps the quotes.</remarks>
public sealed record Identifier(string Value, bool Quoted, SourceSpan Span) : SqlNode(Span);

/// <summary>A dotted name such as <c>catalog.db.table</c>.</summary>
public sealed record QualifiedName(IReadOnlyList<Identifier> Parts, SourceSpan Span) : SqlNode(Span)
{
    /// <summary>The last part: the object's own name.</summary>
    public Identifier Last => Parts[^1];
}
