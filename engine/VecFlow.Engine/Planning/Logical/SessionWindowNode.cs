using VecFlow.Engine.Schema;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Logical;

/// <summary>SESSION windows: appends window_start, window_end and window_time to every row, sessions cut per partition key.</summary>
/// <param name="Input">The rows to assign.</param>
/// <param name="PartitionKeys">Input columns whose values have separate sessions (PARTITION BY, or a legacy window's other GROUP BY keys).</param>
/// <param name="TimeColumn">The TIMESTAMP(3) input column the sessions are over.</param>
/// <param name="GapMillis">Rows further apart than this start a new session.</param>
public sealed record SessionWindowNode(LogicalNode Input, IReadOnlyList<int> PartitionKeys, int TimeColumn, long GapMillis) : LogicalNode
{
    public override RowSchema Schema => new([
        .. Input.Schema.Fields,
        new Field("window_start", SqlType.Timestamp.WithNullable(false)),
        new Field("window_end", SqlType.Timestamp.WithNullable(false)),
        new Field("window_time", Input.Schema[TimeColumn].Type.WithNullable(false)),
    ]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"SessionWindow(partitionBy=[{string.Join(", ", PartitionKeys.Select(k => Input.Schema[k].Name))}], time_col=[{Input.Schema[TimeColumn].Name}], gap=[{GapMillis} ms])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}
