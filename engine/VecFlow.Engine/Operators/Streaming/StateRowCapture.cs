using System.Text;
using VecFlow.State.Serialization;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Copies one row of a column into a <see cref="StateRow"/> field without boxing (the inverse of <see cref="StateRowColumns.Build"/>).</summary>
internal static class StateRowCapture
{
    /// <summary>Sets field <paramref name="field"/> of <paramref name="target"/> to row <paramref name="row"/> of <paramref name="column"/>.</summary>
    public static void Read(ColumnVector column, int row, StateRow target, int field)
    {
        SqlType type = column.Type;
        if (type.Kind == SqlTypeKind.Null || column.IsNull(row))
        {
            target.SetNull(field);
            return;
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                target.SetString(field, Encoding.UTF8.GetString(column.StringAt(row)));
                break;
            case SqlTypeKind.Boolean:
                target.SetInt64(field, Bits.Get(column.BooleanWords, row) ? 1 : 0);
                break;
            case SqlTypeKind.Float:
                target.SetDouble(field, column.Values<float>()[row]);
                break;
            case SqlTypeKind.Double:
                target.SetDouble(field, column.Values<double>()[row]);
                break;
            case SqlTypeKind.Decimal:
                target.SetDecimal(field, column.Values<Int128>()[row]);
                break;
            default:
                target.SetInt64(field, type.FixedWidth switch
                {
                    1 => column.Values<sbyte>()[row],
                    2 => column.Values<short>()[row],
                    4 => column.Values<int>()[row],
                    8 => column.Values<long>()[row],
                    _ => throw new NotSupportedException($"not supported in streaming mode yet: keeping a {type} column in state"),
                });
                break;
        }
    }

    /// <summary>True when field <paramref name="a"/> of <paramref name="left"/> and field <paramref name="b"/> of <paramref name="right"/> hold the same value (NULL equals NULL).</summary>
    public static bool SameValue(StateRow left, int a, StateRow right, int b, SqlType type)
    {
        bool leftNull = left.IsNull(a);
        if (leftNull || right.IsNull(b))
        {
            return leftNull && right.IsNull(b);
        }

        return type.Kind switch
        {
            SqlTypeKind.Varchar => string.Equals(left.GetString(a), right.GetString(b), StringComparison.Ordinal),
            SqlTypeKind.Decimal => left.GetDecimal(a) == right.GetDecimal(b),
            _ => left.GetInt64(a) == right.GetInt64(b),
        };
    }
}
