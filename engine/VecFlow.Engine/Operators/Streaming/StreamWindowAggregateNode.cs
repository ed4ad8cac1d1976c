using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Schema;

namespace VecFlow.Engine.Operators.Streaming;

/// <summary>
/// An aggregate over TUMBLE / HOP / CUMULATE windows, planned for streaming: the rows of <see cref="Input"/> are
/// assigned to windows of <see cref="Window"/> and aggregated per (window, key); a window's rows are emitted once,
/// insert-only, when the watermark passes its end.
/// </summary>
/// <remarks>
/// <c>Planning.StreamWindowAggregateRule</c> builds it from the batch plan's <c>Aggregate(Project?(Filter?(WindowTable(x))))</c>.
/// Its schema equals that aggregate's: the keys in <see cref="Keys"/> order (columns and window properties), then one
/// column per call. The runtime hash-partitions its input on <see cref="PartitionKeys"/> (a global exchange when there
/// are none). When <see cref="Attached"/>, the input already carries windows (the output of an upstream window
/// aggregate or window join): <see cref="Window"/> is that window function and its time column is the input's window_end
/// column, so each row belongs to exactly the window it names (Flink's window aggregate after a window aggregate).
/// </remarks>
/// <param name="Input">The rows before window assignment: the time attribute, the plain keys, aggregate arguments and filters.</param>
/// <param name="Window">The window function; its time column is a column of <paramref name="Input"/>.</param>
/// <param name="Keys">The group keys in output order.</param>
/// <param name="Calls">The aggregates, over columns of <paramref name="Input"/>.</param>
public sealed record StreamWindowAggregateNode(LogicalNode Input, WindowTableFunction Window, IReadOnlyList<StreamWindowKey> Keys, IReadOnlyList<AggregateCall> Calls) : LogicalNode
{
    public override RowSchema Schema => new([.. Keys.Select(k => k.Output), .. Calls.Select(c => new Field(c.Name, c.ResultType))]);

    public override IReadOnlyList<LogicalNode> Inputs => [Input];

    /// <summary>True when the input's rows already name their window: the window time column is their window_end.</summary>
    public bool Attached { get; init; }

    /// <summary>
    /// True when the time column is a processing-time attribute (<c>PROCTIME()</c>): windows fire on the wall clock
    /// instead of the watermark, and a row is counted in the window open when it arrives (it is never late).
    /// </summary>
    public bool ProcessingTime { get; init; }

    /// <summary>The input columns of the plain (non-window) keys: what the exchange in front of the operator hashes.</summary>
    public IReadOnlyList<int> PartitionKeys => [.. Keys.Where(k => k.Property == StreamWindowProperty.Column).Select(k => k.Column)];

    public override string Describe() =>
        $"StreamWindowAggregate(window=[{(Attached ? "ATTACHED " : string.Empty)}{(ProcessingTime ? "PROCTIME " : string.Empty)}{Window.Kind.ToString().ToUpperInvariant()}({(Attached ? "window_end" : "time_col")}=[{Input.Schema[Window.TimeColumn].Name}], size=[{Window.SizeMillis} ms]{(Window.Kind == WindowKind.Tumble ? string.Empty : $", step=[{Window.StepMillis} ms]")}{(Window.OffsetMillis != 0 ? $", offset=[{Window.OffsetMillis} ms]" : string.Empty)})], group=[{string.Join(", ", Keys.Select(Describe))}], select=[{string.Join(", ", Calls.Select(c => $"{Describe(c)} AS {c.Name}"))}])";

    public override LogicalNode WithInputs(IReadOnlyList<LogicalNode> inputs) => this with { Input = inputs[0] };

    public bool Equals(StreamWindowAggregateNode? other) =>
        other is not null && Input.Equals(other.Input) && Window == other.Window && Attached == other.Attached && ProcessingTime == other.ProcessingTime && Keys.SequenceEqual(other.Keys) && Calls.SequenceEqual(other.Calls);

    public override int GetHashCode() => HashCode.Combine(Input, Window, Keys.Count, Calls.Count);

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
