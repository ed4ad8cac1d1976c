using VecFlow.Engine.Planning.Logical;

namespace VecFlow.Engine.Execution;

/// <summary>Prints the physical operators a batch job will run, as EXPLAIN shows them.</summary>
public static class PhysicalPlanText
{
    public static string Of(LogicalNode plan)
    {
        var text = new System.Text.StringBuilder();
        Write(plan, 0);
        return text.ToString();

        void Write(LogicalNode node, int depth)
        {
            string description = node switch
            {
                ScanNode or ValuesNode or UnionNode or SinkNode => node.Describe(),
                FilterNode or ProjectNode => "Calc: " + node.Describe(),
                _ => PhysicalOperators.Describe(node),
            };
            text.Append(' ', depth * 2).Append(description).Append('\n');
            foreach (LogicalNode input in node.Inputs)
            {
                Write(input, depth + 1);
            }
        }
    }
}
