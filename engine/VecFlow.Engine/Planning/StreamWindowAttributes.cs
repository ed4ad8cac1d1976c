using VecFlow.Engine.Operators;
using VecFlow.Engine.Operators.Streaming;
using VecFlow.Engine.Operators.Window;
using VecFlow.Engine.Planning.Logical;
using VecFlow.Vector.Expressions;

namespace VecFlow.Engine.Planning;

/// <summary>A window property a column of a streaming plan still carries: which property, of which window function.</summary>
/// <param name="Property">window_start, window_end or window_time.</param>
/// <param name="Window">The window function (kind, size, step, offset; its time column set to 0, so equal windows compare equal).</param>
public sealed record StreamWindowColumn(StreamWindowProperty Property, WindowTableFunction Window);

/// <summary>Which output columns of a streaming plan are window attributes (Flink's window-attribute propagation).</summary>
/// <remarks>
/// A window table function's window_start / window_end / window_time, and the window keys of a streaming window
/// aggregate, are attributes; a plain column reference in a projection and a filter keep them; a window join keeps both
/// sides'. Anything computed from them, and every other operator, drops them: the value is then a plain TIMESTAMP. A
/// window step downstream (an aggregate grouped by window_start and window_end, a join on them) is planned as a window
/// step only over attributes, because only then do rows of one window arrive before the watermark passes its end.
/// </remarks>
public static class StreamWindowAttributes
{
    /// <summary>One entry per output column of <paramref name="node"/>: its window attribute, or null for a plain column.</summary>
    public static IReadOnlyList<StreamWindowColumn?> Of(LogicalNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case StreamWindowAggregateNode aggregate:
                {
                    WindowTableFunction window = Normalize(aggregate.Window);
                    return [.. aggregate.Keys.Select(k => k.Property == StreamWindowProperty.Column ? null : new StreamWindowColumn(k.Property, window)),
                            .. aggregate.Calls.Select(_ => (StreamWindowColumn?)null)];
                }

            case WindowTableNode table:
                {
                    var window = new WindowTableFunction(table.Kind, 0, table.SizeMillis, table.StepMillis, table.OffsetMillis);
                    return [.. Enumerable.Repeat<StreamWindowColumn?>(null, table.Input.Schema.Count),
                            new StreamWindowColumn(StreamWindowProperty.WindowStart, window),
                            new StreamWindowColumn(StreamWindowProperty.WindowEnd, window),
                            new StreamWindowColumn(StreamWindowProperty.WindowTime, window)];
                }

            case ProjectNode project:
                {
                    IReadOnlyList<StreamWindowColumn?> input = Of(project.Input);
                    return [.. project.Expressions.Select(e => e is ColumnRef c ? input[c.Index] : null)];
                }

            case FilterNode filter:
                return Of(filter.Input);
            case StreamWindowJoinNode join:
                {
                    // The padded side of an outer join has NULL windows: those columns are plain values.
                    IReadOnlyList<StreamWindowColumn?> left = join.Kind is JoinKind.Right or JoinKind.Full ? Plain(join.Left) : Of(join.Left);
                    return join.Kind switch
                    {
                        JoinKind.Semi or JoinKind.Anti => left,
                        JoinKind.Left or JoinKind.Full => [.. left, .. Plain(join.Right)],
                        _ => [.. left, .. Of(join.Right)],
                    };
                }

            default:
                return Plain(node);
        }
    }

    private static StreamWindowColumn?[] Plain(LogicalNode node) => [.. Enumerable.Repeat<StreamWindowColumn?>(null, node.Schema.Count)];

    private static WindowTableFunction Normalize(WindowTableFunction window) => window with { TimeColumn = 0 };
}
