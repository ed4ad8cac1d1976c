using VecFlow.Sql.Ast;

namespace VecFlow.Sql.Printing;

internal sealed partial class SqlWriter
{
    private void WriteQuery(QueryExpression query)
    {
        switch (query)
        {
            case SelectQuery select:
                WriteSelect(select);
                break;
            case SetOperationQuery set:
                WriteSetOperation(set);
                break;
            case ValuesQuery values:
                Append("VALUES ");
                WriteList(values.Rows, WriteValuesRow);
                break;
            case WithQuery with:
                Append("WITH ");
                WriteList(with.Items, WriteCommonTableExpression);
                Append(" ");
                WriteQueryOperand(with.Body, with.Body is WithQuery);
                break;
            case OrderedQuery ordered:
                WriteOrdered(ordered);
                break;
            default:
                throw new NotSupportedException($"the printer does not know {query.GetType().Name}");
        }
    }

    private void WriteQueryOperand(QueryExpression query, bool parenthesize)
    {
        if (parenthesize)
        {
            Append("(");
            WriteQuery(query);
            Append(")");
        }
        else
        {
            WriteQuery(query);
        }
    }

    private void WriteParenthesizedQuery(QueryExpression query) => WriteQueryOperand(query, true);

    private void WriteValuesRow(ValuesRow row)
    {
        Append("(");
        WriteList(row.Values, WriteExpression);
        Append(")");
    }

    private void WriteCommonTableExpression(CommonTableExpression cte)
    {
        WriteIdentifier(cte.Name);
        if (cte.Columns.Count > 0)
        {
            Append(" ");
            WriteIdentifierList(cte.Columns);
        }

        Append(" AS ");
        WriteParenthesizedQuery(cte.Query);
    }

    private static int SetPrecedence(QueryExpression query) => query switch
    {
        SetOperationQuery { Operator: SetOperator.Intersect } => 2,
        SetOperationQuery => 1,
        WithQuery or OrderedQuery => 0,
        _ => 3,
    };

    private void WriteSetOperation(SetOperationQuery set)
    {
        int precedence = SetPrecedence(set);

        // Left-associative: the left operand may be as loose as this operator, the right one must be tighter.
        WriteQueryOperand(set.Left, SetPrecedence(set.Left) < precedence);
        Append(set.Operator switch
        {
            SetOperator.Union => " UNION ",
            SetOperator.Intersect => " INTERSECT ",
            _ => " EXCEPT ",
        });
        WriteQuantifier(set.Quantifier);
        WriteQueryOperand(set.Right, SetPrecedence(set.Right) <= precedence);
    }

    private void WriteQuantifier(SetQuantifier quantifier) => Append(quantifier switch
    {
        SetQuantifier.All => "ALL ",
        SetQuantifier.Distinct => "DISTINCT ",
        _ => string.Empty,
    });

    private void WriteOrdered(OrderedQuery ordered)
    {
        WriteQueryOperand(ordered.Body, ordered.Body is OrderedQuery or WithQuery);
        if (ordered.OrderBy.Count > 0)
        {
            Append(" ORDER BY ");
            WriteList(ordered.OrderBy, WriteOrderItem);
        }

        if (ordered.Limit is not null)
        {
            Append(" LIMIT ");
            WriteExpression(ordered.Limit);
        }

        if (ordered.Offset is not null)
        {
            Append(" OFFSET ");
            WriteExpression(ordered.Offset);
            if (ordered.Limit is null)
            {
                Append(" ROWS");
            }
        }
    }

    private void WriteOrderItem(OrderItem item)
    {
        WriteExpression(item.Expression);
        Append(item.Direction switch
        {
            SortDirection.Ascending => " ASC",
            SortDirection.Descending => " DESC",
            _ => string.Empty,
        });
        Append(item.Nulls switch
        {
            NullOrdering.First => " NULLS FIRST",
            NullOrdering.Last => " NULLS LAST",
            _ => string.Empty,
        });
    }

    private void WriteSelect(SelectQuery select)
    {
        Append("SELECT ");
        WriteQuantifier(select.Quantifier);
        WriteList(select.Items, WriteSelectItem);
        if (select.From is not null)
        {
            Append(" FROM ");
            WriteTable(select.From);
        }

        if (select.Where is not null)
        {
            Append(" WHERE ");
            WriteExpression(select.Where);
        }

        if (select.GroupBy is not null)
        {
            Append(" GROUP BY ");
            WriteList(select.GroupBy.Elements, WriteGroupingElement);
        }

        if (select.Having is not null)
        {
            Append(" HAVING ");
            WriteExpression(select.Having);
        }

        if (select.Windows.Count > 0)
        {
            Append(" WINDOW ");
            WriteList(select.Windows, WriteNamedWindow);
        }
    }

    private void WriteSelectItem(SelectItem item)
    {
        switch (item)
        {
            case StarSelectItem star:
                if (star.Qualifier is not null)
                {
                    WriteName(star.Qualifier);
                    Append(".");
                }

                Append("*");
                break;
            case ExpressionSelectItem expression:
                WriteExpression(expression.Expression);
                if (expression.Alias is not null)
                {
                    Append(" AS ");
                    WriteIdentifier(expression.Alias);
                }

                break;
        }
    }

    private void WriteGroupingElement(GroupingElement element)
    {
        switch (element)
        {
            case ExpressionGrouping expression:
                WriteExpression(expression.Expression);
                break;
            case EmptyGrouping:
                Append("()");
                break;
            case RollupCubeGrouping rollup:
                Append(rollup.Kind == GroupingSetsShorthand.Rollup ? "ROLLUP(" : "CUBE(");
                WriteList(rollup.Expressions, WriteExpression);
                Append(")");
                break;
            case GroupingSetsGrouping sets:
                Append("GROUPING SETS (");
                WriteList(sets.Sets, WriteGroupingElement);
                Append(")");
                break;
        }
    }

    private void WriteNamedWindow(NamedWindow window)
    {
        WriteIdentifier(window.Name);
        Append(" AS ");
        WriteOverWindow(window.Specification);
    }

    private void WriteTable(TableReference table)
    {
        switch (table)
        {
            case NamedTable named:
                WriteName(named.Name);
                if (named.SystemTimeAsOf is not null)
                {
                    Append(" FOR SYSTEM_TIME AS OF ");
                    WriteExpression(named.SystemTimeAsOf);
                }

                WriteOptionalAlias(named.Alias);
                break;
            case DerivedTable derived:
                Append(derived.Lateral ? "LATERAL " : string.Empty);
                WriteParenthesizedQuery(derived.Query);
                WriteOptionalAlias(derived.Alias);
                break;
            case TableFunctionTable function:
                Append(function.Lateral ? "LATERAL TABLE(" : "TABLE(");
                WriteExpression(function.Call);
                Append(")");
                WriteOptionalAlias(function.Alias);
                break;
            case UnnestTable unnest:
                Append("UNNEST(");
                WriteList(unnest.Arguments, WriteExpression);
                Append(unnest.WithOrdinality ? ") WITH ORDINALITY" : ")");
                WriteOptionalAlias(unnest.Alias);
                break;
            case JoinedTable join:
                WriteJoin(join);
                break;
            default:
                throw new NotSupportedException($"the printer does not know {table.GetType().Name}");
        }
    }

    private void WriteJoin(JoinedTable join)
    {
        WriteTable(join.Left);
        if (join.Kind == JoinKind.Comma)
        {
            Append(", ");
        }
        else
        {
            Append(join.Natural ? " NATURAL " : " ");
            Append(join.Kind switch
            {
                JoinKind.Left => "LEFT JOIN ",
                JoinKind.Right => "RIGHT JOIN ",
                JoinKind.Full => "FULL JOIN ",
                JoinKind.Cross => "CROSS JOIN ",
                _ => "JOIN ",
            });
        }

        // Joins associate to the left, so a join on the right needs parentheses.
        if (join.Right is JoinedTable)
        {
            Append("(");
            WriteTable(join.Right);
            Append(")");
        }
        else
        {
            WriteTable(join.Right);
        }

        if (join.Condition is not null)
        {
            Append(" ");
            WriteJoinCondition(join.Condition);
        }
    }

    private void WriteJoinCondition(JoinCondition condition)
    {
        switch (condition)
        {
            case OnJoinCondition on:
                Append("ON ");
                WriteExpression(on.Condition);
                break;
            case UsingJoinCondition usingColumns:
                Append("USING ");
                WriteIdentifierList(usingColumns.Columns);
                break;
        }
    }

    private void WriteOptionalAlias(TableAlias? alias)
    {
        if (alias is not null)
        {
            Append(" ");
            WriteAlias(alias);
        }
    }

    private void WriteAlias(TableAlias alias)
    {
        Append("AS ");
        WriteIdentifier(alias.Name);
        if (alias.Columns.Count > 0)
        {
            Append(" ");
            WriteIdentifierList(alias.Columns);
        }
    }
}
