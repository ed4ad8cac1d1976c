using VecFlow.Engine.Catalog;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Turns CREATE TABLE into a catalog table (ROW columns flattened, computed columns checked).</summary>
internal static class TableDefinition
{
    public static CatalogTable Bind(CreateTableStatement create, SessionCatalog catalog)
    {
        string name = create.Name.Last.Value;
        if (create.AsQuery is not null)
        {
            throw new SqlValidationException(create.AsQuery.Span, "not supported: CREATE TABLE ... AS SELECT; create the table, then INSERT INTO it");
        }

        var physical = new List<Field>();
        var computed = new List<ComputedColumnDefinition>();
        foreach (TableColumn column in create.Columns)
        {
            switch (column)
            {
                case PhysicalColumn p:
                    physical.AddRange(DataTypeMapper.Flatten(p.Name.Value, p.Type));
                    break;
                case ComputedColumn c:
                    computed.Add(new ComputedColumnDefinition(c.Name.Value, c.Expression));
                    break;
                default:
                    throw new SqlValidationException(column.Span, "not supported: METADATA columns");
            }
        }

        if (create.Watermarks.Count > 1)
        {
            throw new SqlValidationException(create.Watermarks[1].Span, "a table can have only one WATERMARK");
        }

        var table = new CatalogTable(
            name,
            new RowSchema(physical),
            computed,
            create.Watermarks.Count > 0 ? create.Watermarks[0] : null,
            [.. create.PrimaryKeyColumns().Select(c => c.Value)],
            [.. create.PartitionedBy.Select(c => c.Value)],
            [.. create.Options.Select(o => new KeyValuePair<string, string>(o.Key.Value, o.Value.Value))]);
        if (create.Like is { } like)
        {
            table = TableLike.Merge(table, like, catalog);
        }

        var duplicate = table.PhysicalSchema.Names.Concat(table.ComputedColumns.Select(c => c.Name)).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SqlValidationException(create.Span, $"table '{name}' declares the column '{duplicate.Key}' twice");
        }

        // Bind the computed columns and the watermark once now, so mistakes are reported at CREATE TABLE.
        LogicalNode scan = QueryBinder.Scan(table, create.Span, catalog);
        var columns = new Scope([.. scan.Schema.Fields.Select(f => new ScopeColumn(name, f.Name, f.Type))]);
        if (table.Watermark is { } watermark)
        {
            var time = columns.Resolve([watermark.Column], watermark.Column.Span);
            if (time.Type.Kind is not (Vector.Types.SqlTypeKind.Timestamp or Vector.Types.SqlTypeKind.TimestampLtz))
            {
                throw new SqlValidationException(watermark.Column.Span, $"the WATERMARK column '{watermark.Column.Value}' must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), not {time.Type.WithNullable(true)}");
            }

            new ExpressionBinder(columns, null, catalog).Bind(watermark.Expression);
        }

        foreach (string key in table.PrimaryKey.Concat(table.PartitionKeys))
        {
            if (table.PhysicalSchema.IndexOf(key) < 0)
            {
                throw new SqlValidationException(create.Span, $"key column '{key}' is not a physical column of '{name}'");
            }
        }

        return table;
    }
}
