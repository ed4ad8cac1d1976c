using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Planning;

/// <summary>Which streaming plans only insert rows and which also update or delete rows they emitted before.</summary>
/// <remarks>
/// A group aggregate updates its result row whenever a key gets a new row; a window aggregate emits each window once
/// when the watermark passes it; stateless steps keep their input's mode. An append-only sink (no PRIMARY KEY) cannot
/// take updates: Flink and VecFlow refuse such a job at planning time rather than write a wrong file.
/// </remarks>
public static class ChangelogMode
{
    /// <summary>True when <paramref name="node"/>'s streaming output contains -U / +U / -D rows.</summary>
    public static bool IsUpdating(LogicalNode node) => node switch
    {
        ScanNode or ValuesNode => false,
        AggregateNode => true,
        JoinNode { Lookup: true } lookup => IsUpdating(lookup.Left),
        RankNode or OverNode or JoinNode { Kind: not Operators.JoinKind.Inner } => true,
        FilterNode or ProjectNode or UnionNode or WindowTableNode or SinkNode or SingleRowNode or JoinNode => node.Inputs.Any(IsUpdating),
        Operators.Streaming.StreamWindowAggregateNode => false,
        _ => node.Inputs.Any(IsUpdating),
    };

    /// <summary>The name of the first operator that makes <paramref name="node"/> updating, for error messages.</summary>
    public static string? UpdatingOperator(LogicalNode node)
    {
        foreach (LogicalNode input in node.Inputs)
        {
            if (UpdatingOperator(input) is { } name)
            {
                return name;
            }
        }

        return IsUpdating(node) && !node.Inputs.Any(IsUpdating) ? Execution.PhysicalOperators.Describe(node).Split('(')[0] : null;
    }
}
