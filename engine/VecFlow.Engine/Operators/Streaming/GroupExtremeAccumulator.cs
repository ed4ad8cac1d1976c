using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>MIN or MAX with retractions: the current extreme in the accumulator row, every value's count in a map state.</summary>
/// <remarks>
/// Additions only compare with the current extreme. When a batch takes the last row of the current extreme away, the
/// group's value map - ordered by SQL value - is scanned once for its new first (MIN) or last (MAX) entry.
/// </remarks>
internal sealed class GroupExtremeAccumulator(SqlType inputType, bool max, string stateName)
    : GroupAccumulator([inputType.WithNullable(true)], inputType.WithNullable(true))
{
    private readonly GroupValueCounts _counts = new(stateName, inputType);
    private byte[]?[] _best = [];
    private byte[]?[] _current = [];
    private bool[] _removed = [];
    private bool[] _touched = [];

    public override void Open(IKeyedStateBackend backend, StateTtl? ttl) => _counts.Open(backend, ttl);

    public override void Initialize(StateRow acc) => acc.SetNull(Offset);

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        _counts.Update(input);
        if (_counts.Count == 0)
        {
            return;
        }

        int groups = input.GroupCount;
        GroupDeltas.Reset(ref _best, groups);
        GroupDeltas.Reset(ref _current, groups);
        GroupDeltas.Reset(ref _removed, groups);
        GroupDeltas.Reset(ref _touched, groups);
        ReadOnlySpan<int> pairGroups = _counts.Groups;
        ReadOnlySpan<long> counts = _counts.NewCounts;
        ReadOnlySpan<byte[]> values = _counts.Values;
        for (int p = 0; p < pairGroups.Length; p++)
        {
            int g = pairGroups[p];
            if (!_touched[g])
            {
                _touched[g] = true;
                _current[g] = accs[g].IsNull(Offset) ? null : OrderedValueCodec.Encode(accs[g], Offset, inputType);
            }

            if (counts[p] > 0)
            {
                if (_best[g] is null || Better(values[p], _best[g]!))
                {
                    _best[g] = values[p];
                }
            }
            else if (_current[g] is { } current && values[p].AsSpan().SequenceEqual(current))
            {
                _removed[g] = true;
            }
        }

        for (int g = 0; g < groups; g++)
        {
            if (!_touched[g])
            {
                continue;
            }

            if (_removed[g])
            {
                Rescan(input.GroupKeys, g, accs[g]);
            }
            else if (_best[g] is { } best && (_current[g] is null || Better(best, _current[g]!)))
            {
                OrderedValueCodec.Decode(best, accs[g], Offset, inputType);
            }
        }
    }

    public override void WriteResult(StateRow acc, StateRow result, int field) => StateRowColumns.Copy(acc, Offset, result, field, inputType);

    public override void Clear(EncodedKeys keys) => _counts.Clear(keys);

    private bool Better(ReadOnlySpan<byte> candidate, ReadOnlySpan<byte> than)
    {
        int order = candidate.SequenceCompareTo(than);
        return max ? order > 0 : order < 0;
    }

    private void Rescan(EncodedKeys keys, int group, StateRow acc)
    {
        IReadOnlyList<KeyValuePair<byte[], long>> entries = _counts.Entries(keys, group);
        if (entries.Count == 0)
        {
            acc.SetNull(Offset);
            return;
        }

        OrderedValueCodec.Decode(max ? entries[^1].Key : entries[0].Key, acc, Offset, inputType);
    }
}
