using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Planning.Binding;
using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Sessions;

/// <summary>CREATE TABLE ... AS SELECT: creates the table with the query's columns and fills it in one job.</summary>
public sealed partial class SqlSession
{
    /// <remarks>
    /// The table enters the catalog only with its job: when planning or the job fails, the statement leaves no table
    /// behind (Flink's atomic CTAS), so the script can be corrected and run again.
    /// </remarks>
    private StatementResult CreateTableAs(CreateTableStatement create)
    {
        string name = create.Name.Last.Value;
        if (Catalog.Contains(name))
        {
            return create.IfNotExists
                ? new StatementResult("CREATE TABLE", $"Table '{name}' already exists; skipped.")
                : throw new SqlValidationException(create.Name.Span, $"a table or view named '{name}' already exists");
        }

        (CatalogTable table, InsertStatement insert) = TableAsQuery.Bind(create, Catalog);
        Catalog.Add(table);
        try
        {
            StatementResult inserted = RunInserts([insert]);
            return inserted with { Kind = "CREATE TABLE AS", Message = $"Created table '{name}'. {inserted.Message}" };
        }
        catch
        {
            Catalog.Drop(name);
            throw;
        }
    }
}
