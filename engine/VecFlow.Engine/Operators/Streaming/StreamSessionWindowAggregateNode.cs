using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// An aggregate over SESSION windows, planned for streaming: the rows of <see cref="Input"/> are cut into sessions per
/// plain key (rows at most <see cref="GapMillis"/> apart share a session) and aggregated per (key, session); a session
/// is emitted once, insert-only, when the watermark passes its end.
/// </summary>
/// <remarks>
/// <c>Planning.StreamSessionWindowAggregateRule</c> builds it from the batch plan's
/// <c>Aggregate(Project?(Filter*(SessionWindow(x))))</c> whose plain keys are the session's partition keys. Its schema
/// equals that aggregate's: the keys in <see cref="Keys"/> order, then one column per call. The runtime
/// hash-partitions its input on <see cref="PartitionKeys"/> (a global exchange when there are none).
/// </remarks>
/// <param name="Input">The rows: the time attribute, the plain keys, aggregate arguments and filters.</param>
/// <param name="TimeColumn">The TIMESTAMP(3) column of <paramref name="Input"/> the sessions are over.</param>
/// <param name="GapMillis">Rows further apart than this start a new session.</param>
/// <param name="Keys">The group keys in output order (the partition keys, window_start, window_end, window_time).</param>
/// <param name="Calls">The aggregates, over columns of <paramref name="Input"/>.</param>
public sealed record StreamSessionWindowAggregateNode(LogicalNode Input, int TimeColumn, long GapMillis, IReadOnlyList<StreamWindowKey> Keys, IReadOnlyList<AggregateCall> Calls) : LogicalNode
{
    public override RowSchema Schema => new([.. Keys.Select(k => k.Output), .. Calls.Select(c => new Field(c.Name, c.ResultType))]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    /// <summary>The input columns of the plain keys: sessions are cut per these, and the exchange hashes them.</summary>
    public IReadOnlyList<int> PartitionKeys => [.. Keys.Where(k => k.Property == StreamWindowProperty.Column).Select(k => k.Column)];

    public override string Describe() =>
        $"StreamSessionWindowAggregate(window=[SESSION(time_col=[{Input.Schema[TimeColumn].Name}], gap=[{GapMillis} ms])], group=[{string.Join(", ", Keys.Select(Describe))}], select=[{string.Join(", ", Calls.Select(c => $"{Describe(c)} AS {c.Name}"))}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };

    public bool Equals(StreamSessionWindowAggregateNode? other) =>
        other is not null && Input.Equals(other.Input) && TimeColumn == other.TimeColumn && GapMillis == other.GapMillis && Keys.SequenceEqual(other.Keys) && Calls.SequenceEqual(other.Calls);

    public override int GetHashCode() => HashCode.Combine(Input, TimeColumn, GapMillis, Keys.Count, Calls.Count);

    private string Describe(StreamWindowKey key) => key.Property switch
    {
        StreamWindowProperty.Column => Input.Schema[key.Column].Name,
        StreamWindowProperty.WindowStart => "window_start",
        StreamWindowProperty.WindowEnd => "window_end",
        _ => "window_time",
    };

    private string Describe(AggregateCall c) =>
        $"{(c.Function == Vector.Kernels.AggregateFunction.CountStar ? "COUNT" : c.Function.ToString().ToUpperInvariant())}({(c.Distinct ? "DISTINCT " : string.Empty)}{(c.Argument is { } a ? Input.Schema[a].Name : "*")}){(c.Filter is { } f ? $" FILTER {Input.Schema[f].Name}" : string.Empty)}";
}
