using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>COUNT(*) and COUNT(x): the net number of counted rows.</summary>
internal sealed class GroupCountAccumulator() : GroupAccumulator([SqlType.BigInt], SqlType.BigInt)
{
    private long[] _delta = [];

    public override void Initialize(StateRow acc) => acc.SetInt64(Offset, 0);

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        int groups = input.GroupCount;
        GroupDeltas.Reset(ref _delta, groups);
        ReadOnlySpan<int> rowGroups = input.Groups;
        ReadOnlySpan<int> weights = input.Weights;
        for (int i = 0; i < rowGroups.Length; i++)
        {
            _delta[rowGroups[i]] += weights[i];
        }

        for (int g = 0; g < groups; g++)
        {
            if (_delta[g] != 0)
            {
                accs[g].SetInt64(Offset, accs[g].GetInt64(Offset) + _delta[g]);
            }
        }
    }

    public override void WriteResult(StateRow acc, StateRow result, int field) => result.SetInt64(field, acc.GetInt64(Offset));
}
