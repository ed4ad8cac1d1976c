using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// The local phase of a two-phase (local-global) streaming aggregate: each input batch's rows folded per key into
/// one partial row, before the exchange; output is the keys, then one partial column per call.
/// </summary>
/// <remarks>Planned only over an insert-only input (see <see cref="Planning.LocalGlobalAggregateRule"/>); it keeps no state.</remarks>
public sealed record LocalAggregateNode(LogicalNode Input, IReadOnlyList<int> Keys, IReadOnlyList<AggregateCall> Calls) : LogicalNode
{
    public override RowSchema Schema => Partial.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    /// <summary>The same grouping as an aggregate node, which the local phase computes one batch at a time.</summary>
    public AggregateNode Partial => new(Input, Keys, Calls);

    public override string Describe() => "Local" + Partial.Describe();

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}
