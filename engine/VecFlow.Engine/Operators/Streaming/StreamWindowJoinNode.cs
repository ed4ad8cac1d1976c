using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// A join of two windowed inputs on window_start and window_end (Flink's window join), planned for streaming: each
/// side's rows are kept per (join key, window) until the watermark passes the window's end, then the window's rows are
/// joined at once and dropped; the output is insert-only.
/// </summary>
/// <remarks>
/// <c>Planning.StreamWindowJoinRule</c> builds it from a batch <see cref="JoinNode"/> whose equi keys pair the window_start
/// and the window_end attributes of both sides (same window function). Its schema, keys and residual condition are the
/// join's, so a window's rows give exactly the batch join's rows. The runtime hash-partitions each side on its equi keys
/// (window columns included: a window's rows of one key meet on one subtask).
/// </remarks>
/// <param name="Join">The batch join (kind, inputs, equi keys, residual condition).</param>
/// <param name="LeftWindowEnd">The left input's window_end column.</param>
/// <param name="RightWindowEnd">The right input's window_end column.</param>
public sealed record StreamWindowJoinNode(JoinNode Join, int LeftWindowEnd, int RightWindowEnd) : LogicalNode
{
    public LogicalNode Left => Join.Left;

    public LogicalNode Right => Join.Right;

    public JoinKind Kind => Join.Kind;

    public override RowSchema Schema => Join.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Join.Left, Join.Right];

    public override string Describe() =>
        $"StreamWindowJoin(window_end=[{Left.Schema[LeftWindowEnd].Name}, {Right.Schema[RightWindowEnd].Name}], {Join.Describe()[5..]}";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Join = Join with { Left = inputs[0], Right = inputs[1] } };
}
