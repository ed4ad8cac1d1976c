using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>SUM or AVG of FLOAT/DOUBLE in DOUBLE: a compensated total and a count; the total restarts at zero when the count does.</summary>
internal sealed class GroupDoubleSumAccumulator(SqlType inputType, bool average)
    : GroupAccumulator([SqlType.BigInt, SqlType.Double, SqlType.Double], SqlType.Double)
{
    private long[] _counts = [];
    private CompensatedSum[] _sums = [];

    public override void Initialize(StateRow acc)
    {
        acc.SetInt64(Offset, 0);
        acc.SetDouble(Offset + 1, 0);
        acc.SetDouble(Offset + 2, 0);
    }

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        int groups = input.GroupCount;
        GroupDeltas.Reset(ref _counts, groups);
        GroupDeltas.Reset(ref _sums, groups);
        ReadOnlySpan<int> rows = input.Rows;
        ReadOnlySpan<int> rowGroups = input.Groups;
        ReadOnlySpan<int> weights = input.Weights;
        if (inputType.Kind == SqlTypeKind.Float)
        {
            ReadOnlySpan<float> values = input.Values!.Values<float>();
            for (int i = 0; i < rows.Length; i++)
            {
                _counts[rowGroups[i]] += weights[i];
                _sums[rowGroups[i]].Add(weights[i] * (double)values[rows[i]]);
            }
        }
        else
        {
            ReadOnlySpan<double> values = input.Values!.Values<double>();
            for (int i = 0; i < rows.Length; i++)
            {
                _counts[rowGroups[i]] += weights[i];
                _sums[rowGroups[i]].Add(weights[i] * values[rows[i]]);
            }
        }

        for (int g = 0; g < groups; g++)
        {
            if (_counts[g] == 0 && _sums[g].Sum == 0 && _sums[g].Compensation == 0)
            {
                continue;
            }

            StateRow acc = accs[g];
            long count = acc.GetInt64(Offset) + _counts[g];
            var total = new CompensatedSum { Sum = acc.GetDouble(Offset + 1), Compensation = acc.GetDouble(Offset + 2) };
            total.Add(_sums[g]);
            if (count == 0)
            {
                // No rows left: drop the rounding residue instead of carrying it into the next rows.
                total = default;
            }

            acc.SetInt64(Offset, count);
            acc.SetDouble(Offset + 1, total.Sum);
            acc.SetDouble(Offset + 2, total.Compensation);
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

        double total = acc.GetDouble(Offset + 1) + acc.GetDouble(Offset + 2);
        result.SetDouble(field, average ? total / count : total);
    }
}
