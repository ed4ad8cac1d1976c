using VecFlow.State.Backends;
using VecFlow.State.Descriptors;
using VecFlow.State.Encoding;
using VecFlow.State.Serialization;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>The retractable accumulator of one aggregate call: its fields in a group's accumulator row, folding, result.</summary>
/// <remarks>
/// A group's accumulators live in one <see cref="StateRow"/> (one value-state entry per group key); each call owns
/// <see cref="StateTypes"/>.Count fields from <see cref="Offset"/> on. <see cref="Update"/> folds a whole batch: it
/// accumulates per-group deltas over the rows first, then touches each group's row once.
/// </remarks>
internal abstract class GroupAccumulator(IReadOnlyList<SqlType> stateTypes, SqlType resultType)
{
    /// <summary>The types of this call's fields in the accumulator row.</summary>
    public IReadOnlyList<SqlType> StateTypes { get; } = stateTypes;

    /// <summary>The type of <see cref="WriteResult"/>'s value: the batch kernels' result type, cast to the call's type on output.</summary>
    public SqlType ResultType { get; } = resultType;

    /// <summary>The first of this call's fields in the accumulator row.</summary>
    public int Offset { get; set; }

    /// <summary>Gets keyed states beyond the accumulator row (value maps for MIN/MAX and DISTINCT).</summary>
    public virtual void Open(IKeyedStateBackend backend, StateTtl? ttl)
    {
    }

    /// <summary>Sets this call's fields of a new group's row to the empty accumulator.</summary>
    public abstract void Initialize(StateRow acc);

    /// <summary>Folds the rows of <paramref name="input"/> into the rows of their groups.</summary>
    public abstract void Update(GroupAccumulatorInput input, StateRow[] accs);

    /// <summary>Writes the current result (of <see cref="ResultType"/>, NULL for no rows) into field <paramref name="field"/> of <paramref name="result"/>.</summary>
    public abstract void WriteResult(StateRow acc, StateRow result, int field);

    /// <summary>Drops the extra state of group keys whose last row was retracted.</summary>
    public virtual void Clear(EncodedKeys keys)
    {
    }

    /// <summary>Releases batch scratch held across batches (the operator is closing).</summary>
    public virtual void Close()
    {
    }
}
