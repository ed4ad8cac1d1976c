using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Schema;
using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Planning.Logical;

/// <summary>A window table function: appends window_start, window_end and window_time, one row per window a row falls in.</summary>
/// <param name="Input">The rows to assign.</param>
/// <param name="Kind">TUMBLE, HOP or CUMULATE.</param>
/// <param name="TimeColumn">The TIMESTAMP(3) input column the windows are over.</param>
/// <param name="SizeMillis">Window size.</param>
/// <param name="StepMillis">HOP slide or CUMULATE step; equal to the size for TUMBLE.</param>
/// <param name="OffsetMillis">Shift of window boundaries from the epoch.</param>
public sealed record WindowTableNode(LogicalNode Input, WindowKind Kind, int TimeColumn, long SizeMillis, long StepMillis, long OffsetMillis) : LogicalNode
{
    public override RowSchema Schema => new([
        .. Input.Schema.Fields,
        new Field("window_start", SqlType.Timestamp.WithNullable(false)),
        new Field("window_end", SqlType.Timestamp.WithNullable(false)),
        new Field("window_time", Input.Schema[TimeColumn].Type.WithNullable(false)),
    ]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"WindowTable({Kind.ToString().ToUpperInvariant()}(time_col=[{Input.Schema[TimeColumn].Name}], size=[{SizeMillis} ms]{(Kind == WindowKind.Tumble ? string.Empty : $", step=[{StepMillis} ms]")}{(OffsetMillis != 0 ? $", offset=[{OffsetMillis} ms]" : string.Empty)}))";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}

/// <summary>ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...), keeping ranks RankStart..RankEnd (TopN, deduplication).</summary>
public sealed record RankNode(LogicalNode Input, IReadOnlyList<int> PartitionKeys, IReadOnlyList<SortKey> OrderKeys, long RankStart, long RankEnd, bool OutputRank, string RankName) : LogicalNode
{
    public override RowSchema Schema => OutputRank ? new([.. Input.Schema.Fields, new Field(RankName, SqlType.BigInt.WithNullable(false))]) : Input.Schema;

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"Rank(partitionBy=[{string.Join(", ", PartitionKeys.Select(k => Input.Schema[k].Name))}], orderBy=[{string.Join(", ", OrderKeys.Select(k => $"{Input.Schema[k.Column].Name} {(k.Descending ? "DESC" : "ASC")}"))}], rank=[{RankStart}..{(RankEnd == long.MaxValue ? "" : RankEnd)}]{(OutputRank ? $", output=[{RankName}]" : string.Empty)})";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}

/// <summary>How far an OVER window reaches back from the current row.</summary>
/// <param name="Rows">True for ROWS frames, false for RANGE frames.</param>
/// <param name="Preceding">Rows (or order-key distance for RANGE) before the current row; null for UNBOUNDED PRECEDING.</param>
public sealed record OverFrameSpec(bool Rows, long? Preceding);

/// <summary>One OVER aggregate: a function, its argument column, the frame, the output column.</summary>
/// <remarks>
/// Function is null for the non-aggregate window functions, named by RankingFunction (ROW_NUMBER, RANK, DENSE_RANK,
/// LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTILE). Offset is LAG / LEAD's distance or NTILE's bucket count; Default is the
/// input column holding LAG / LEAD's default value.
/// </remarks>
public sealed record OverAggregate(AggregateFunction? Function, string RankingFunction, int? Argument, SqlType ResultType, string Name, OverFrameSpec Frame, long Offset = 1, int? Default = null);

/// <summary>OVER aggregates sharing one PARTITION BY / ORDER BY; appends one column per aggregate.</summary>
public sealed record OverNode(LogicalNode Input, IReadOnlyList<int> PartitionKeys, IReadOnlyList<SortKey> OrderKeys, IReadOnlyList<OverAggregate> Aggregates) : LogicalNode
{
    public override RowSchema Schema => new([.. Input.Schema.Fields, .. Aggregates.Select(a => new Field(a.Name, a.ResultType))]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    public override string Describe() =>
        $"Over(partitionBy=[{string.Join(", ", PartitionKeys.Select(k => Input.Schema[k].Name))}], orderBy=[{string.Join(", ", OrderKeys.Select(k => Input.Schema[k.Column].Name))}], select=[{string.Join(", ", Aggregates.Select(a => $"{(a.Function?.ToString().ToUpperInvariant() ?? a.RankingFunction)}({(a.Argument is { } x ? Input.Schema[x].Name : string.Empty)}) AS {a.Name}"))}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };
}
