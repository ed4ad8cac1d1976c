using VecFlow.Sql.Ast;
using VecFlow.Sql.Source;

namespace VecFlow.Sql.Parsing;

/// <summary>A parsed script: its statements and the source they came from (for positions and error rendering).</summary>
public sealed record SqlScript(SqlSource Source, IReadOnlyList<SqlStatement> Statements);
