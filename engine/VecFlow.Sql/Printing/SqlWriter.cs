using System.Text;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Lexing;

namespace VecFlow.Sql.Printing;

/// <summary>The printer's state: a text buffer and one Write method per node family (see the other parts).</summary>
internal sealed partial class SqlWriter
{
    private readonly StringBuilder _text = new();

    public override string ToString() => _text.ToString();

    public void Write(SqlNode node)
    {
        switch (node)
        {
            case SqlStatement statement:
                WriteStatement(statement);
                break;
            case QueryExpression query:
                WriteQuery(query);
                break;
            case SqlExpression expression:
                WriteExpression(expression);
                break;
            case SqlDataType type:
                WriteType(type);
                break;
            case TableReference table:
                WriteTable(table);
                break;
            default:
                WriteOther(node);
                break;
        }
    }

    /// <summary>Nodes that only appear inside others, printed on their own for error messages and tests.</summary>
    private void WriteOther(SqlNode node)
    {
        switch (node)
        {
            case Identifier identifier:
                WriteIdentifier(identifier);
                break;
            case QualifiedName name:
                WriteName(name);
                break;
            case SelectItem item:
                WriteSelectItem(item);
                break;
            case OrderItem item:
                WriteOrderItem(item);
                break;
            case GroupByClause groupBy:
                Append("GROUP BY ");
                WriteList(groupBy.Elements, WriteGroupingElement);
                break;
            case GroupingElement element:
                WriteGroupingElement(element);
                break;
            case OverWindow window:
                WriteOverWindow(window);
                break;
            case WindowFrame frame:
                WriteFrame(frame);
                break;
            case FrameBound bound:
                WriteFrameBound(bound);
                break;
            case NamedWindow window:
                WriteNamedWindow(window);
                break;
            case TableColumn column:
                WriteColumn(column);
                break;
            case WatermarkDefinition watermark:
                WriteWatermark(watermark);
                break;
            case PrimaryKeyConstraint key:
                WritePrimaryKey(key);
                break;
            case ColumnPrimaryKey key:
                WriteColumnPrimaryKey(key);
                break;
            case TableOption option:
                WriteOption(option);
                break;
            case TableAlias alias:
                WriteAlias(alias);
                break;
            case JoinCondition condition:
                WriteJoinCondition(condition);
                break;
            case IntervalQualifier qualifier:
                WriteIntervalQualifier(qualifier);
                break;
            case RowField field:
                WriteRowField(field);
                break;
            case WhenClause whenClause:
                WriteWhen(whenClause);
                break;
            case CommonTableExpression cte:
                WriteCommonTableExpression(cte);
                break;
            case ValuesRow row:
                WriteValuesRow(row);
                break;
            case MapEntry entry:
                WriteExpression(entry.Key);
                Append(", ");
                WriteExpression(entry.Value);
                break;
            case PartitionValue value:
                WritePartitionValue(value);
                break;
            case TableLikeClause like:
                WriteLike(like);
                break;
            case TableLikeOption option:
                WriteLikeOption(option);
                break;
            default:
                throw new NotSupportedException($"the printer does not know {node.GetType().Name}");
        }
    }

    private SqlWriter Append(string text)
    {
        _text.Append(text);
        return this;
    }

    private void WriteList<T>(IReadOnlyList<T> items, Action<T> write, string separator = ", ")
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                Append(separator);
            }

            write(items[i]);
        }
    }

    private void WriteIdentifier(Identifier identifier)
    {
        if (identifier.Quoted || NeedsQuotes(identifier.Value))
        {
            Append("`").Append(identifier.Value.Replace("`", "``", StringComparison.Ordinal)).Append("`");
        }
        else
        {
            Append(identifier.Value);
        }
    }

    private static bool NeedsQuotes(string name) =>
        name.Length == 0
        || !(char.IsLetter(name[0]) || name[0] == '_')
        || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$')
        || Keywords.IsReserved(name);

    private void WriteName(QualifiedName name) => WriteList(name.Parts, WriteIdentifier, ".");

    private void WriteIdentifierList(IReadOnlyList<Identifier> names)
    {
        Append("(");
        WriteList(names, WriteIdentifier);
        Append(")");
    }

    private void WriteString(string value) => Append("'").Append(value.Replace("'", "''", StringComparison.Ordinal)).Append("'");

    private void WriteString(StringLiteral literal) => WriteString(literal.Value);
}
