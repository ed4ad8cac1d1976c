using VecFlow.Sql.Printing;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Ast;

/// <summary>Base of every AST node. Each node knows where it came from so a binder can point at it.</summary>
/// <remarks>
/// Nodes are immutable records. Record equality compares spans and compares lists by reference, so it is rarely what
/// a caller wants: use <see cref="SqlNodeComparer"/> to compare trees by structure (spans ignored).
/// </remarks>
public abstract record SqlNode(SourceSpan Span)
{
    /// <summary>The node as canonical SQL (see <see cref="SqlPrinter"/>).</summary>
    public sealed override string ToString() => SqlPrinter.Print(this);
}
