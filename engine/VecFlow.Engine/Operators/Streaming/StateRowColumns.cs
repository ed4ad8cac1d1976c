using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Moves typed fields between <see cref="StateRow"/>s and columns without boxing.</summary>
internal static class StateRowColumns
{
    /// <summary>A column of <paramref name="type"/> holding field <paramref name="field"/> of each row.</summary>
    public static ColumnVector Build(SqlType type, IReadOnlyList<StateRow> rows, int field, BufferPool pool)
    {
        int n = rows.Count;
        bool[] valid = new bool[n];
        for (int i = 0; i < n; i++)
        {
            valid[i] = !rows[i].IsNull(field);
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                {
                    using var builder = new StringColumnBuilder(n, pool);
                    for (int i = 0; i < n; i++)
                    {
                        if (valid[i])
                        {
                            builder.Append(rows[i].GetString(field));
                        }
                        else
                        {
                            builder.AppendNull();
                        }
                    }

                    return builder.Build();
                }

            case SqlTypeKind.Boolean:
                {
                    var values = new bool?[n];
                    for (int i = 0; i < n; i++)
                    {
                        values[i] = valid[i] ? rows[i].GetInt64(field) != 0 : null;
                    }

                    return ColumnFactory.FromBooleans(values, pool);
                }

            case SqlTypeKind.Float:
                return Fixed(type, rows, field, valid, pool, static (r, f) => (float)r.GetDouble(f));
            case SqlTypeKind.Double:
                return Fixed(type, rows, field, valid, pool, static (r, f) => r.GetDouble(f));
            case SqlTypeKind.Decimal:
                return Fixed(type, rows, field, valid, pool, static (r, f) => r.GetDecimal(f));
            default:
                return type.FixedWidth switch
                {
                    1 => Fixed(type, rows, field, valid, pool, static (r, f) => (sbyte)r.GetInt64(f)),
                    2 => Fixed(type, rows, field, valid, pool, static (r, f) => (short)r.GetInt64(f)),
                    4 => Fixed(type, rows, field, valid, pool, static (r, f) => (int)r.GetInt64(f)),
                    8 => Fixed(type, rows, field, valid, pool, static (r, f) => r.GetInt64(f)),
                    _ => throw new NotSupportedException($"A streaming aggregate cannot emit {type}."),
                };
        }
    }

    /// <summary>Copies field <paramref name="from"/> of <paramref name="source"/> into field <paramref name="to"/> of <paramref name="target"/>.</summary>
    public static void Copy(StateRow source, int from, StateRow target, int to, SqlType type)
    {
        if (source.IsNull(from))
        {
            target.SetNull(to);
            return;
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Varchar: target.SetString(to, source.GetString(from)); break;
            case SqlTypeKind.Float or SqlTypeKind.Double: target.SetDouble(to, source.GetDouble(from)); break;
            case SqlTypeKind.Decimal: target.SetDecimal(to, source.GetDecimal(from)); break;
            default: target.SetInt64(to, source.GetInt64(from)); break;
        }
    }

    private static ColumnVector Fixed<T>(SqlType type, IReadOnlyList<StateRow> rows, int field, bool[] valid, BufferPool pool, Func<StateRow, int, T> read)
        where T : unmanaged
    {
        var values = new T[rows.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (valid[i])
            {
                values[i] = read(rows[i], field);
            }
        }

        return ColumnFactory.FromValues<T>(type, values, valid, pool);
    }
}
