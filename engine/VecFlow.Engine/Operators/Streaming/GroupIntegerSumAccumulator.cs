using System.Numerics;
using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>SUM (BIGINT) or AVG (the input type, truncated) of TINYINT..BIGINT: an exact Int128 total and a count of non-NULL rows.</summary>
/// <remarks>The total is exact whatever the order of additions and retractions; SUM raises only when the result does not fit BIGINT.</remarks>
internal sealed class GroupIntegerSumAccumulator(SqlType inputType, bool average)
    : GroupAccumulator([SqlType.BigInt, SqlType.Decimal(SqlType.MaxDecimalPrecision, 0)], average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType))
{
    private long[] _counts = [];
    private Int128[] _sums = [];

    public override void Initialize(StateRow acc)
    {
        acc.SetInt64(Offset, 0);
        acc.SetDecimal(Offset + 1, 0);
    }

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        int groups = input.GroupCount;
        GroupDeltas.Reset(ref _counts, groups);
        GroupDeltas.Reset(ref _sums, groups);
        ColumnVector values = input.Values!;
        switch (inputType.FixedWidth)
        {
            case 1: Fold(values.Values<sbyte>(), input); break;
            case 2: Fold(values.Values<short>(), input); break;
            case 4: Fold(values.Values<int>(), input); break;
            default: Fold(values.Values<long>(), input); break;
        }

        for (int g = 0; g < groups; g++)
        {
            if (_counts[g] != 0 || _sums[g] != 0)
            {
                StateRow acc = accs[g];
                acc.SetInt64(Offset, acc.GetInt64(Offset) + _counts[g]);
                acc.SetDecimal(Offset + 1, acc.GetDecimal(Offset + 1) + _sums[g]);
            }
        }
    }

    public override void WriteResult(StateRow acc, StateRow result, int field)
    {
        long count = acc.GetInt64(Offset);
        Int128 sum = acc.GetDecimal(Offset + 1);
        if (count <= 0)
        {
            result.SetNull(field);
        }
        else if (average)
        {
            // The mean of values of the input type lies within that type.
            result.SetInt64(field, (long)(sum / count));
        }
        else if (sum < long.MinValue || sum > long.MaxValue)
        {
            throw new SqlRuntimeException(
                SqlErrorKind.ArithmeticOverflow,
                0,
                $"SUM overflowed BIGINT: the total reaches {sum}, outside {long.MinValue}..{long.MaxValue}; SUM(CAST(x AS DECIMAL(38, 0))) holds larger totals");
        }
        else
        {
            result.SetInt64(field, (long)sum);
        }
    }

    private void Fold<T>(ReadOnlySpan<T> values, GroupAccumulatorInput input)
        where T : unmanaged, IBinaryInteger<T>
    {
        ReadOnlySpan<int> rows = input.Rows;
        ReadOnlySpan<int> groups = input.Groups;
        ReadOnlySpan<int> weights = input.Weights;
        for (int i = 0; i < rows.Length; i++)
        {
            int g = groups[i];
            _counts[g] += weights[i];
            _sums[g] += (Int128)long.CreateTruncating(values[rows[i]]) * weights[i];
        }
    }
}
