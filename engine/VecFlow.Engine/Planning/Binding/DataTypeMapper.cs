using VecFlow.Engine.Schema;
using VecFlow.Sql.Ast;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Binding;

/// <summary>Maps written SQL data types to VecFlow types; ROW types flatten into <c>row.field</c> columns.</summary>
internal static class DataTypeMapper
{
    public static SqlType Map(SqlDataType type) => type switch
    {
        ScalarDataType s => MapScalar(s).WithNullable(s.Nullable),
        IntervalDataType i => (i.Qualifier.Start is TimeUnit.Year or TimeUnit.Month ? SqlType.IntervalYearMonth : SqlType.IntervalDayTime).WithNullable(i.Nullable),
        RowDataType => throw new SqlValidationException(type.Span, "a ROW type is allowed only as a table column; its fields become columns named 'row.field'"),
        _ => throw new SqlValidationException(type.Span, $"not supported: the type {type.GetType().Name.Replace("DataType", string.Empty, StringComparison.Ordinal).ToUpperInvariant()}; supported types are BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), CHAR, VARCHAR, STRING, DATE, TIME, TIMESTAMP(3), TIMESTAMP_LTZ(3), INTERVAL"),
    };

    /// <summary>The columns one declared column contributes: itself, or one per (nested) ROW field.</summary>
    public static IEnumerable<Field> Flatten(string name, SqlDataType type)
    {
        if (type is RowDataType row)
        {
            foreach (RowField field in row.Fields)
            {
                foreach (Field inner in Flatten($"{name}.{field.Name.Value}", field.Type))
                {
                    // A field of a nullable ROW is NULL whenever the row is.
                    yield return row.Nullable ? inner with { Type = inner.Type.WithNullable(true) } : inner;
                }
            }
        }
        else
        {
            yield return new Field(name, Map(type));
        }
    }

    private static SqlType MapScalar(ScalarDataType s)
    {
        switch (s.Name)
        {
            case ScalarTypeName.Boolean: return SqlType.Boolean;
            case ScalarTypeName.TinyInt: return SqlType.TinyInt;
            case ScalarTypeName.SmallInt: return SqlType.SmallInt;
            case ScalarTypeName.Int: return SqlType.Int;
            case ScalarTypeName.BigInt: return SqlType.BigInt;
            case ScalarTypeName.Float: return SqlType.Float;
            case ScalarTypeName.Double: return SqlType.Double;
            case ScalarTypeName.Decimal:
                int precision = s.Precision ?? 10;
                int scale = s.Scale ?? 0;
                if (precision is < 1 or > SqlType.MaxDecimalPrecision || scale < 0 || scale > precision)
                {
                    throw new SqlValidationException(s.Span, $"DECIMAL({precision}, {scale}) is invalid; precision must be 1..38 and scale 0..precision");
                }

                return SqlType.Decimal(precision, scale);
            case ScalarTypeName.Char:
            case ScalarTypeName.VarChar:
            case ScalarTypeName.String:
                return SqlType.Varchar;
            case ScalarTypeName.Date: return SqlType.Date;
            case ScalarTypeName.Time: return SqlType.Time;
            case ScalarTypeName.Timestamp:
                return s.Precision is null or 3 ? SqlType.Timestamp : throw Precision(s, "TIMESTAMP");
            case ScalarTypeName.TimestampLtz:
                return s.Precision is null or 3 ? SqlType.TimestampLtz : throw Precision(s, "TIMESTAMP_LTZ");
            default:
                throw new SqlValidationException(s.Span, $"not supported: the type {s.Name.ToString().ToUpperInvariant()}; use STRING for text");
        }
    }

    private static SqlValidationException Precision(ScalarDataType s, string name) =>
        new(s.Span, $"not supported: {name}({s.Precision}); VecFlow stores timestamps in milliseconds, write {name}(3)");
}
