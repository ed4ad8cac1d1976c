using VecFlow.Sql.Ast;

namespace VecFlow.Sql.Printing;

internal sealed partial class SqlWriter
{
    private void WriteType(SqlDataType type)
    {
        switch (type)
        {
            case ScalarDataType scalar:
                Append(scalar.Name == ScalarTypeName.TimestampLtz ? "TIMESTAMP_LTZ" : scalar.Name.ToString().ToUpperInvariant());
                if (scalar.Precision is { } precision)
                {
                    Append("(").Append(precision.ToString());
                    if (scalar.Scale is { } scale)
                    {
                        Append(", ").Append(scale.ToString());
                    }

                    Append(")");
                }

                break;
            case IntervalDataType interval:
                Append("INTERVAL ");
                WriteIntervalQualifier(interval.Qualifier);
                break;
            case RowDataType row when row.Fields.Count == 0:
                // ROW<> would read as the <> operator.
                Append("ROW()");
                break;
            case RowDataType row:
                Append("ROW<");
                WriteList(row.Fields, WriteRowField);
                Append(">");
                break;
            case ArrayDataType array:
                Append("ARRAY<");
                WriteType(array.Element);
                Append(">");
                break;
            case MultisetDataType multiset:
                Append("MULTISET<");
                WriteType(multiset.Element);
                Append(">");
                break;
            case MapDataType map:
                Append("MAP<");
                WriteType(map.Key);
                Append(", ");
                WriteType(map.Value);
                Append(">");
                break;
            default:
                throw new NotSupportedException($"the printer does not know {type.GetType().Name}");
        }

        if (!type.Nullable)
        {
            Append(" NOT NULL");
        }
    }

    private void WriteRowField(RowField field)
    {
        WriteIdentifier(field.Name);
        Append(" ");
        WriteType(field.Type);
        if (field.Comment is not null)
        {
            Append(" COMMENT ");
            WriteString(field.Comment);
        }
    }
}
