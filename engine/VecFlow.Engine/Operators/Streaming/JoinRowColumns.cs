using System.Text;
using VecFlow.State.Serialization;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>Moves whole rows between columns and <see cref="StateRow"/>s, a column at a time, for operators that keep input rows in state.</summary>
internal static class JoinRowColumns
{
    /// <summary>Sets field <paramref name="field"/> of <c>target[i]</c> to row <c>rows[i]</c> of <paramref name="column"/>.</summary>
    public static void Read(ColumnVector column, ReadOnlySpan<int> rows, IReadOnlyList<StateRow> target, int field)
    {
        SqlType type = column.Type;
        for (int i = 0; i < rows.Length; i++)
        {
            if (type.Kind == SqlTypeKind.Null || column.IsNull(rows[i]))
            {
                target[i].SetNull(field);
            }
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Null:
                return;
            case SqlTypeKind.Boolean:
                {
                    ReadOnlySpan<ulong> words = column.BooleanWords;
                    for (int i = 0; i < rows.Length; i++)
                    {
                        if (!column.IsNull(rows[i]))
                        {
                            target[i].SetInt64(field, Bits.Get(words, rows[i]) ? 1 : 0);
                        }
                    }

                    return;
                }

            case SqlTypeKind.Varchar:
                for (int i = 0; i < rows.Length; i++)
                {
                    if (!column.IsNull(rows[i]))
                    {
                        target[i].SetString(field, Encoding.UTF8.GetString(column.StringAt(rows[i])));
                    }
                }

                return;
            case SqlTypeKind.Float:
                {
                    ReadOnlySpan<float> values = column.Values<float>();
                    for (int i = 0; i < rows.Length; i++)
                    {
                        if (!column.IsNull(rows[i]))
                        {
                            target[i].SetDouble(field, values[rows[i]]);
                        }
                    }

                    return;
                }

            case SqlTypeKind.Double:
                {
                    ReadOnlySpan<double> values = column.Values<double>();
                    for (int i = 0; i < rows.Length; i++)
                    {
                        if (!column.IsNull(rows[i]))
                        {
                            target[i].SetDouble(field, values[rows[i]]);
                        }
                    }

                    return;
                }

            case SqlTypeKind.Decimal:
                {
                    ReadOnlySpan<Int128> values = column.Values<Int128>();
                    for (int i = 0; i < rows.Length; i++)
                    {
                        if (!column.IsNull(rows[i]))
                        {
                            target[i].SetDecimal(field, values[rows[i]]);
                        }
                    }

                    return;
                }

            default:
                switch (type.FixedWidth)
                {
                    case 1: ReadIntegers(column.Values<sbyte>(), column, rows, target, field); return;
                    case 2: ReadIntegers(column.Values<short>(), column, rows, target, field); return;
                    case 4: ReadIntegers(column.Values<int>(), column, rows, target, field); return;
                    case 8: ReadIntegers(column.Values<long>(), column, rows, target, field); return;
                    default: throw new NotSupportedException($"not supported in streaming mode yet: keeping a {type} column in join state");
                }
        }
    }

    /// <summary>A column of <paramref name="type"/> holding field <paramref name="field"/> of each row, NULL where the row itself is null (padding).</summary>
    public static ColumnVector Build(SqlType type, IReadOnlyList<StateRow?> rows, int field, BufferPool pool)
    {
        int n = rows.Count;
        if (type.Kind == SqlTypeKind.Null)
        {
            return ColumnFactory.Constant(type, null, n, pool);
        }

        bool[] valid = new bool[n];
        for (int i = 0; i < n; i++)
        {
            valid[i] = rows[i] is { } row && !row.IsNull(field);
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
                            builder.Append(rows[i]!.GetString(field));
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
                        values[i] = valid[i] ? rows[i]!.GetInt64(field) != 0 : null;
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
                    _ => throw new NotSupportedException($"not supported in streaming mode yet: a {type} column out of join state"),
                };
        }
    }

    /// <summary>A hash of the first <paramref name="fields"/> fields of <paramref name="row"/>, consistent with <see cref="SameRow"/>.</summary>
    public static int RowHash(StateRow row, IReadOnlyList<SqlType> types, int fields)
    {
        var hash = default(HashCode);
        for (int f = 0; f < fields; f++)
        {
            if (row.IsNull(f) || types[f].Kind == SqlTypeKind.Null)
            {
                hash.Add(-1);
            }
            else if (types[f].Kind == SqlTypeKind.Varchar)
            {
                hash.Add(row.GetString(f), StringComparer.Ordinal);
            }
            else
            {
                hash.Add(row.GetDecimal(f));
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>True when the first <paramref name="fields"/> fields of both rows hold the same values (NULL equals NULL: row identity, not SQL equality).</summary>
    public static bool SameRow(StateRow a, StateRow b, IReadOnlyList<SqlType> types, int fields)
    {
        for (int f = 0; f < fields; f++)
        {
            bool nullA = a.IsNull(f);
            if (nullA != b.IsNull(f))
            {
                return false;
            }

            if (nullA || types[f].Kind == SqlTypeKind.Null)
            {
                continue;
            }

            bool equal = types[f].Kind == SqlTypeKind.Varchar
                ? string.Equals(a.GetString(f), b.GetString(f), StringComparison.Ordinal)
                : a.GetDecimal(f) == b.GetDecimal(f);
            if (!equal)
            {
                return false;
            }
        }

        return true;
    }

    private static void ReadIntegers<T>(ReadOnlySpan<T> values, ColumnVector column, ReadOnlySpan<int> rows, IReadOnlyList<StateRow> target, int field)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int i = 0; i < rows.Length; i++)
        {
            if (!column.IsNull(rows[i]))
            {
                target[i].SetInt64(field, long.CreateTruncating(values[rows[i]]));
            }
        }
    }

    private static ColumnVector Fixed<T>(SqlType type, IReadOnlyList<StateRow?> rows, int field, bool[] valid, BufferPool pool, Func<StateRow, int, T> read)
        where T : unmanaged
    {
        var values = new T[rows.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (valid[i])
            {
                values[i] = read(rows[i]!, field);
            }
        }

        return ColumnFactory.FromValues<T>(type, values, valid, pool);
    }
}
