using VecFlow.State.Serialization;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>STDDEV / VARIANCE of FLOAT/DOUBLE in DOUBLE: count and compensated sums of x - K and (x - K)^2 for a per-group shift K.</summary>
/// <remarks>
/// Welford's running mean cannot take rows back out reliably; shifted sums can (subtract what was added), and the
/// shift - the group's first value - keeps them small against the spread, which is what makes sum-of-squares
/// formulas lose digits otherwise. The shift is chosen again whenever a group's count returns to zero.
/// </remarks>
internal sealed class GroupDoubleMomentsAccumulator(SqlType inputType, VarianceKind kind)
    : GroupAccumulator([SqlType.BigInt, SqlType.Double, SqlType.Double, SqlType.Double, SqlType.Double, SqlType.Double], SqlType.Double)
{
    private long[] _counts = [];
    private double[] _shifts = [];
    private CompensatedSum[] _sums = [];
    private CompensatedSum[] _squares = [];

    public override void Initialize(StateRow acc)
    {
        acc.SetInt64(Offset, 0);
        for (int f = 1; f < StateTypes.Count; f++)
        {
            acc.SetDouble(Offset + f, 0);
        }
    }

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        int groups = input.GroupCount;
        GroupDeltas.Reset(ref _counts, groups);
        GroupDeltas.Reset(ref _sums, groups);
        GroupDeltas.Reset(ref _squares, groups);
        GroupDeltas.Reset(ref _shifts, groups);
        for (int g = 0; g < groups; g++)
        {
            _shifts[g] = accs[g].GetInt64(Offset) > 0 ? accs[g].GetDouble(Offset + 1) : double.NaN;
        }

        ReadOnlySpan<int> rows = input.Rows;
        ReadOnlySpan<int> rowGroups = input.Groups;
        ReadOnlySpan<int> weights = input.Weights;
        ReadOnlySpan<float> floats = inputType.Kind == SqlTypeKind.Float ? input.Values!.Values<float>() : default;
        ReadOnlySpan<double> doubles = inputType.Kind == SqlTypeKind.Float ? default : input.Values!.Values<double>();
        for (int i = 0; i < rows.Length; i++)
        {
            int g = rowGroups[i];
            double x = floats.IsEmpty ? doubles[rows[i]] : floats[rows[i]];
            if (double.IsNaN(_shifts[g]))
            {
                _shifts[g] = x;
            }

            double d = x - _shifts[g];
            _counts[g] += weights[i];
            _sums[g].Add(weights[i] * d);
            _squares[g].Add(weights[i] * d * d);
        }

        for (int g = 0; g < groups; g++)
        {
            if (_counts[g] == 0 && _sums[g].Sum == 0 && _squares[g].Sum == 0)
            {
                continue;
            }

            StateRow acc = accs[g];
            long count = acc.GetInt64(Offset) + _counts[g];
            var sum = new CompensatedSum { Sum = acc.GetDouble(Offset + 2), Compensation = acc.GetDouble(Offset + 3) };
            var squares = new CompensatedSum { Sum = acc.GetDouble(Offset + 4), Compensation = acc.GetDouble(Offset + 5) };
            sum.Add(_sums[g]);
            squares.Add(_squares[g]);
            if (count == 0)
            {
                Initialize(acc);
                continue;
            }

            acc.SetInt64(Offset, count);
            acc.SetDouble(Offset + 1, _shifts[g]);
            acc.SetDouble(Offset + 2, sum.Sum);
            acc.SetDouble(Offset + 3, sum.Compensation);
            acc.SetDouble(Offset + 4, squares.Sum);
            acc.SetDouble(Offset + 5, squares.Compensation);
        }
    }

    public override void WriteResult(StateRow acc, StateRow result, int field)
    {
        long count = acc.GetInt64(Offset);
        if (count <= 0)
        {
            result.SetNull(field);
            return;
        }

        double sum = acc.GetDouble(Offset + 2) + acc.GetDouble(Offset + 3);
        double squares = acc.GetDouble(Offset + 4) + acc.GetDouble(Offset + 5);
        double m2 = Math.Max(0, squares - (sum * sum / count));
        if (kind.TryFinish(count, m2, out double value))
        {
            result.SetDouble(field, value);
        }
        else
        {
            result.SetNull(field);
        }
    }
}
