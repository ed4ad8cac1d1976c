using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Catalog;

/// <summary>A view: a named query, bound afresh wherever it is used.</summary>
public sealed record CatalogView(string Name, IReadOnlyList<string> ColumnNames, QueryExpression Query);
