using VecFlow.State.Serialization;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Kernels.Aggregation;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>SUM (DECIMAL(38, s)) or AVG (DECIMAL(38, max(s, 6)), HALF_UP) of DECIMAL: the exact unscaled total and a count.</summary>
internal sealed class GroupDecimalSumAccumulator(SqlType inputType, bool average)
    : GroupAccumulator([SqlType.BigInt, SqlType.Decimal(SqlType.MaxDecimalPrecision, inputType.Scale)], average ? AggregateKernels.AvgType(inputType) : AggregateKernels.SumType(inputType))
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
        ReadOnlySpan<Int128> values = input.Values!.Values<Int128>();
        ReadOnlySpan<int> rows = input.Rows;
        ReadOnlySpan<int> rowGroups = input.Groups;
        ReadOnlySpan<int> weights = input.Weights;
        try
        {
            checked
            {
                for (int i = 0; i < rows.Length; i++)
                {
                    int g = rowGroups[i];
                    _counts[g] += weights[i];
                    _sums[g] += weights[i] > 0 ? values[rows[i]] : -values[rows[i]];
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
        }
        catch (OverflowException)
        {
            throw Overflow(average ? "AVG" : "SUM");
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
            result.SetDecimal(field, DecimalArithmetic.TryDivideHalfUp(sum, count, ResultType.Scale - inputType.Scale, out Int128 mean) ? mean : throw Overflow("AVG"));
        }
        else if (sum > DecimalArithmetic.MaxUnscaled || sum < -DecimalArithmetic.MaxUnscaled)
        {
            throw Overflow("SUM");
        }
        else
        {
            result.SetDecimal(field, sum);
        }
    }

    private SqlRuntimeException Overflow(string what) =>
        new(SqlErrorKind.ArithmeticOverflow, 0, $"{what} overflowed DECIMAL(38, {ResultType.Scale}): the result needs more than 38 digits");
}
