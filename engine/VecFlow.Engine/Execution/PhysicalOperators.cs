using VecFlow.Engine.Planning.Logical;
using VecFlow.Engine.Runtime;

namespace VecFlow.Engine.Execution;

/// <summary>An operator chosen for a plan node, and which node input feeds each operator input (in feeding order).</summary>
public sealed record PhysicalOperator(IBatchOperator Operator, IReadOnlyList<int> Feeds, string Description);

/// <summary>Chooses the physical operator for each blocking or multi-input logical node.</summary>
public static class PhysicalOperators
{
    public static PhysicalOperator Create(LogicalNode node) => node switch
    {
        _ => throw new NotSupportedException($"Not supported yet in batch mode: {node.Describe()}"),
    };

    /// <summary>The operator chosen for a node, described for EXPLAIN.</summary>
    public static string Describe(LogicalNode node) => node switch
    {
        _ => node.Describe(),
    };
}
