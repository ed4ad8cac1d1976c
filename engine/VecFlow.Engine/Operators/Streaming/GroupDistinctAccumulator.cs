using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>A DISTINCT aggregate: counts rows per (group, value) in a map state and feeds the inner accumulator only when a value appears or disappears.</summary>
internal sealed class GroupDistinctAccumulator(GroupAccumulator inner, SqlType valueType, string stateName)
    : GroupAccumulator(inner.StateTypes, inner.ResultType)
{
    private readonly GroupValueCounts _counts = new(stateName, valueType);
    private int[] _rows = [];
    private int[] _groups = [];
    private int[] _weights = [];

    public override void Open(IKeyedStateBackend backend, StateTtl? ttl)
    {
        _counts.Open(backend, ttl);
        inner.Open(backend, ttl);
    }

    public override void Initialize(StateRow acc)
    {
        inner.Offset = Offset;
        inner.Initialize(acc);
    }

    public override void Update(GroupAccumulatorInput input, StateRow[] accs)
    {
        _counts.Update(input);
        int pairs = _counts.Count;
        if (_rows.Length < pairs)
        {
            _rows = new int[pairs];
            _groups = new int[pairs];
            _weights = new int[pairs];
        }

        int events = 0;
        for (int p = 0; p < pairs; p++)
        {
            bool before = _counts.OldCounts[p] > 0;
            bool after = _counts.NewCounts[p] > 0;
            if (before != after)
            {
                _rows[events] = _counts.Rows[p];
                _groups[events] = _counts.Groups[p];
                _weights[events] = after ? 1 : -1;
                events++;
            }
        }

        inner.Offset = Offset;
        inner.Update(
            new GroupAccumulatorInput(input.Values, input.GroupIds, input.Mask, _rows.AsSpan(0, events), _groups.AsSpan(0, events), _weights.AsSpan(0, events), input.GroupKeys, input.Pool),
            accs);
    }

    public override void WriteResult(StateRow acc, StateRow result, int field)
    {
        inner.Offset = Offset;
        inner.WriteResult(acc, result, field);
    }

    public override void Clear(EncodedKeys keys)
    {
        _counts.Clear(keys);
        inner.Clear(keys);
    }
}
