using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;

namespace VecFlow.Sql.Printing;

internal sealed partial class SqlWriter
{
    /// <summary>How tightly an expression binds, on the parser's ladder; operands looser than needed get parentheses.</summary>
    private static int Precedence(SqlExpression expression) => expression switch
    {
        BinaryExpression binary => binary.Operator switch
        {
            BinaryOperator.Or => Parser.OrPrecedence,
            BinaryOperator.And => Parser.AndPrecedence,
            BinaryOperator.Concat or BinaryOperator.Add or BinaryOperator.Subtract => Parser.AdditivePrecedence,
            BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => Parser.MultiplicativePrecedence,
            _ => Parser.ComparisonPrecedence,
        },
        UnaryExpression { Operator: UnaryOperator.Not } => Parser.NotPrecedence,
        UnaryExpression => Parser.UnaryPrecedence,
        IsExpression or IsDistinctFromExpression or InListExpression or InSubqueryExpression or BetweenExpression
            or PatternMatchExpression => Parser.ComparisonPrecedence,
        _ => Parser.PrimaryPrecedence,
    };

    private void WriteExpression(SqlExpression expression) => WriteExpression(expression, Parser.OrPrecedence);

    private void WriteExpression(SqlExpression expression, int minPrecedence)
    {
        if (Precedence(expression) < minPrecedence)
        {
            Append("(");
            WriteExpressionCore(expression);
            Append(")");
        }
        else
        {
            WriteExpressionCore(expression);
        }
    }

    private void WriteExpressionCore(SqlExpression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                WriteLiteral(literal);
                break;
            case IdentifierExpression identifier:
                WriteList(identifier.Parts, WriteIdentifier, ".");
                break;
            case FieldAccessExpression field:
                // A dotted name would re-parse as one compound identifier, and "1.f" would lex as a malformed number,
                // so those targets keep their parentheses.
                WriteExpression(
                    field.Target,
                    field.Target is IdentifierExpression or NumericLiteral ? int.MaxValue : Parser.PrimaryPrecedence);
                Append(".");
                WriteIdentifier(field.Field);
                break;
            case SubscriptExpression subscript:
                WriteExpression(subscript.Target, Parser.PrimaryPrecedence);
                Append("[");
                WriteExpression(subscript.Index);
                Append("]");
                break;
            case UnaryExpression unary:
                WriteUnary(unary);
                break;
            case BinaryExpression binary:
                WriteBinary(binary);
                break;
            case IsExpression isExpression:
                WriteExpression(isExpression.Operand, Parser.ComparisonPrecedence);
                Append(isExpression.Negated ? " IS NOT " : " IS ");
                Append(isExpression.Predicate.ToString().ToUpperInvariant());
                break;
            case IsDistinctFromExpression distinct:
                WriteExpression(distinct.Left, Parser.ComparisonPrecedence);
                Append(distinct.Negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
                WriteExpression(distinct.Right, Parser.AdditivePrecedence);
                break;
            case InListExpression inList:
                WriteExpression(inList.Operand, Parser.ComparisonPrecedence);
                Append(inList.Negated ? " NOT IN (" : " IN (");
                WriteList(inList.Values, WriteExpression);
                Append(")");
                break;
            case InSubqueryExpression inQuery:
                WriteExpression(inQuery.Operand, Parser.ComparisonPrecedence);
                Append(inQuery.Negated ? " NOT IN " : " IN ");
                WriteParenthesizedQuery(inQuery.Query);
                break;
            case BetweenExpression between:
                WriteBetween(between);
                break;
            case PatternMatchExpression pattern:
                WritePatternMatch(pattern);
                break;
            case ExistsExpression exists:
                Append("EXISTS ");
                WriteParenthesizedQuery(exists.Query);
                break;
            case ScalarSubqueryExpression subquery:
                WriteParenthesizedQuery(subquery.Query);
                break;
            case CaseExpression caseExpression:
                WriteCase(caseExpression);
                break;
            case CastExpression cast:
                Append(cast.Try ? "TRY_CAST(" : "CAST(");
                WriteExpression(cast.Operand);
                Append(" AS ");
                WriteType(cast.TargetType);
                Append(")");
                break;
            case FunctionCallExpression call:
                WriteFunctionCall(call);
                break;
            case RowConstructorExpression row:
                Append(row.ExplicitRow ? "ROW(" : "(");
                WriteList(row.Fields, WriteExpression);
                Append(")");
                break;
            case ArrayConstructorExpression array:
                Append("ARRAY[");
                WriteList(array.Elements, WriteExpression);
                Append("]");
                break;
            case MapConstructorExpression map:
                Append("MAP[");
                WriteList(map.Entries, entry =>
                {
                    WriteExpression(entry.Key);
                    Append(", ");
                    WriteExpression(entry.Value);
                });
                Append("]");
                break;
            case TableArgumentExpression table:
                WriteTableArgument(table);
                break;
            case DescriptorExpression descriptor:
                Append("DESCRIPTOR");
                WriteIdentifierList(descriptor.Columns);
                break;
            case NamedArgumentExpression named:
                WriteBareName(named.Name);
                Append(" => ");
                WriteExpression(named.Value);
                break;
            default:
                WriteSpecialFunction(expression);
                break;
        }
    }

    private void WriteUnary(UnaryExpression unary)
    {
        if (unary.Operator == UnaryOperator.Not)
        {
            Append("NOT ");
            WriteExpression(unary.Operand, Parser.NotPrecedence);
            return;
        }

        Append(unary.Operator == UnaryOperator.Minus ? "-" : "+");

        // "- -x" written without the space would start a comment, so a signed operand gets parentheses.
        bool signed = unary.Operand is UnaryExpression { Operator: not UnaryOperator.Not };
        WriteExpression(unary.Operand, signed ? int.MaxValue : Parser.UnaryPrecedence);
    }

    private void WriteBinary(BinaryExpression binary)
    {
        int precedence = Precedence(binary);
        WriteExpression(binary.Left, precedence);
        Append(binary.Operator switch
        {
            BinaryOperator.Or => " OR ",
            BinaryOperator.And => " AND ",
            BinaryOperator.Equal => " = ",
            BinaryOperator.NotEqual => " <> ",
            BinaryOperator.Less => " < ",
            BinaryOperator.LessOrEqual => " <= ",
            BinaryOperator.Greater => " > ",
            BinaryOperator.GreaterOrEqual => " >= ",
            BinaryOperator.Concat => " || ",
            BinaryOperator.Add => " + ",
            BinaryOperator.Subtract => " - ",
            BinaryOperator.Multiply => " * ",
            BinaryOperator.Divide => " / ",
            _ => " % ",
        });

        // Left-associative: the right operand must bind tighter.
        WriteExpression(binary.Right, precedence + 1);
    }

    private void WriteBetween(BetweenExpression between)
    {
        WriteExpression(between.Operand, Parser.ComparisonPrecedence);
        Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
        Append(between.Symmetry switch
        {
            BetweenSymmetry.Asymmetric => "ASYMMETRIC ",
            BetweenSymmetry.Symmetric => "SYMMETRIC ",
            _ => string.Empty,
        });
        WriteExpression(between.Low, Parser.AdditivePrecedence);
        Append(" AND ");
        WriteExpression(between.High, Parser.AdditivePrecedence);
    }

    private void WritePatternMatch(PatternMatchExpression pattern)
    {
        WriteExpression(pattern.Operand, Parser.ComparisonPrecedence);
        Append(pattern.Negated ? " NOT" : string.Empty);
        Append(pattern.Kind == PatternMatchKind.Like ? " LIKE " : " SIMILAR TO ");
        WriteExpression(pattern.Pattern, Parser.AdditivePrecedence);
        if (pattern.Escape is not null)
        {
            Append(" ESCAPE ");
            WriteExpression(pattern.Escape, Parser.AdditivePrecedence);
        }
    }

    private void WriteCase(CaseExpression caseExpression)
    {
        Append("CASE");
        if (caseExpression.Operand is not null)
        {
            Append(" ");
            WriteExpression(caseExpression.Operand);
        }

        foreach (WhenClause when in caseExpression.Whens)
        {
            Append(" ");
            WriteWhen(when);
        }

        if (caseExpression.Else is not null)
        {
            Append(" ELSE ");
            WriteExpression(caseExpression.Else);
        }

        Append(" END");
    }

    private void WriteWhen(WhenClause when)
    {
        Append("WHEN ");
        WriteExpression(when.Condition);
        Append(" THEN ");
        WriteExpression(when.Result);
    }

    private void WriteFunctionCall(FunctionCallExpression call)
    {
        // Function names are printed as written: LEFT and RIGHT are reserved but callable unquoted.
        WriteList(call.Name.Parts, WriteBareName, ".");
        Append("(");
        if (call.StarArgument)
        {
            Append("*");
        }
        else
        {
            WriteQuantifier(call.Quantifier);
            WriteList(call.Arguments, WriteExpression);
        }

        Append(")");
        if (call.Filter is not null)
        {
            Append(" FILTER (WHERE ");
            WriteExpression(call.Filter);
            Append(")");
        }

        if (call.Over is not null)
        {
            Append(" OVER ");
            WriteOverWindow(call.Over);
        }
    }

    /// <summary>A name where reserved words need no quotes (function and parameter names).</summary>
    private void WriteBareName(Identifier name)
    {
        if (name.Quoted || !IsPlainWord(name.Value))
        {
            WriteIdentifier(name);
        }
        else
        {
            Append(name.Value);
        }
    }

    private static bool IsPlainWord(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private void WriteTableArgument(TableArgumentExpression table)
    {
        Append("TABLE ");
        if (table.Query is not null)
        {
            WriteParenthesizedQuery(table.Query);
        }
        else if (table.Table is not null)
        {
            WriteName(table.Table);
        }

        if (table.PartitionBy.Count > 0)
        {
            Append(" PARTITION BY ");
            WriteParenthesizedIfMany(table.PartitionBy, WriteExpression);
        }

        if (table.OrderBy.Count > 0)
        {
            Append(" ORDER BY ");
            WriteParenthesizedIfMany(table.OrderBy, WriteOrderItem);
        }
    }

    private void WriteParenthesizedIfMany<T>(IReadOnlyList<T> items, Action<T> write)
    {
        if (items.Count == 1)
        {
            write(items[0]);
            return;
        }

        Append("(");
        WriteList(items, write);
        Append(")");
    }

    private void WriteOverWindow(OverWindow window)
    {
        if (window is WindowReference reference)
        {
            WriteIdentifier(reference.Name);
            return;
        }

        var specification = (WindowSpecification)window;
        var parts = new List<Action>();
        if (specification.BaseWindow is not null)
        {
            parts.Add(() => WriteIdentifier(specification.BaseWindow));
        }

        if (specification.PartitionBy.Count > 0)
        {
            parts.Add(() =>
            {
                Append("PARTITION BY ");
                WriteList(specification.PartitionBy, WriteExpression);
            });
        }

        if (specification.OrderBy.Count > 0)
        {
            parts.Add(() =>
            {
                Append("ORDER BY ");
                WriteList(specification.OrderBy, WriteOrderItem);
            });
        }

        if (specification.Frame is not null)
        {
            parts.Add(() => WriteFrame(specification.Frame));
        }

        Append("(");
        WriteList(parts, part => part(), " ");
        Append(")");
    }

    private void WriteFrame(WindowFrame frame)
    {
        Append(frame.Unit == WindowFrameUnit.Rows ? "ROWS " : "RANGE ");
        if (frame.End is null)
        {
            WriteFrameBound(frame.Start);
            return;
        }

        Append("BETWEEN ");
        WriteFrameBound(frame.Start);
        Append(" AND ");
        WriteFrameBound(frame.End);
    }

    private void WriteFrameBound(FrameBound bound)
    {
        switch (bound.Kind)
        {
            case FrameBoundKind.UnboundedPreceding:
                Append("UNBOUNDED PRECEDING");
                break;
            case FrameBoundKind.UnboundedFollowing:
                Append("UNBOUNDED FOLLOWING");
                break;
            case FrameBoundKind.CurrentRow:
                Append("CURRENT ROW");
                break;
            default:
                WriteExpression(bound.Offset!, Parser.AdditivePrecedence);
                Append(bound.Kind == FrameBoundKind.Preceding ? " PRECEDING" : " FOLLOWING");
                break;
        }
    }

    private void WriteSpecialFunction(SqlExpression expression)
    {
        switch (expression)
        {
            case ExtractExpression extract:
                Append("EXTRACT(").Append(SqlPrinter.Spell(extract.Unit)).Append(" FROM ");
                WriteExpression(extract.Source);
                Append(")");
                break;
            case FloorCeilExpression floorCeil:
                Append(floorCeil.Kind == FloorCeilKind.Floor ? "FLOOR(" : "CEIL(");
                WriteExpression(floorCeil.Operand);
                Append(" TO ").Append(SqlPrinter.Spell(floorCeil.Unit)).Append(")");
                break;
            case TrimExpression trim:
                WriteTrim(trim);
                break;
            case SubstringExpression substring:
                Append("SUBSTRING(");
                WriteExpression(substring.Source);
                Append(" FROM ");
                WriteExpression(substring.Start);
                if (substring.Length is not null)
                {
                    Append(" FOR ");
                    WriteExpression(substring.Length);
                }

                Append(")");
                break;
            case PositionExpression position:
                Append("POSITION(");
                WriteExpression(position.Needle, Parser.AdditivePrecedence);
                Append(" IN ");
                WriteExpression(position.Haystack);
                if (position.Start is not null)
                {
                    Append(" FROM ");
                    WriteExpression(position.Start);
                }

                Append(")");
                break;
            case OverlayExpression overlay:
                Append("OVERLAY(");
                WriteExpression(overlay.Source);
                Append(" PLACING ");
                WriteExpression(overlay.Replacement);
                Append(" FROM ");
                WriteExpression(overlay.Start);
                if (overlay.Length is not null)
                {
                    Append(" FOR ");
                    WriteExpression(overlay.Length);
                }

                Append(")");
                break;
            case TimestampAddExpression add:
                Append("TIMESTAMPADD(").Append(SqlPrinter.Spell(add.Unit)).Append(", ");
                WriteExpression(add.Count);
                Append(", ");
                WriteExpression(add.Timestamp);
                Append(")");
                break;
            case TimestampDiffExpression diff:
                Append("TIMESTAMPDIFF(").Append(SqlPrinter.Spell(diff.Unit)).Append(", ");
                WriteExpression(diff.Start);
                Append(", ");
                WriteExpression(diff.End);
                Append(")");
                break;
            case CurrentTimeExpression current:
                Append(current.Function switch
                {
                    CurrentTimeFunction.CurrentDate => "CURRENT_DATE",
                    CurrentTimeFunction.CurrentTime => "CURRENT_TIME",
                    CurrentTimeFunction.CurrentTimestamp => "CURRENT_TIMESTAMP",
                    CurrentTimeFunction.LocalTime => "LOCALTIME",
                    _ => "LOCALTIMESTAMP",
                });
                break;
            default:
                throw new NotSupportedException($"the printer does not know {expression.GetType().Name}");
        }
    }

    private void WriteTrim(TrimExpression trim)
    {
        Append("TRIM(");
        if (trim.Side != TrimSide.Both || trim.Characters is not null)
        {
            Append(trim.Side.ToString().ToUpperInvariant()).Append(" ");
            if (trim.Characters is not null)
            {
                WriteExpression(trim.Characters);
                Append(" ");
            }

            Append("FROM ");
        }

        WriteExpression(trim.Source);
        Append(")");
    }

    private void WriteLiteral(LiteralExpression literal)
    {
        switch (literal)
        {
            case NumericLiteral number:
                Append(number.Text);
                break;
            case StringLiteral text:
                WriteString(text.Value);
                break;
            case BinaryStringLiteral binary:
                Append("X'").Append(binary.Hex).Append("'");
                break;
            case BooleanLiteral boolean:
                Append(boolean.Value switch
                {
                    true => "TRUE",
                    false => "FALSE",
                    null => "UNKNOWN",
                });
                break;
            case NullLiteral:
                Append("NULL");
                break;
            case DateTimeLiteral dateTime:
                Append(dateTime.Kind switch
                {
                    DateTimeLiteralKind.Date => "DATE ",
                    DateTimeLiteralKind.Time => "TIME ",
                    DateTimeLiteralKind.Timestamp => "TIMESTAMP ",
                    _ => "TIMESTAMP WITH LOCAL TIME ZONE ",
                });
                WriteString(dateTime.Value);
                break;
            case IntervalLiteral interval:
                Append(interval.Negative ? "INTERVAL -" : "INTERVAL ");
                WriteString(interval.Value);
                Append(" ");
                WriteIntervalQualifier(interval.Qualifier);
                break;
            default:
                throw new NotSupportedException($"the printer does not know {literal.GetType().Name}");
        }
    }

    private void WriteIntervalQualifier(IntervalQualifier qualifier)
    {
        Append(SqlPrinter.Spell(qualifier.Start));
        if (qualifier.End is null)
        {
            if (qualifier.StartPrecision is { } precision)
            {
                Append("(").Append(precision.ToString());
                if (qualifier.FractionalPrecision is { } fraction)
                {
                    Append(", ").Append(fraction.ToString());
                }

                Append(")");
            }

            return;
        }

        if (qualifier.StartPrecision is { } startPrecision)
        {
            Append("(").Append(startPrecision.ToString()).Append(")");
        }

        Append(" TO ").Append(SqlPrinter.Spell(qualifier.End.Value));
        if (qualifier.FractionalPrecision is { } fractional)
        {
            Append("(").Append(fractional.ToString()).Append(")");
        }
    }
}
