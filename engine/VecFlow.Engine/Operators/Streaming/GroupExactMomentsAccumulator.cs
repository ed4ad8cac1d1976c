using System.Numerics;
using VecFlow.State.Serialization;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>STDDEV / VARIANCE of integers (exact, truncated to the input type) or DECIMAL (DOUBLE): count, sum and sum of squares in Int128.</summary>
/// <remarks>
/// Exact moments retract exactly, so the result depends only on the rows present. DECIMAL uses unscaled values; a sum
/// of squares beyond Int128 raises an overflow error, never a wrong answer.
/// </remarks>
internal sealed class GroupExactMomentsAccumulator(SqlType inputType, VarianceKind kind)
    : GroupAccumulator(
        [SqlType.BigInt, SqlType.Decimal(SqlType.MaxDecimalPrecision, 0), SqlType.Decimal(SqlType.MaxDecimalPrecision, 0)],
        inputType.Kind == SqlTypeKind.Decimal ? SqlType.Double : inputType.WithNullable(true))
{
    private long[] _counts = [];
    private Int128[] _sums = [];
    private Int128[] _squares = [];

    public override void Initialize(StateRow acc)
    {
        acc.SetInt64(Offset, 0);
        acc.SetDecimal(Offset + 1, 0);
        acc.SetDecimal(Offset + 2, 0);
    }

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        int groups = input.GroupCount;
        GroupDeltas.Reset(ref _counts, groups);
        GroupDeltas.Reset(ref _sums, groups);
        GroupDeltas.Reset(ref _squares, groups);
        try
        {
            switch (inputType.Kind)
            {
                case SqlTypeKind.TinyInt: Fold(input.Values!.Values<sbyte>(), input); break;
                case SqlTypeKind.SmallInt: Fold(input.Values!.Values<short>(), input); break;
                case SqlTypeKind.Int: Fold(input.Values!.Values<int>(), input); break;
                case SqlTypeKind.BigInt: Fold(input.Values!.Values<long>(), input); break;
                default: Fold(input.Values!.Values<Int128>(), input); break;
            }

            checked
            {
                for (int g = 0; g < groups; g++)
                {
                    if (_counts[g] != 0 || _sums[g] != 0 || _squares[g] != 0)
                    {
                        StateRow acc = accs[g];
                        acc.SetInt64(Offset, acc.GetInt64(Offset) + _counts[g]);
                        acc.SetDecimal(Offset + 1, acc.GetDecimal(Offset + 1) + _sums[g]);
                        acc.SetDecimal(Offset + 2, acc.GetDecimal(Offset + 2) + _squares[g]);
                    }
                }
            }
        }
        catch (OverflowException)
        {
            throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, 0, $"{kind.Name}: the sum of squares of a group's {inputType} values exceeds 2^127");
        }
    }

    public override void WriteResult(StateRow acc, StateRow result, int field)
    {
        long count = acc.GetInt64(Offset);
        Int128 sum = acc.GetDecimal(Offset + 1);
        Int128 squares = acc.GetDecimal(Offset + 2);
        if (inputType.Kind == SqlTypeKind.Decimal)
        {
            long divisor = kind.Sample ? count - 1 : count;
            if (divisor <= 0)
            {
                result.SetNull(field);
                return;
            }

            BigInteger numerator = (new BigInteger(count) * (BigInteger)squares) - ((BigInteger)sum * (BigInteger)sum);
            double scale = (double)DecimalArithmetic.Pow10(inputType.Scale);
            double variance = Math.Max(0, (double)numerator / ((double)count * divisor) / scale / scale);
            result.SetDouble(field, kind.SquareRoot ? Math.Sqrt(variance) : variance);
            return;
        }

        if (!kind.TryFinishExact(count, sum, squares, out BigInteger value))
        {
            result.SetNull(field);
            return;
        }

        long min = inputType.Kind switch { SqlTypeKind.TinyInt => sbyte.MinValue, SqlTypeKind.SmallInt => short.MinValue, SqlTypeKind.Int => int.MinValue, _ => long.MinValue };
        long max = inputType.Kind switch { SqlTypeKind.TinyInt => sbyte.MaxValue, SqlTypeKind.SmallInt => short.MaxValue, SqlTypeKind.Int => int.MaxValue, _ => long.MaxValue };
        if (value < min || value > max)
        {
            throw new SqlRuntimeException(SqlErrorKind.ArithmeticOverflow, 0, $"{kind.Name} is {value}, outside {ResultType}");
        }

        result.SetInt64(field, (long)value);
    }

    private void Fold<T>(ReadOnlySpan<T> values, GroupAccumulatorInput input)
        where T : unmanaged, IBinaryInteger<T>
    {
        ReadOnlySpan<int> rows = input.Rows;
        ReadOnlySpan<int> groups = input.Groups;
        ReadOnlySpan<int> weights = input.Weights;
        checked
        {
            for (int i = 0; i < rows.Length; i++)
            {
                int g = groups[i];
                Int128 v = Int128.CreateTruncating(values[rows[i]]);
                _counts[g] += weights[i];
                _sums[g] += weights[i] > 0 ? v : -v;
                Int128 square = v * v;
                _squares[g] += weights[i] > 0 ? square : -square;
            }
        }
    }
}
