using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Serialization;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>A DISTINCT aggregate: counts rows per (group, value) and feeds the inner accumulator only when a value appears or disappears.</summary>
/// <remarks>The counts live in a <see cref="SharedDistinctCounts"/> shared by every DISTINCT call over the same argument column.</remarks>
internal sealed class GroupDistinctAccumulator : GroupAccumulator
{
    private readonly GroupAccumulator _inner;
    private readonly SharedDistinctCounts _counts;
    private readonly int _member;

    public GroupDistinctAccumulator(GroupAccumulator inner, SharedDistinctCounts counts)
        : base(inner.StateTypes, inner.ResultType)
    {
        _inner = inner;
        _counts = counts;
        _member = counts.Join(this);
    }

    public override void Open(IKeyedStateBackend backend, StateTtl? ttl)
    {
        // The shared counts open once, with their first member.
        if (_member == 0)
        {
            _counts.Open(backend, ttl);
        }

        _inner.Open(backend, ttl);
    }

    public override void Initialize(StateRow acc)
    {
        _inner.Offset = Offset;
        _inner.Initialize(acc);
    }

    public override void Update(GroupAccumulatorInput input, StateRow[] accs) => _counts.Collect(_member, input, accs);

    /// <summary>Folds the rows where a value appeared (+1) or disappeared (-1) for this call into the inner accumulator.</summary>
    public void AddEvents(GroupAccumulatorInput events, StateRow[] accs)
    {
        _inner.Offset = Offset;
        _inner.Update(events, accs);
    }

    public override void WriteResult(StateRow acc, StateRow result, int field)
    {
        _inner.Offset = Offset;
        _inner.WriteResult(acc, result, field);
    }

    public override void Close()
    {
        if (_member == 0)
        {
            _counts.Close();
        }

        _inner.Close();
    }

    public override void Clear(EncodedKeys keys)
    {
        if (_member == 0)
        {
            _counts.Clear(keys);
        }

        _inner.Clear(keys);
    }
}
