using VecFlow.Sql.Ast;

namespace VecFlow.Sql.Printing;

internal sealed partial class SqlWriter
{
    private void WriteStatement(SqlStatement statement)
    {
        switch (statement)
        {
            case QueryStatement query:
                WriteQuery(query.Query);
                break;
            case CreateTableStatement table:
                WriteCreateTable(table);
                break;
            case CreateViewStatement view:
                WriteCreateView(view);
                break;
            case CreateFunctionStatement function:
                WriteCreateFunction(function);
                break;
            case DropStatement drop:
                WriteDrop(drop);
                break;
            case InsertStatement insert:
                WriteInsert(insert);
                break;
            case StatementSetStatement set:
                WriteStatementSet(set);
                break;
            case SetStatement set:
                Append("SET");
                if (set.Key is not null)
                {
                    Append(" ");
                    WriteString(set.Key);
                    Append(" = ");
                    WriteString(set.Value ?? new StringLiteral(string.Empty, set.Span));
                }

                break;
            case ResetStatement reset:
                Append("RESET");
                if (reset.Key is not null)
                {
                    Append(" ");
                    WriteString(reset.Key);
                }

                break;
            case ExplainStatement explain:
                WriteExplain(explain);
                break;
            case ShowStatement show:
                Append("SHOW ").Append(show.Kind.ToString().ToUpperInvariant());
                break;
            case DescribeStatement describe:
                Append("DESCRIBE ");
                WriteName(describe.Name);
                break;
            default:
                throw new NotSupportedException($"the printer does not know {statement.GetType().Name}");
        }
    }

    private void WriteCreateTable(CreateTableStatement table)
    {
        Append(table.Temporary ? "CREATE TEMPORARY TABLE " : "CREATE TABLE ");
        if (table.IfNotExists)
        {
            Append("IF NOT EXISTS ");
        }

        WriteName(table.Name);
        if (table.Columns.Count > 0 || table.Watermarks.Count > 0 || table.PrimaryKey is not null)
        {
            Append(" (");
            var elements = new List<SqlNode>(table.Columns);
            elements.AddRange(table.Watermarks);
            if (table.PrimaryKey is not null)
            {
                elements.Add(table.PrimaryKey);
            }

            WriteList(elements, WriteOther);
            Append(")");
        }

        if (table.Comment is not null)
        {
            Append(" COMMENT ");
            WriteString(table.Comment);
        }

        if (table.PartitionedBy.Count > 0)
        {
            Append(" PARTITIONED BY ");
            WriteIdentifierList(table.PartitionedBy);
        }

        if (table.Options.Count > 0)
        {
            Append(" WITH (");
            WriteList(table.Options, WriteOption);
            Append(")");
        }

        if (table.Like is not null)
        {
            Append(" ");
            WriteLike(table.Like);
        }

        if (table.AsQuery is not null)
        {
            Append(" AS ");
            WriteQuery(table.AsQuery);
        }
    }

    private void WriteColumn(TableColumn column)
    {
        WriteIdentifier(column.Name);
        switch (column)
        {
            case PhysicalColumn physical:
                Append(" ");
                WriteType(physical.Type);
                if (physical.PrimaryKey is not null)
                {
                    Append(" ");
                    WriteColumnPrimaryKey(physical.PrimaryKey);
                }

                break;
            case ComputedColumn computed:
                Append(" AS ");
                WriteExpression(computed.Expression);
                break;
            case MetadataColumn metadata:
                Append(" ");
                WriteType(metadata.Type);
                Append(" METADATA");
                if (metadata.Key is not null)
                {
                    Append(" FROM ");
                    WriteString(metadata.Key);
                }

                if (metadata.IsVirtual)
                {
                    Append(" VIRTUAL");
                }

                break;
        }

        if (column.Comment is not null)
        {
            Append(" COMMENT ");
            WriteString(column.Comment);
        }
    }

    private void WriteColumnPrimaryKey(ColumnPrimaryKey key)
    {
        if (key.ConstraintName is not null)
        {
            Append("CONSTRAINT ");
            WriteIdentifier(key.ConstraintName);
            Append(" ");
        }

        Append("PRIMARY KEY NOT ENFORCED");
    }

    private void WriteWatermark(WatermarkDefinition watermark)
    {
        Append("WATERMARK FOR ");
        WriteIdentifier(watermark.Column);
        Append(" AS ");
        WriteExpression(watermark.Expression);
    }

    private void WritePrimaryKey(PrimaryKeyConstraint key)
    {
        if (key.Name is not null)
        {
            Append("CONSTRAINT ");
            WriteIdentifier(key.Name);
            Append(" ");
        }

        Append("PRIMARY KEY ");
        WriteIdentifierList(key.Columns);
        Append(" NOT ENFORCED");
    }

    private void WriteOption(TableOption option)
    {
        WriteString(option.Key);
        Append(" = ");
        WriteString(option.Value);
    }

    private void WriteLike(TableLikeClause like)
    {
        Append("LIKE ");
        WriteName(like.Source);
        if (like.Options.Count > 0)
        {
            Append(" (");
            WriteList(like.Options, WriteLikeOption, " ");
            Append(")");
        }
    }

    private void WriteLikeOption(TableLikeOption option) =>
        Append(option.Strategy.ToString().ToUpperInvariant()).Append(" ").Append(option.Feature.ToString().ToUpperInvariant());

    private void WriteCreateView(CreateViewStatement view)
    {
        Append("CREATE ");
        if (view.Temporary)
        {
            Append("TEMPORARY ");
        }

        if (view.System)
        {
            Append("SYSTEM ");
        }

        Append("VIEW ");
        if (view.IfNotExists)
        {
            Append("IF NOT EXISTS ");
        }

        WriteName(view.Name);
        if (view.Columns.Count > 0)
        {
            Append(" ");
            WriteIdentifierList(view.Columns);
        }

        if (view.Comment is not null)
        {
            Append(" COMMENT ");
            WriteString(view.Comment);
        }

        Append(" AS ");
        WriteQuery(view.Query);
    }

    private void WriteCreateFunction(CreateFunctionStatement function)
    {
        Append(function.Scope switch
        {
            FunctionScope.Temporary => "CREATE TEMPORARY FUNCTION ",
            FunctionScope.TemporarySystem => "CREATE TEMPORARY SYSTEM FUNCTION ",
            _ => "CREATE FUNCTION ",
        });
        if (function.IfNotExists)
        {
            Append("IF NOT EXISTS ");
        }

        WriteName(function.Name);
        Append(" AS ");
        WriteString(function.ClassName);
        if (function.Language is { } language)
        {
            Append(" LANGUAGE ").Append(language.ToString().ToUpperInvariant());
        }

        if (function.Jars.Count > 0)
        {
            Append(" USING ");
            WriteList(function.Jars, jar =>
            {
                Append("JAR ");
                WriteString(jar);
            });
        }
    }

    private void WriteDrop(DropStatement drop)
    {
        Append("DROP ");
        if (drop.Temporary)
        {
            Append("TEMPORARY ");
        }

        if (drop.System)
        {
            Append("SYSTEM ");
        }

        Append(drop.Kind.ToString().ToUpperInvariant()).Append(" ");
        if (drop.IfExists)
        {
            Append("IF EXISTS ");
        }

        WriteName(drop.Name);
    }

    private void WriteInsert(InsertStatement insert)
    {
        Append(insert.Overwrite ? "INSERT OVERWRITE " : "INSERT INTO ");
        WriteName(insert.Target);
        if (insert.Partition.Count > 0)
        {
            Append(" PARTITION (");
            WriteList(insert.Partition, WritePartitionValue);
            Append(")");
        }

        if (insert.Columns.Count > 0)
        {
            Append(" ");
            WriteIdentifierList(insert.Columns);
        }

        Append(" ");
        WriteQuery(insert.Query);
    }

    private void WritePartitionValue(PartitionValue value)
    {
        WriteIdentifier(value.Column);
        Append(" = ");
        WriteExpression(value.Value);
    }

    private void WriteStatementSet(StatementSetStatement set)
    {
        Append(set.Syntax == StatementSetSyntax.BeginStatementSet ? "BEGIN STATEMENT SET; " : "EXECUTE STATEMENT SET BEGIN ");
        foreach (InsertStatement insert in set.Inserts)
        {
            WriteInsert(insert);
            Append("; ");
        }

        Append("END");
    }

    private void WriteExplain(ExplainStatement explain)
    {
        Append("EXPLAIN ");
        if (explain.PlanFor)
        {
            Append("PLAN FOR ");
        }
        else if (explain.Details.Count > 0)
        {
            WriteList(explain.Details, detail => Append(detail switch
            {
                ExplainDetail.EstimatedCost => "ESTIMATED_COST",
                ExplainDetail.ChangelogMode => "CHANGELOG_MODE",
                ExplainDetail.JsonExecutionPlan => "JSON_EXECUTION_PLAN",
                _ => "PLAN_ADVICE",
            }));
            Append(" ");
        }

        WriteStatement(explain.Statement);
    }
}
