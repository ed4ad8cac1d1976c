using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Binds INSERT INTO: the query's columns, matched to the sink's columns by position (or by the column list) and converted to their types.</summary>
internal static class InsertBinder
{
    public static SinkNode Bind(InsertStatement insert, SessionCatalog catalog)
    {
        string name = insert.Target.Last.Value;
        CatalogTable table = catalog.FindTable(name)
            ?? throw new SqlValidationException(insert.Target.Span, catalog.FindView(name) is not null
                ? $"cannot INSERT INTO view '{name}'; insert into a table"
                : $"unknown table '{name}'; known tables: {string.Join(", ", catalog.Tables.Select(t => t.Name))}");
        if (insert.Overwrite)
        {
            throw new SqlValidationException(insert.Span, "not supported: INSERT OVERWRITE; use INSERT INTO");
        }

        if (insert.Partition.Count > 0)
        {
            throw new SqlValidationException(insert.Span, "not supported: a static PARTITION clause; the partition columns come from the query's columns");
        }

        LogicalNode query = new QueryBinder(catalog).Bind(insert.Query);
        RowSchema target = table.PhysicalSchema;
        var sources = new Expr?[target.Count];
        if (insert.Columns.Count > 0)
        {
            if (insert.Columns.Count != query.Schema.Count)
            {
                throw new SqlValidationException(insert.Span, $"INSERT INTO {name} names {insert.Columns.Count} columns but the query produces {query.Schema.Count}");
            }

            for (int i = 0; i < insert.Columns.Count; i++)
            {
                int column = target.IndexOf(insert.Columns[i].Value);
                if (column < 0)
                {
                    throw new SqlValidationException(insert.Columns[i].Span, $"table '{name}' has no column '{insert.Columns[i].Value}'; its columns: {string.Join(", ", target.Names)}");
                }

                sources[column] = new ColumnRef(i, query.Schema[i].Type, query.Schema[i].Name);
            }
        }
        else
        {
            if (query.Schema.Count != target.Count)
            {
                throw new SqlValidationException(insert.Query.Span, $"the query produces {query.Schema.Count} columns but table '{name}' has {target.Count}: {string.Join(", ", target.Fields.Select(f => $"{f.Name} {f.Type}"))}");
            }

            for (int i = 0; i < target.Count; i++)
            {
                sources[i] = new ColumnRef(i, query.Schema[i].Type, query.Schema[i].Name);
            }
        }

        var expressions = new List<Expr>();
        for (int i = 0; i < target.Count; i++)
        {
            SqlType type = target[i].Type;
            if (sources[i] is not { } source)
            {
                expressions.Add(new Literal(ScalarValue.Null(type)));
                continue;
            }

            if (!Assignable(source.Type, type))
            {
                throw new SqlValidationException(insert.Query.Span, $"column {i + 1} of the query ({query.Schema[((ColumnRef)source).Index].Name} {source.Type.WithNullable(true)}) cannot be written to column '{target[i].Name}' {type.WithNullable(true)} of '{name}'; add a CAST");
            }

            expressions.Add(Coercion.SameLayout(source.Type, type) ? source : new CastTo(source, type.WithNullable(source.Type.Nullable)));
        }

        return new SinkNode(new ProjectNode(query, expressions, target.Names), table);
    }

    /// <summary>Flink's implicit assignment: within numbers, within strings, within date-times, and NULL to anything.</summary>
    private static bool Assignable(SqlType from, SqlType to) =>
        from.Kind == SqlTypeKind.Null
        || Coercion.SameLayout(from, to)
        || (from.IsNumeric && to.IsNumeric)
        || (from.Kind == to.Kind)
        || (from.IsTemporal && to.IsTemporal && CastKernels.CanCast(from, to));
}
