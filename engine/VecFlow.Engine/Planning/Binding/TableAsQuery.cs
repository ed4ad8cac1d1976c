using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>
/// <c>CREATE TABLE t WITH (...) AS SELECT ...</c>: a table whose columns are the query's, and the INSERT that fills it.
/// </summary>
/// <remarks>
/// As in Flink, the columns come from the query (names and types, NOT NULL kept); the statement may add a table-level
/// PRIMARY KEY and PARTITIONED BY over those columns. A column list, a WATERMARK and LIKE are refused.
/// </remarks>
internal static class TableAsQuery
{
    public static (CatalogTable Table, InsertStatement Insert) Bind(CreateTableStatement create, SessionCatalog catalog)
    {
        QueryExpression query = create.AsQuery ?? throw new ArgumentException("The statement has no AS query.", nameof(create));
        string name = create.Name.Last.Value;
        if (create.Columns.Count > 0)
        {
            throw new SqlValidationException(create.Columns[0].Span, $"CREATE TABLE {name} ... AS SELECT takes its columns from the query; drop the column list (a PRIMARY KEY (...) NOT ENFORCED may stay)");
        }

        if (create.Watermarks.Count > 0)
        {
            throw new SqlValidationException(create.Watermarks[0].Span, "not supported: a WATERMARK in CREATE TABLE ... AS SELECT; create the table with its columns and watermark, then INSERT INTO it");
        }

        if (create.Like is not null)
        {
            throw new SqlValidationException(create.Like.Span, "CREATE TABLE ... AS SELECT cannot also be LIKE another table; use one or the other");
        }

        LogicalNode bound = new QueryBinder(catalog).Bind(query);
        RowSchema schema = bound.Schema;
        var duplicate = schema.Names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SqlValidationException(query.Span, $"the query of CREATE TABLE {name} ... AS SELECT has two columns named '{duplicate.Key}'; give them distinct names with AS");
        }

        foreach (Identifier key in create.PrimaryKeyColumns().Concat(create.PartitionedBy))
        {
            if (schema.IndexOf(key.Value) < 0)
            {
                throw new SqlValidationException(key.Span, $"key column '{key.Value}' is not a column of the query; its columns are {string.Join(", ", schema.Names)}");
            }
        }

        var table = new CatalogTable(
            name,
            schema,
            [],
            null,
            [.. create.PrimaryKeyColumns().Select(c => c.Value)],
            [.. create.PartitionedBy.Select(c => c.Value)],
            [.. create.Options.Select(o => new KeyValuePair<string, string>(o.Key.Value, o.Value.Value))]);
        return (table, new InsertStatement(create.Name, false, [], [], query, create.Span));
    }
}
