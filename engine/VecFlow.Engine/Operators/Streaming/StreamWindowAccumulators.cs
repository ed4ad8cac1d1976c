using System.Text;
using VecFlow.Engine.Schema;
using VecFlow.State.Serialization;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Memory;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>The layout of one (key, slice) accumulator row in state, how two of them fold together, and how merged rows become result columns.</summary>
/// <remarks>
/// <para>A row holds the plain key values first (so a fired window can emit its key without decoding state keys), then
/// per aggregate: COUNT a BIGINT; SUM an exact total (integers as DECIMAL(38, 0), DECIMAL(p, s) as DECIMAL(38, s),
/// FLOAT / DOUBLE as DOUBLE; NULL while no value arrived); AVG such a total and a BIGINT count; MIN / MAX a value of the
/// argument's type. COUNT(DISTINCT) keeps no field: its values live in a map state per slice.</para>
/// <para>Results follow the batch hash aggregate exactly: the same intermediate types (SUM of integers BIGINT, AVG of
/// integers truncated in the argument's type, AVG of DECIMAL rounded HALF_UP to max(s, 6) digits) and then the same
/// cast to the call's result type.</para>
/// </remarks>
internal sealed class StreamWindowAccumulators
{
    private static readonly SqlType Count = SqlType.BigInt.WithNullable(false);
    private static readonly SqlType IntegerTotal = SqlType.Decimal(SqlType.MaxDecimalPrecision, 0);

    private readonly AggregateCall[] _calls;
    private readonly SqlType?[] _argumentTypes;
    private readonly int[] _field;
    private readonly int[] _countField;

    public StreamWindowAccumulators(RowSchema input, IReadOnlyList<int> keyColumns, IReadOnlyList<AggregateCall> calls)
    {
        _calls = [.. calls];
        _argumentTypes = new SqlType?[_calls.Length];
        _field = new int[_calls.Length];
        _countField = new int[_calls.Length];
        var types = new List<SqlType>(keyColumns.Select(k => input[k].Type.WithNullable(true)));
        KeyCount = types.Count;
        for (int i = 0; i < _calls.Length; i++)
        {
            AggregateCall call = _calls[i];
            SqlType? argument = call.Argument is { } a ? input[a].Type : null;
            _argumentTypes[i] = argument;
            _field[i] = -1;
            _countField[i] = -1;
            if (IsDistinctCount(i))
            {
                continue;
            }

            switch (call.Function)
            {
                case AggregateFunction.Count or AggregateFunction.CountStar:
                    _field[i] = Add(types, Count);
                    break;
                case AggregateFunction.Sum:
                    _field[i] = Add(types, TotalType(argument!, "SUM"));
                    break;
                case AggregateFunction.Avg:
                    _field[i] = Add(types, TotalType(argument!, "AVG"));
                    _countField[i] = Add(types, Count);
                    break;
                case AggregateFunction.Min or AggregateFunction.Max:
                    _field[i] = Add(types, argument!.WithNullable(true));
                    break;
                default:
                    throw new NotSupportedException($"not supported in streaming mode yet: {call.Function.ToString().ToUpperInvariant()} in a window aggregate; supported are COUNT, SUM, AVG, MIN, MAX and COUNT(DISTINCT)");
            }

            if (call.Distinct && call.Function is AggregateFunction.Sum or AggregateFunction.Avg)
            {
                throw new NotSupportedException($"not supported in streaming mode yet: {call.Function.ToString().ToUpperInvariant()}(DISTINCT ...) in a window aggregate; COUNT(DISTINCT ...) is supported");
            }
        }

        FieldTypes = types;
        Serializer = new StateRowSerializer(types);
    }

    /// <summary>The accumulator row's field types: keys, then the aggregates' fields.</summary>
    public IReadOnlyList<SqlType> FieldTypes { get; }

    public StateRowSerializer Serializer { get; }

    public int KeyCount { get; }

    public int CallCount => _calls.Length;

    /// <summary>COUNT(DISTINCT x): its values are kept in a map state, not in the accumulator row.</summary>
    public bool IsDistinctCount(int call) => _calls[call].Distinct && _calls[call].Function == AggregateFunction.Count && _calls[call].Argument is not null;

    /// <summary>The accumulator field of call <paramref name="call"/> (-1 for COUNT(DISTINCT)).</summary>
    public int Field(int call) => _field[call];

    /// <summary>AVG's count field; -1 for other calls.</summary>
    public int CountField(int call) => _countField[call];

    /// <summary>The grouped kernels whose per-batch partials fill call <paramref name="call"/>'s fields (field order); empty for COUNT(DISTINCT).</summary>
    public IGroupedAggregate[] PartialKernels(int call)
    {
        AggregateCall c = _calls[call];
        SqlType? argument = _argumentTypes[call];
        if (IsDistinctCount(call))
        {
            return [];
        }

        return c.Function switch
        {
            AggregateFunction.Avg => [GroupedAggregates.Create(AggregateFunction.Sum, argument), GroupedAggregates.Create(AggregateFunction.Count, argument)],
            AggregateFunction.Count when argument is null => [GroupedAggregates.Create(AggregateFunction.CountStar, null)],
            _ => [GroupedAggregates.Create(c.Function, argument)],
        };
    }

    /// <summary>An empty accumulator (counts 0, everything else NULL).</summary>
    public StateRow Empty()
    {
        var row = new StateRow(FieldTypes);
        for (int i = 0; i < _calls.Length; i++)
        {
            if (_field[i] >= 0 && _calls[i].Function is AggregateFunction.Count or AggregateFunction.CountStar)
            {
                row.SetInt64(_field[i], 0);
            }

            if (_countField[i] >= 0)
            {
                row.SetInt64(_countField[i], 0);
            }
        }

        return row;
    }

    /// <summary>Folds <paramref name="from"/> into <paramref name="into"/> (keys are left as they are).</summary>
    public void Fold(StateRow into, StateRow from)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            int f = _field[i];
            if (f < 0 || from.IsNull(f))
            {
                continue;
            }

            switch (_calls[i].Function)
            {
                case AggregateFunction.Count or AggregateFunction.CountStar:
                    into.SetInt64(f, into.GetInt64(f) + from.GetInt64(f));
                    break;
                case AggregateFunction.Sum or AggregateFunction.Avg:
                    AddTotal(into, from, f, _calls[i].Function == AggregateFunction.Sum ? "SUM" : "AVG");
                    if (_countField[i] >= 0)
                    {
                        into.SetInt64(_countField[i], into.GetInt64(_countField[i]) + from.GetInt64(_countField[i]));
                    }

                    break;
                default:
                    if (into.IsNull(f) || Compare(FieldTypes[f], from, into, f) * (_calls[i].Function == AggregateFunction.Min ? -1 : 1) > 0)
                    {
                        Copy(FieldTypes[f], from, into, f);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The result columns of call <paramref name="call"/> for <paramref name="rows"/> (merged accumulators), cast to the call's
    /// result type; <paramref name="distinctCounts"/> holds COUNT(DISTINCT)'s counts.
    /// </summary>
    public ColumnVector Finish(int call, IReadOnlyList<StateRow> rows, ReadOnlySpan<long> distinctCounts, BufferPool pool)
    {
        AggregateCall c = _calls[call];
        int n = rows.Count;
        ColumnVector raw;
        if (IsDistinctCount(call))
        {
            raw = ColumnFactory.FromValues<long>(Count, distinctCounts[..n], pool);
        }
        else
        {
            int f = _field[call];
            SqlType argument = _argumentTypes[call] ?? Count;
            raw = c.Function switch
            {
                AggregateFunction.Count or AggregateFunction.CountStar => Build(Count, rows, f, pool),
                AggregateFunction.Sum => FinishSum(argument, rows, f, pool),
                AggregateFunction.Avg => FinishAverage(argument, rows, f, _countField[call], pool),
                _ => Build(argument.WithNullable(true), rows, f, pool),
            };
        }

        if (raw.Type == c.ResultType)
        {
            return raw;
        }

        using (raw)
        {
            return CastKernels.Cast(raw, c.ResultType, default, pool);
        }
    }

    /// <summary>Reads row <paramref name="row"/> of <paramref name="column"/> into field <paramref name="field"/> (integers widen into a DECIMAL field).</summary>
    public static void Read(ColumnVector column, int row, StateRow into, int field)
    {
        if (column.IsNull(row))
        {
            into.SetNull(field);
            return;
        }

        SqlType type = column.Type;
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                into.SetString(field, Encoding.UTF8.GetString(column.StringAt(row)));
                return;
            case SqlTypeKind.Boolean:
                into.SetInt64(field, Bits.Get(column.BooleanWords, row) ? 1 : 0);
                return;
            case SqlTypeKind.Float:
                into.SetDouble(field, column.Values<float>()[row]);
                return;
            case SqlTypeKind.Double:
                into.SetDouble(field, column.Values<double>()[row]);
                return;
            case SqlTypeKind.Decimal:
                into.SetDecimal(field, column.Values<Int128>()[row]);
                return;
        }

        long value = type.FixedWidth switch
        {
            1 => column.Values<sbyte>()[row],
            2 => column.Values<short>()[row],
            4 => column.Values<int>()[row],
            _ => column.Values<long>()[row],
        };
        if (into.Types[field].Kind == SqlTypeKind.Decimal)
        {
            into.SetDecimal(field, value);
        }
        else
        {
            into.SetInt64(field, value);
        }
    }

    /// <summary>A column of <paramref name="type"/> holding field <paramref name="field"/> of each row.</summary>
    public static ColumnVector Build(SqlType type, IReadOnlyList<StateRow> rows, int field, BufferPool pool)
    {
        int n = rows.Count;
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                return ColumnFactory.FromStrings([.. rows.Select(r => r.IsNull(field) ? null : r.GetString(field))], pool);
            case SqlTypeKind.Boolean:
                return ColumnFactory.FromBooleans([.. rows.Select(r => r.IsNull(field) ? (bool?)null : r.GetInt64(field) != 0)], pool);
        }

        bool[] valid = new bool[n];
        for (int r = 0; r < n; r++)
        {
            valid[r] = !rows[r].IsNull(field);
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Float:
                return ColumnFactory.FromValues<float>(type, [.. rows.Select(r => r.IsNull(field) ? 0f : (float)r.GetDouble(field))], valid, pool);
            case SqlTypeKind.Double:
                return ColumnFactory.FromValues<double>(type, [.. rows.Select(r => r.IsNull(field) ? 0d : r.GetDouble(field))], valid, pool);
            case SqlTypeKind.Decimal:
                return ColumnFactory.FromValues<Int128>(type, [.. rows.Select(r => r.IsNull(field) ? Int128.Zero : r.GetDecimal(field))], valid, pool);
        }

        long[] values = new long[n];
        for (int r = 0; r < n; r++)
        {
            values[r] = valid[r] ? rows[r].GetInt64(field) : 0;
        }

        return Integers(type, values, valid, pool);
    }

    private static ColumnVector Integers(SqlType type, long[] values, bool[] valid, BufferPool pool) => type.FixedWidth switch
    {
        1 => ColumnFactory.FromValues<sbyte>(type, [.. values.Select(v => (sbyte)v)], valid, pool),
        2 => ColumnFactory.FromValues<short>(type, [.. values.Select(v => (short)v)], valid, pool),
        4 => ColumnFactory.FromValues<int>(type, [.. values.Select(v => (int)v)], valid, pool),
        _ => ColumnFactory.FromValues<long>(type, values, valid, pool),
    };

    private static ColumnVector FinishSum(SqlType argument, IReadOnlyList<StateRow> rows, int f, BufferPool pool)
    {
        SqlType type = AggregateKernels.SumType(argument);
        if (type.Kind == SqlTypeKind.Decimal)
        {
            for (int r = 0; r < rows.Count; r++)
            {
                if (!rows[r].IsNull(f) && Int128.Abs(rows[r].GetDecimal(f)) > DecimalArithmetic.MaxUnscaled)
                {
                    throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, r, $"SUM overflowed DECIMAL(38, {type.Scale}): the result needs more than 38 digits");
                }
            }

            return Build(type, rows, f, pool);
        }

        if (type.Kind == SqlTypeKind.Double)
        {
            return Build(type, rows, f, pool);
        }

        long[] sums = new long[rows.Count];
        bool[] valid = new bool[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].IsNull(f))
            {
                continue;
            }

            Int128 total = rows[r].GetDecimal(f);
            if (total < long.MinValue || total > long.MaxValue)
            {
                throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, r, $"SUM overflowed BIGINT: the total reaches {total}, outside {long.MinValue}..{long.MaxValue}; SUM(CAST(x AS DECIMAL(38, 0))) holds larger totals");
            }

            sums[r] = (long)total;
            valid[r] = true;
        }

        return ColumnFactory.FromValues<long>(type, sums, valid, pool);
    }

    private static ColumnVector FinishAverage(SqlType argument, IReadOnlyList<StateRow> rows, int f, int countField, BufferPool pool)
    {
        SqlType type = AggregateKernels.AvgType(argument);
        int n = rows.Count;
        bool[] valid = new bool[n];
        for (int r = 0; r < n; r++)
        {
            valid[r] = rows[r].GetInt64(countField) > 0 && !rows[r].IsNull(f);
        }

        switch (type.Kind)
        {
            case SqlTypeKind.Double:
                return ColumnFactory.FromValues<double>(type, [.. rows.Select((row, r) => valid[r] ? row.GetDouble(f) / row.GetInt64(countField) : 0d)], valid, pool);
            case SqlTypeKind.Decimal:
                {
                    var averages = new Int128[n];
                    for (int r = 0; r < n; r++)
                    {
                        if (valid[r] && !DecimalArithmetic.TryDivideHalfUp(rows[r].GetDecimal(f), rows[r].GetInt64(countField), type.Scale - argument.Scale, out averages[r]))
                        {
                            throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, r, $"AVG overflowed DECIMAL(38, {type.Scale}): the result needs more than 38 digits");
                        }
                    }

                    return ColumnFactory.FromValues<Int128>(type, averages, valid, pool);
                }

            default:
                {
                    // The mean of integers lies within their type's range, so the truncating conversion is exact (Flink's rule).
                    long[] averages = new long[n];
                    for (int r = 0; r < n; r++)
                    {
                        averages[r] = valid[r] ? (long)(rows[r].GetDecimal(f) / rows[r].GetInt64(countField)) : 0;
                    }

                    return Integers(type, averages, valid, pool);
                }
        }
    }

    private static int Add(List<SqlType> types, SqlType type)
    {
        types.Add(type);
        return types.Count - 1;
    }

    private static SqlType TotalType(SqlType argument, string function) => argument.Kind switch
    {
        SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => IntegerTotal,
        SqlTypeKind.Decimal => SqlType.Decimal(SqlType.MaxDecimalPrecision, argument.Scale),
        SqlTypeKind.Float or SqlTypeKind.Double => SqlType.Double,
        _ => throw new NotSupportedException($"{function} is not defined for {argument}; it takes TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT or DOUBLE."),
    };

    private static void AddTotal(StateRow into, StateRow from, int f, string function)
    {
        if (into.Types[f].Kind == SqlTypeKind.Double)
        {
            into.SetDouble(f, (into.IsNull(f) ? 0d : into.GetDouble(f)) + from.GetDouble(f));
            return;
        }

        Int128 a = into.IsNull(f) ? Int128.Zero : into.GetDecimal(f);
        Int128 b = from.GetDecimal(f);
        Int128 sum = unchecked(a + b);
        if (((a ^ sum) & (b ^ sum)) < Int128.Zero)
        {
            throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, 0, $"{function} overflowed: a window's total needs more than 38 digits");
        }

        into.SetDecimal(f, sum);
    }

    /// <summary>Compares field <paramref name="f"/> of two rows (both non-NULL) in SQL order: strings by code point, NaN above every number.</summary>
    private static int Compare(SqlType type, StateRow a, StateRow b, int f)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar:
                return CompareCodePoints(a.GetString(f), b.GetString(f));
            case SqlTypeKind.Float or SqlTypeKind.Double:
                {
                    double x = a.GetDouble(f);
                    double y = b.GetDouble(f);
                    return double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : double.IsNaN(y) ? -1 : x.CompareTo(y);
                }

            case SqlTypeKind.Decimal:
                return a.GetDecimal(f).CompareTo(b.GetDecimal(f));
            default:
                return a.GetInt64(f).CompareTo(b.GetInt64(f));
        }
    }

    /// <summary>UTF-8 byte order (the order strings compare in everywhere else) on UTF-16 strings: code point by code point.</summary>
    private static int CompareCodePoints(string a, string b)
    {
        int i = 0;
        int j = 0;
        while (i < a.Length && j < b.Length)
        {
            Rune.DecodeFromUtf16(a.AsSpan(i), out Rune x, out int usedA);
            Rune.DecodeFromUtf16(b.AsSpan(j), out Rune y, out int usedB);
            if (x.Value != y.Value)
            {
                return x.Value.CompareTo(y.Value);
            }

            i += usedA;
            j += usedB;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static void Copy(SqlType type, StateRow from, StateRow into, int f)
    {
        switch (type.Kind)
        {
            case SqlTypeKind.Varchar: into.SetString(f, from.GetString(f)); break;
            case SqlTypeKind.Float or SqlTypeKind.Double: into.SetDouble(f, from.GetDouble(f)); break;
            case SqlTypeKind.Decimal: into.SetDecimal(f, from.GetDecimal(f)); break;
            default: into.SetInt64(f, from.GetInt64(f)); break;
        }
    }
}
